"""Write the lake's Parquet files so that a reader never sees half of one.

Each file is written under a temporary name in its final folder and renamed into place:
a crash leaves at worst a `.tmp` file that no reader globs, never a truncated Parquet file.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def write_atomic(table: pa.Table, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, temporary, compression="zstd")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def write_partitioned(table: pa.Table, root: Path, column: str, basename: str) -> list[Path]:
    """Hive-partition `table` by `column` (`root/column=value/basename.parquet`), one file a value."""
    if table.num_rows == 0:
        return []
    written = []
    for value in pc.unique(table.column(column)).to_pylist():
        part = table.filter(pc.is_null(table.column(column)) if value is None else pc.equal(table.column(column), value))
        folder = root / f"{column}={'__HIVE_DEFAULT_PARTITION__' if value is None else value}"
        written.append(write_atomic(part.drop_columns([column]), folder / f"{basename}.parquet"))
    return written
