from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows import lake


def test_partitioned_write_splits_by_value_and_leaves_no_temporary_files(tmp_path):
    table = pa.table({"published_date": [date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 1)], "x": [1, 2, 3]})
    written = lake.write_partitioned(table, tmp_path, "published_date", "run-00000")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "published_date=2025-01-01/run-00000.parquet",
        "published_date=2025-01-02/run-00000.parquet",
    ]
    assert pq.read_table(tmp_path / "published_date=2025-01-01" / "run-00000.parquet").column("x").to_pylist() == [1, 3]
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "t.parquet"
    lake.write_atomic(pa.table({"x": [1]}), target)

    class Unwritable:
        schema = None

    with pytest.raises(Exception):
        lake.write_atomic(Unwritable(), target)
    assert pq.read_table(target).column("x").to_pylist() == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]
