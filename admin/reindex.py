"""Re-index in the background while the app keeps answering from the index it has.

Every change staff make queues a job; one worker thread runs the jobs in order. A job
parses the docs folder (files unchanged since the last job come from memory), builds the
index (the content-hash cache embeds only passages it has not seen, so only a changed
document costs time), loads it, and swaps it into the
LiveIndex in one assignment. A failed job leaves the previous index answering and says why.

Example:
    live = LiveIndex(settings)                       # loads var/index once
    jobs = Reindexer(settings, live)
    job = jobs.submit("upload", "tongzhi-3f2a1c.docx", actor="wang")
    jobs.get(job.id).state -> "queued" | "running" | "done" | "failed"
"""

from __future__ import annotations

import itertools
import json
import queue
import threading
import time
from dataclasses import dataclass, field

from answer.assistant import Assistant
from answer.prompts import wording
from index.store import PolicyIndex
from registry.errors import StaffError
from settings import Settings

JOBS_KEPT = 50


WATCH_S = 2.0  # how often a replica looks for a newly published index


def _stamp(manifest: dict) -> str:
    """What identifies a build: its whole manifest (build time, counts, versions)."""
    return json.dumps(manifest, sort_keys=True)


@dataclass(frozen=True)
class Serving:
    """What one request answers from: an index and its assistant, never half of each."""

    index: PolicyIndex
    assistant: Assistant


class LiveIndex:
    """The index the app serves; `serving` is replaced whole by a finished re-index, or,
    with watch(), when another process (another replica, `python -m ingest`) publishes a
    new build into the shared index folder."""

    def __init__(self, settings: Settings, index: PolicyIndex | None = None) -> None:
        self.settings = settings
        index = index or PolicyIndex.load(settings)
        self.serving = Serving(index, Assistant(index, settings))
        self.generation = 1
        self._stamp = _stamp(index.manifest)
        self._swapping = threading.Lock()

    @property
    def index(self) -> PolicyIndex:
        return self.serving.index

    @property
    def assistant(self) -> Assistant:
        return self.serving.assistant

    def swap(self, index: PolicyIndex) -> None:
        with self._swapping:
            self.serving = Serving(index, Assistant(index, self.settings))
            self._stamp = _stamp(index.manifest)
            self.generation += 1

    def watch(self, every_s: float = WATCH_S) -> None:
        """Check the index folder's manifest every `every_s` seconds and load a newer
        build: every replica answers from a published index within a few seconds."""
        threading.Thread(
            target=self._watch, args=(every_s,), name="index-watch", daemon=True
        ).start()

    def _watch(self, every_s: float) -> None:
        manifest = self.settings.index_dir / "manifest.json"
        while True:
            time.sleep(every_s)
            try:
                published = _stamp(json.loads(manifest.read_text(encoding="utf-8")))
                if published != self._stamp:
                    self.swap(PolicyIndex.load(self.settings))
            except Exception:  # mid-build or unreadable: keep serving, look again later
                continue


@dataclass
class Job:
    id: int
    change: str  # what changed: "upload" | "retire" | "delete" ([admin.change] names them)
    subject: str  # the document changed
    actor: str
    doc_id: str = ""  # a new document, whose parse errors fail the job
    state: str = "queued"  # queued | running | done | failed
    stage: str = "queued"  # queued | parsing | embedding | loading | done | failed
    done: int = 0
    total: int = 0
    message: str = ""  # why it failed, or which other files could not be read
    problem: StaffError | None = None  # why it failed, when the registry words it
    queued_at: float = field(default_factory=time.time)
    finished_at: float | None = None

    @property
    def percent(self) -> int:
        if self.state == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def record(self, language: str = "zh") -> dict:
        """The job as the progress table shows it, worded in a reader's language."""
        words = wording(language)
        message = self.problem.text(language) if self.problem else self.message
        return {
            "id": self.id,
            "change": words.render(f"admin.change.{self.change}", doc_id=self.subject),
            "actor": self.actor,
            "state": self.state,
            "stage": words.render(f"admin.stage.{self.stage}"),
            "percent": self.percent,
            "message": message,
        }


class Reindexer:
    def __init__(self, settings: Settings, live: LiveIndex) -> None:
        self.settings, self.live = settings, live
        self._queue: queue.Queue[Job] = queue.Queue()
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._parsed: dict = {}  # unchanged files are not parsed again (ingest ParseCache)
        self._lock = threading.Lock()
        threading.Thread(target=self._work, name="reindex", daemon=True).start()

    def submit(self, change: str, subject: str, *, actor: str, doc_id: str = "") -> Job:
        job = Job(next(self._ids), change, subject, actor, doc_id)
        with self._lock:
            self._jobs[job.id] = job
            for old in sorted(self._jobs)[:-JOBS_KEPT]:
                del self._jobs[old]
        self._queue.put(job)
        return job

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def recent(self) -> list[Job]:
        with self._lock:
            return [self._jobs[i] for i in sorted(self._jobs, reverse=True)]

    def wait(self, job: Job, timeout: float = 600.0) -> Job:
        """Block until the job has finished (for the CLI and tests)."""
        deadline = time.time() + timeout
        while job.state in ("queued", "running") and time.time() < deadline:
            time.sleep(0.1)
        return job

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            job.state, job.stage = "running", "parsing"
            try:
                self._run(job)
                job.state, job.stage = "done", "done"
            except Exception as error:  # the previous index keeps answering
                job.state, job.stage, job.message = "failed", "failed", str(error)
                job.problem = error if isinstance(error, StaffError) else None
            job.finished_at = time.time()

    def _run(self, job: Job) -> None:
        from index.build import build_index  # the embedding stack, loaded by the worker
        from ingest.model import CHUNKER_VERSION
        from ingest.pipeline import parse_corpus

        corpus = parse_corpus(self.settings.docs_dir, cache=self._parsed)
        present = {(d.doc_id, d.sha256) for d in corpus.documents}
        for key in [k for k in self._parsed if (k[0], k[1]) not in present]:
            del self._parsed[key]  # deleted or changed files leave the cache
        failed = dict(corpus.failures)
        if job.doc_id in failed:
            raise StaffError("parse_failed", doc_id=job.doc_id, reason=failed[job.doc_id])
        if not corpus.chunks:
            raise StaffError("no_usable_files")
        job.stage = "embedding"

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        build_index(
            corpus.chunks,
            corpus.documents,
            self.settings,
            chunker_version=CHUNKER_VERSION,
            on_progress=progress,
        )
        job.stage = "loading"
        self.live.swap(PolicyIndex.load(self.settings))
        if failed:
            job.message = "；".join(f"{name}：{reason}" for name, reason in failed.items())
