"""One nightly run per warehouse at a time.

DuckDB's own file lock is held only while a run loads (see flows/staging.py), so it cannot
tell a second run that one is already under way. This lock can: a POSIX record lock on
`<warehouse>/run.lock`, which the kernel releases when the holding process dies, even by
SIGKILL, so a crashed run never leaves a stale lock behind. Record locks are not inherited
by forked children, so worker processes of the run never keep it alive.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

LOCK_NAME = "run.lock"


class RunInProgress(RuntimeError):
    """Another run holds the warehouse's run lock."""


@contextmanager
def run_lock(warehouse: Path, run_id: str, wait: float = 0.0):
    """Hold the warehouse's run lock for the duration of the block, waiting up to `wait` seconds for it."""
    path = Path(warehouse) / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise RunInProgress(
                        f"another akhbar run is under way on {warehouse} ({_holder(path)}); "
                        "it will finish on its own: wait for it, or pass --wait SECONDS to queue behind it"
                    ) from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "run_id": run_id, "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}))
        handle.flush()
        yield
    finally:
        handle.close()  # closing the file releases the lock


def _holder(path: Path) -> str:
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        return f"run {holder['run_id']}, process {holder['pid']}, since {holder['since']}"
    except (OSError, ValueError, KeyError):
        return "holder unknown"


def ensure_free(warehouse: Path) -> None:
    """Refuse at once, before starting Prefect, when a run holds the lock (the flow takes it for real)."""
    if (Path(warehouse) / LOCK_NAME).exists():
        with run_lock(warehouse, "probe"):
            pass
