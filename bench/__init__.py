"""Benchmarks: `python -m bench` (or `make bench`) measures, prints a table, saves var/bench/.

One module per measurement, plus the plumbing they share:
    latency.py        warm retrieval and full extractive answer, p50/p95 (worker process)
    ingest_speed.py   cold ingest (parse vs embed) and a second ingest with nothing changed
    app_start.py      `python app.py` until /ask answers; serving RSS
    scaling.py        hybrid retrieval at ~1k…1M chunks, over synthetic.py corpora
    faiss_choice.py   flat vs IVF per size, and the size where flat stops being fast enough
    peer_compare.py   ours vs the plain langchain pipeline (eval/peer.py), as ratios
    steps.py          the run: measurements in order, each adding its section to the results
    plan.py           how much a full run and a --quick run measure
    targets.py        the issue's targets, checked against the medians
    report.py, plot.py  tables (text and Markdown) and the scaling PNG
    child.py, rss.py, stats.py, machine.py  worker processes, peak RSS, spreads, machine facts
"""
