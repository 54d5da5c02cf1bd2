"""From upload to answerable: a member of staff uploads a 20-page .docx in the 管理 area;
how long until the app answers a question only that document answers, from its new index?

Runs the same path as /admin (registry/library.py, admin/reindex.py) over a private copy of
docs/ whose index is built first from the shared embedding cache. Every repeat uploads a
document no run has seen (its text carries the repeat's own numbers, so nothing comes from
the cache), waits for the re-index to swap in, asks, then deletes it again (not timed).

    python -m bench.upload_speed [--repeats 3] [--pages 20] [--out var/bench]
    upload → answerable: 24.1 s (22.8–26.0), 3 runs · 20 pages, 9,960 characters, 71 chunks
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import docx

from admin.reindex import LiveIndex, Reindexer
from bench.stats import show, spread
from index.build import build_index
from ingest.model import CHUNKER_VERSION
from ingest.pipeline import parse_corpus
from registry.database import Registry
from registry.library import DocumentMeta, Library, Upload
from settings import ROOT, Settings

PAGE_CHARS = 500  # a page of a Chinese notice, roughly


def notice(run: int, pages: int, source: list[str]) -> tuple[bytes, str, str]:
    """(.docx bytes, question, expected figure): `pages` pages of policy prose, each
    paragraph tagged with this run's numbers, and one fact found nowhere else."""
    document = docx.Document()
    document.add_heading(f"青岛自贸片区第{run}批海洋装备维修试点实施细则", 1)
    fact_count = 100 + run
    document.add_paragraph(f"第{run}批海洋装备保税维修试点共纳入企业{fact_count}家，试点期限三年。")
    written, number = 0, 0
    while written < pages * PAGE_CHARS:
        number += 1
        text = f"（细则第{run}-{number}条）{source[number % len(source)]}"
        document.add_paragraph(text)
        written += len(text)
    buffer = io.BytesIO()
    document.save(buffer)
    question = f"第{run}批海洋装备保税维修试点共纳入多少家企业？"
    return buffer.getvalue(), question, f"{fact_count}家"


def measure(repeats: int, pages: int) -> dict:
    base = Settings.from_env()
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as scratch:
        root = Path(scratch)
        shutil.copytree(base.docs_dir, root / "docs")
        settings = replace(
            base, docs_dir=root / "docs", index_dir=root / "index", data_dir=root / "var"
        )
        corpus = parse_corpus(settings.docs_dir)
        build_index(corpus.chunks, corpus.documents, settings, chunker_version=CHUNKER_VERSION)
        source = [p.text for p in corpus.chunks if p.kind == "paragraph" and len(p.text) > 80]
        live = LiveIndex(settings)
        jobs = Reindexer(settings, live)
        library = Library(settings, Registry.open(settings))
        seconds, chunks, characters = [], 0, 0
        for run in range(1, repeats + 1):
            data, question, figure = notice(int(time.time()) % 10_000 + run, pages, source)
            meta = DocumentMeta(title=f"海洋装备维修试点实施细则（{run}）", kind="other")
            started = time.perf_counter()
            doc_id = library.upload(Upload("notice.docx", data, meta), actor="bench")
            job = jobs.wait(jobs.submit(f"upload {doc_id}", actor="bench", doc_id=doc_id))
            if job.state != "done":
                raise RuntimeError(f"re-index failed: {job.message}")
            answer = live.assistant.answer(question)
            seconds.append(time.perf_counter() - started)
            if figure not in answer.text:
                raise RuntimeError(f"not answerable after the re-index: {answer.text}")
            own = [c for c in live.index.chunks if c.doc_id == doc_id]
            chunks, characters = len(own), sum(len(c.text) for c in own)
            library.delete(doc_id, actor="bench")
            jobs.wait(jobs.submit(f"delete {doc_id}", actor="bench"))
    return {
        "upload_to_answerable_s": spread(seconds),
        "pages": pages,
        "chunks": chunks,
        "characters": characters,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.upload_speed", description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args(argv)
    result = measure(args.repeats, args.pages)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "upload.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(
        f"upload → answerable: {show(result['upload_to_answerable_s'], 's')}"
        f" · {result['pages']} pages, {result['characters']:,} characters,"
        f" {result['chunks']} chunks"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
