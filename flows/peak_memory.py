"""Peak resident memory of a process and everything it starts, sampled from /proc.

`resource.getrusage` reports the largest single process, not a process tree: a run that starts
a Prefect server, or any worker, holds more memory than its own RSS. Nor is its figure for a
child the child's own: Linux keeps the parent's resident size at the fork as the child's high
mark through its exec, so a parent holding a large corpus inflates every child it starts.
`TreeRSSSampler` reads the resident set size (/proc/<pid>/statm) of a process and of all its
descendants every `interval` seconds in a thread, and keeps the largest sum and the largest
single process. The sum counts pages shared between
the processes once per process, as `ps` and `top` do. A sample can miss a peak shorter than
the interval; on a system without /proc the sampler reports 0.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PROC = Path("/proc")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _parents() -> dict[int, int]:
    """Every live process's parent, from /proc/<pid>/stat."""
    parents = {}
    for name in os.listdir(PROC):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:  # the process ended meanwhile
            continue
        # The command name, in parentheses, may hold spaces and parentheses: split after the last ")".
        fields = stat[stat.rfind(b")") + 2 :].split()
        parents[int(name)] = int(fields[1])
    return parents


def process_tree(pid: int) -> list[int]:
    """`pid` and all its live descendants."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, ()))
    return tree


def rss_bytes(pid: int) -> int:
    """A process's resident set size, or 0 when it has ended."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_bytes(pid: int) -> int:
    """The summed resident set size of `pid` and its descendants."""
    return sum(tree_rss(pid))


def tree_rss(pid: int) -> list[int]:
    """The resident set size of `pid` and of each of its descendants."""
    if not PROC.is_dir():
        return []
    return [rss_bytes(p) for p in process_tree(pid)]


class TreeRSSSampler:
    """Sample a process tree's RSS in a thread; `peak` is the largest sum in bytes, `largest` the
    largest single process.

    with TreeRSSSampler(process.pid) as sampler:
        process.wait()
    sampler.peak
    """

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.largest = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"rss-{pid}", daemon=True)

    def _sample(self) -> None:
        sizes = tree_rss(self.pid)
        self.peak = max(self.peak, sum(sizes))
        self.largest = max(self.largest, *sizes, 0)
        self.samples += 1

    def _run(self) -> None:
        while True:
            self._sample()
            if self._stop.wait(self.interval):
                return

    def start(self) -> TreeRSSSampler:
        self._thread.start()
        return self

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak

    def __enter__(self) -> TreeRSSSampler:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
