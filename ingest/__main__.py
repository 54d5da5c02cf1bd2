"""`python -m ingest [--docs DIR] [--index DIR] [--parse-only]`: parse the corpus, build the index.

Example:
    $ python -m ingest --parse-only
    parsing: 100%|██████████| 5/5 [00:00<00:00, 28.1file/s]
    files 5 · articles 14 · sections 119 · paragraphs 283 · table rows 20 · chunks 314 · 0.2 s
    chunk length (characters): median 140 · max 259
    unreadable files: none

Exits non-zero only when nothing usable was parsed (or, without --parse-only, indexed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest.model import CHUNKER_VERSION
from ingest.pipeline import ParsedCorpus, parse_corpus
from settings import Settings


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_env(docs_dir=args.docs, index_dir=args.index)
    corpus = parse_corpus(settings.docs_dir, progress=True)
    print(summary(corpus))
    if not corpus.chunks:
        print(f"nothing usable found in {settings.docs_dir}; nothing indexed", file=sys.stderr)
        return 1
    if args.parse_only:
        return 0
    from index.build import IngestRunning, build_index  # loads the embedding stack

    try:
        report = build_index(
            corpus.chunks,
            corpus.documents,
            settings,
            chunker_version=CHUNKER_VERSION,
            progress=True,
        )
    except IngestRunning as error:
        print(f"index not built: {error}", file=sys.stderr)
        return 1
    print(
        f"index {report.index_dir}: {report.chunks} chunks of {report.documents} documents"
        f" · {report.embedded} embedded, {report.reused} from cache · {report.seconds:.1f} s"
    )
    return 0


def summary(corpus: ParsedCorpus) -> str:
    """The closing report: counts, chunk sizes and every unreadable file with its reason."""
    stats = corpus.stats
    lines = [
        f"files {stats.get('files', 0)} · articles {stats.get('articles', 0)}"
        f" · sections {stats.get('sections', 0)} · paragraphs {stats.get('paragraphs', 0)}"
        f" · table rows {stats.get('table_rows', 0)} · chunks {stats.get('chunks', 0)}"
        f" · {stats.get('seconds', 0)} s",
        f"chunk length (characters): median {stats.get('median_chunk_chars', 0):g}"
        f" · max {stats.get('max_chunk_chars', 0)}",
    ]
    if corpus.failures:
        lines.append(f"unreadable files ({len(corpus.failures)}):")
        lines += [f"  {name}: {reason}" for name, reason in corpus.failures]
    else:
        lines.append("unreadable files: none")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ingest", description="Parse docs/ into chunks and build the search index."
    )
    parser.add_argument("--docs", type=Path, help="folder of source documents (default: docs/)")
    parser.add_argument("--index", type=Path, help="index folder to write (default: var/index)")
    parser.add_argument(
        "--parse-only", action="store_true", help="parse and report, do not build the index"
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
