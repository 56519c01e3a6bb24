"""A run with nothing to do, finished before Prefect starts.

Starting Prefect costs a command-line run 15-20 seconds (its imports, a temporary API, its
shutdown) before the flow looks at anything, while finding out that nothing is new takes a
second or two. So `akhbar run` looks first: when every source is a folder or a file, the
manifest already holds every file with the same content (the same size and modification time,
or else the same hash), and no earlier run left a staging
area behind, the flow would load nothing. The run is then recorded in the ledger as the flow
would record it, under the run lock, and its summary returned. Anything else (a feed, a new or
changed file, an area to recover, a backfill) goes to the flow, which takes the listing made
here rather than list the archive again.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

from flows import warehouse
from flows.feeds_config import split_sources
from flows.ingest_files import discover, keep_listing, unseen
from flows.lake import Lake
from flows.run_lock import run_lock
from flows.staging import leftover_areas


def nothing_new(sources: list[str], warehouse_dir: Path, lake: Lake, wait: float = 0.0) -> dict | None:
    """The summary of a run that found nothing new, recorded; None when the flow has work to do."""
    started, clock = datetime.now(timezone.utc), time.perf_counter()
    paths, feeds = split_sources(sources)
    if feeds or not warehouse.database_path(warehouse_dir).exists() or leftover_areas(lake):
        return None
    run_id = warehouse.new_run_id()
    with run_lock(warehouse_dir, run_id, wait):
        connection = warehouse.connect(warehouse_dir)
        try:
            files = discover(paths)
            unchanged, seen = warehouse.file_manifest(connection, files)
            if any(file.uri not in unchanged and file.uri not in seen for file in files):
                keep_listing(paths, files)  # a new file: no need to hash the others, the flow will
                return None
            selection = unseen(files, seen, unchanged)
            if selection.todo:
                keep_listing(paths, files)
                return None
            counts = {"seen": len(files), "new": 0, "loaded": 0, "quarantined": 0, "skipped": selection.skipped}
            warehouse.restamp(connection, selection.restamp)
            warehouse.record_run(connection, run_id, "nightly", "completed", started, datetime.now(timezone.utc), counts)
        finally:
            connection.close()
    return {
        "run_id": run_id,
        "flow": "nightly",
        **counts,
        "changed": 0,
        "seconds": round(time.perf_counter() - clock, 2),
        "stages": {},
        "warehouse": str(warehouse.database_path(warehouse_dir)),
        "lake": str(lake),
    }
