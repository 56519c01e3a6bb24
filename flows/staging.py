"""A run's staging area: everything a run writes before its one load into DuckDB.

Batches write their Parquet under `lake/_runs/<run_id>/`, laid out as the lake is (`raw/…`,
`staged/entities/…`, `validations/…`), plus the rows the load reads (`load/…`: the articles,
one file a batch, and what only the warehouse keeps: quarantine, manifest, data-quality
results). The load writes the articles' lake files, `staged/articles/…`, one a date for the run. Readers of the lake glob past `_runs`, so none of
it is visible. The run then loads the area in a single DuckDB transaction that also records
the run as completed, and only after that commit moves the files into the lake.

A run killed at any moment therefore leaves either an area whose run never committed (the
next run deletes it: the warehouse is as it was before) or a committed run whose files were
not all moved yet (the next run finishes the move: the warehouse is as it was after).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow.dataset as ds

from flows.checkpoints import reached
from flows.lake import Lake

RUNS_DIR = "_runs"
LOAD_DIR = "load"


@dataclass(frozen=True)
class RunArea:
    lake: Lake
    run_id: str

    @property
    def root(self) -> str:
        return self.lake.path(RUNS_DIR, self.run_id)

    def lake_path(self, *parts: str) -> str:
        """Where a file bound for the lake is written (and later moved from)."""
        return "/".join((self.root, *parts))

    def load_path(self, table: str, batch: int) -> str:
        """Where a batch's rows for a warehouse-only table are written."""
        return self.lake_path(LOAD_DIR, table, f"{batch:05d}.parquet")

    def dataset(self, *parts: str, hive=None) -> ds.Dataset | None:
        """The area's Parquet files below `parts` (for the load to read), or None."""
        return self.lake.dataset(self.lake_path(*parts), hive)

    def load_dataset(self, table: str) -> ds.Dataset | None:
        """The batches' rows for a warehouse-only table, or None."""
        return self.dataset(LOAD_DIR, table)

    def publish(self) -> int:
        """Move the area's lake files into the lake and remove the area; return the files moved.

        Idempotent: a move interrupted by a crash is finished by calling it again.
        """
        moved = 0
        for path in self.lake.files(self.root):
            relative = path[len(self.root) + 1 :]
            if relative.startswith(LOAD_DIR + "/"):
                continue
            self.lake.move(path, self.lake.path(relative))
            moved += 1
            reached("publish")
        self.discard()
        return moved

    def discard(self) -> None:
        self.lake.delete_folder(self.root)


def leftover_areas(lake: Lake) -> list[RunArea]:
    """Areas of earlier runs that ended before cleaning up after themselves."""
    return [RunArea(lake, name) for name in lake.folders(lake.path(RUNS_DIR))]


def recover(lake: Lake, committed: set[str]) -> tuple[list[str], list[str]]:
    """Finish publishing committed runs' areas and delete the rest; return (published, discarded) run ids."""
    published, discarded = [], []
    for area in leftover_areas(lake):
        if area.run_id in committed:
            area.publish()
            published.append(area.run_id)
        else:
            area.discard()
            discarded.append(area.run_id)
    return published, discarded
