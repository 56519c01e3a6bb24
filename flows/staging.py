"""A run's staging area: everything a run writes before its one load into DuckDB.

Batches write their Parquet under `lake/_runs/<run_id>/`, laid out as the lake is (`raw/…`,
`staged/articles/…`, `validations/…`), plus the rows only the warehouse keeps (`load/…`:
quarantine, manifest, data-quality results). Readers of the lake glob past `_runs`, so none of
it is visible. The run then loads the area in a single DuckDB transaction that also records
the run as completed, and only after that commit moves the files into the lake.

A run killed at any moment therefore leaves either an area whose run never committed (the
next run deletes it: the warehouse is as it was before) or a committed run whose files were
not all moved yet (the next run finishes the move: the warehouse is as it was after).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from flows.checkpoints import reached

RUNS_DIR = "_runs"
LOAD_DIR = "load"


@dataclass(frozen=True)
class RunArea:
    lake: Path
    run_id: str

    @property
    def root(self) -> Path:
        return Path(self.lake) / RUNS_DIR / self.run_id

    def lake_path(self, *parts: str) -> Path:
        """Where a file bound for the lake is written (and later moved from)."""
        return self.root.joinpath(*parts)

    def load_path(self, table: str, batch: int) -> Path:
        """Where a batch's rows for a warehouse-only table are written."""
        return self.root / LOAD_DIR / table / f"{batch:05d}.parquet"

    def load_glob(self, table: str) -> str:
        return (self.root / LOAD_DIR / table / "*.parquet").as_posix()

    def lake_glob(self, *parts: str) -> str:
        return self.root.joinpath(*parts).as_posix()

    def has(self, pattern: str) -> bool:
        return any(self.root.glob(pattern))

    def publish(self) -> int:
        """Move the area's lake files into the lake and remove the area; return the files moved.

        Idempotent: a move interrupted by a crash is finished by calling it again.
        """
        moved = 0
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if not path.is_file() or relative.parts[0] == LOAD_DIR or path.name.endswith(".tmp"):
                continue
            target = Path(self.lake) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            moved += 1
            reached("publish")
        self.discard()
        return moved

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def leftover_areas(lake: Path) -> list[RunArea]:
    """Areas of earlier runs that ended before cleaning up after themselves."""
    folder = Path(lake) / RUNS_DIR
    if not folder.is_dir():
        return []
    return [RunArea(Path(lake), p.name) for p in sorted(folder.iterdir()) if p.is_dir()]


def recover(lake: Path, committed: set[str]) -> tuple[list[str], list[str]]:
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
