"""Writes that must outlive a database outage: votes and the query log are accepted at once
into a local spool (one JSON line each, flushed to the disk), then copied into the registry
by a background thread. While the database is unreachable the lines wait and the copy is
retried with a growing pause; once it is back, every accepted line reaches it, once.

Each line carries an id, and every kind applies idempotently by it (a query-log row keeps
the id; a vote replaces the vote on the same answer), so a copy that committed but was not
yet marked done is not counted twice when it is copied again. The
spool is per process (`name`), so replicas never share a file; a process that stopped with
lines pending copies them when it starts again.

Example:
    outbox = Outbox(registry, settings.data_dir / "outbox", "app").start()
    outbox.put("query", {"channel": "api", "question": "…", "refused": False, …})
    outbox.state() -> {"pending": 0, "copied": 1, "retries": 0, "last_error": ""}
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from registry.database import Registry

Apply = Callable[[Session, str, dict, datetime], None]  # (session, entry id, record, at)
BATCH = 200  # lines copied in one transaction
PAUSE_S = (0.2, 0.5, 1.0, 2.0, 5.0)  # between attempts while the database is unreachable
COMPACT_BYTES = 1 << 20  # a fully copied spool is emptied once it is this large


class Outbox:
    def __init__(self, registry: Registry, folder: Path, name: str, kinds: dict[str, Apply]):
        folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name) or "app"
        self.registry = registry
        self.kinds = kinds
        self.spool = folder / f"{safe}.jsonl"
        self.mark = folder / f"{safe}.done"  # byte offset up to which lines are copied
        self.spool.touch()
        self._lock = threading.Lock()  # one writer of the spool at a time
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.copied = 0
        self.retries = 0
        self.last_error = ""

    def put(self, kind: str, record: dict) -> str:
        """Accept one write; returns its id. Raises only when the local disk fails."""
        if kind not in self.kinds:
            raise ValueError(f"unknown write kind {kind!r}")
        entry = uuid.uuid4().hex
        line = {"id": entry, "kind": kind, "at": datetime.now(UTC).isoformat(), "record": record}
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock, self.spool.open("ab") as spool:
            spool.write(data)
            spool.flush()
        self._wake.set()
        return entry

    def _done_at(self) -> int:
        try:
            return int(self.mark.read_text() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def _pending_lines(self) -> tuple[int, list[tuple[int, dict]]]:
        """(offset copied up to, [(offset after line, line)…]) for at most BATCH lines."""
        start = self._done_at()
        lines: list[tuple[int, dict]] = []
        with self.spool.open("rb") as spool:
            spool.seek(start)
            offset = start
            for raw in spool:
                if not raw.endswith(b"\n"):
                    break  # a line still being written
                offset += len(raw)
                try:
                    lines.append((offset, json.loads(raw)))
                except ValueError:  # a torn line from a crash: skipped, never blocks the rest
                    lines.append((offset, {}))
                if len(lines) >= BATCH:
                    break
        return start, lines

    def pending(self) -> int:
        """Lines accepted and not yet in the database."""
        with self.spool.open("rb") as spool:
            spool.seek(self._done_at())
            return sum(1 for raw in spool if raw.endswith(b"\n"))

    def flush(self) -> int:
        """Copy pending lines until none is left; returns how many. Raises SQLAlchemyError
        when the database cannot take them (the lines stay pending)."""
        total = 0
        while True:
            _, lines = self._pending_lines()
            if not lines:
                self._compact()
                return total
            good = [line for _, line in lines if line.get("kind") in self.kinds]
            with self.registry.session() as session:
                for line in good:
                    at = datetime.fromisoformat(line["at"])
                    self.kinds[line["kind"]](session, line["id"], line["record"], at)
            self.mark.write_text(str(lines[-1][0]))
            self.copied += len(good)
            total += len(good)

    def _compact(self) -> None:
        with self._lock:
            size = self.spool.stat().st_size
            if size >= COMPACT_BYTES and self._done_at() == size:
                self.spool.write_bytes(b"")
                self.mark.write_text("0")

    def start(self) -> Outbox:
        """Copy in the background until stop(); returns self."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                self.flush()
                failures, self.last_error = 0, ""
                self._wake.wait(1.0)
            except SQLAlchemyError as error:
                self.retries += 1
                self.last_error = type(error).__name__
                pause = PAUSE_S[min(failures, len(PAUSE_S) - 1)]
                failures += 1
                self._stop.wait(pause)
            self._wake.clear()

    def state(self) -> dict:
        return {
            "pending": self.pending(),
            "copied": self.copied,
            "retries": self.retries,
            "last_error": self.last_error,
        }
