"""Peak resident memory of a process and all its children, sampled in a background thread.

RSS is summed over the whole tree because the measured command may fork (Gradio's
server threads share one process, but a tokenizer or compiler may spawn helpers).
Sampling every 50 ms misses spikes shorter than that; the peaks we care about
(loaded index, embedding batches) last seconds.

Example:
    with TreeSampler(process.pid) as memory:
        process.wait()
    memory.peak_mb  -> 612.4
"""

from __future__ import annotations

import threading

import psutil

INTERVAL_S = 0.05


def tree_rss_bytes(root: psutil.Process) -> int:
    """RSS of root plus every descendant alive right now (vanished processes count 0)."""
    total = 0
    try:
        members = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


class TreeSampler:
    """Context manager recording the highest tree RSS seen while it is open."""

    def __init__(self, pid: int, interval_s: float = INTERVAL_S) -> None:
        self._root = psutil.Process(pid)
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.peak_bytes = 0
        self.last_bytes = 0

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.last_bytes = tree_rss_bytes(self._root) or self.last_bytes
            self.peak_bytes = max(self.peak_bytes, self.last_bytes)
            self._stop.wait(self._interval_s)

    @property
    def peak_mb(self) -> float:
        return round(self.peak_bytes / 2**20, 1)

    @property
    def last_mb(self) -> float:
        return round(self.last_bytes / 2**20, 1)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
