"""`python -m bench [--quick] [--only latency,ingest,app,scaling,peer]`: measure, print, save.

Prints the tables to stdout and writes var/bench/bench.json (plus a timestamped copy),
var/bench/scaling.png and var/bench/performance.md, the Markdown block for the README.

Example:
    $ python -m bench --quick --out /tmp/bench
    ── latency, warm (12 questions × 1 passes) ──
    …
    ── targets (medians) ──
    answer p50 (docs/)   ≤ 60 ms   41.2   met
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench.plan import plan_for
from bench.plot import plot_scaling
from bench.report import build_tables, render_markdown, render_text
from bench.steps import STEPS, run
from settings import ROOT, Settings

MEASUREMENTS = tuple(STEPS)


def save(results: dict, out: Path) -> list[Path]:
    """bench.json (latest), bench-<time>.json, performance.md and, with scaling, scaling.png."""
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=1)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    written = [out / "bench.json", out / f"bench-{stamp}.json", out / "performance.md"]
    written[0].write_text(text, encoding="utf-8")
    written[1].write_text(text, encoding="utf-8")
    written[2].write_text(render_markdown(build_tables(results), results), encoding="utf-8")
    if "scaling" in results:
        written.append(plot_scaling(results["scaling"], out / "scaling.png"))
    return written


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure latency, ingest, app start, memory and scaling; compare with the langchain peer.",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: everything once, tiny inputs (numbers not meaningful)",
    )
    p.add_argument(
        "--only",
        default=",".join(MEASUREMENTS),
        help=f"comma-separated subset of {','.join(MEASUREMENTS)}",
    )
    p.add_argument(
        "--index", type=Path, help="built index to measure (default: QA_INDEX_DIR or var/index)"
    )
    p.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    p.add_argument(
        "--sizes", help="scaling sizes, comma-separated (default: 1000,10000,100000,1000000)"
    )
    p.add_argument("--out", type=Path, default=ROOT / "var" / "bench", help="where results go")
    p.add_argument(
        "--fresh",
        action="store_true",
        help="rebuild the synthetic FAISS indexes instead of loading var/bench/cache",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    only = set(args.only.split(","))
    unknown = only - set(MEASUREMENTS)
    if unknown:
        parser().error(f"unknown measurement(s) {sorted(unknown)}; choose from {MEASUREMENTS}")
    settings = Settings.from_env(index_dir=args.index)
    plan = plan_for(args.quick)
    if args.sizes:
        plan = replace(plan, sizes=tuple(int(size) for size in args.sizes.split(",")))
    cache = None if args.fresh else args.out / "cache"
    results = run(settings, args.questions, plan, only, cache)
    given = argv if argv is not None else sys.argv[1:]
    results["command"] = " ".join(["python -m bench", shlex.join(given)]).strip()
    results["quick"] = args.quick
    print(render_text(build_tables(results)))
    for path in save(results, args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
