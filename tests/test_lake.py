"""The lake's file operations, on a local folder and on S3-compatible object storage."""

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.lake import Lake
from flows.staging import RunArea, recover

TABLE = pa.table({"published_date": [date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 1)], "x": [1, 2, 3]})


@pytest.fixture(params=["local", "s3"])
def lake(request, tmp_path) -> Lake:
    if request.param == "local":
        return Lake.at(tmp_path / "lake")
    return Lake.at(request.getfixturevalue("s3_lake"))


def test_partitioned_write_splits_by_value_and_leaves_no_temporary_files(lake):
    written = lake.write_partitioned(TABLE, lake.path("staged"), "published_date", "run-00000")
    assert [p.removeprefix(lake.path("staged") + "/") for p in sorted(written)] == [
        "published_date=2025-01-01/run-00000.parquet",
        "published_date=2025-01-02/run-00000.parquet",
    ]
    assert pq.read_table(written[0], filesystem=lake.filesystem).column("x").to_pylist() == [1, 3]
    dataset = lake.dataset(lake.path("staged"), hive=pa.schema([("published_date", pa.date32())]))
    assert sorted(dataset.to_table().to_pylist(), key=lambda r: r["x"]) == TABLE.select(["x", "published_date"]).to_pylist()
    assert lake.files(lake.path()) == sorted(written)


def test_a_failed_local_write_leaves_the_old_file_and_no_temporary(tmp_path):
    lake = Lake.at(tmp_path)
    target = lake.path("t.parquet")
    lake.write_parquet(pa.table({"x": [1]}), target)

    class Unwritable:
        schema = None

    with pytest.raises(Exception):
        lake.write_parquet(Unwritable(), target)
    assert pq.read_table(target).column("x").to_pylist() == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_publishing_moves_lake_files_and_drops_warehouse_only_rows(lake):
    area = RunArea(lake, "r1")
    lake.write_parquet(TABLE, area.lake_path("raw", "a.parquet"))
    lake.write_parquet(TABLE, area.load_path("manifest", 0))
    lake.write_text("{}", area.lake_path("validations", "run_id=r1", "articles-00000.json"))
    assert area.load_dataset("manifest").count_rows() == 3
    assert area.publish() == 2
    assert lake.files(lake.path()) == [lake.path("raw", "a.parquet"), lake.path("validations", "run_id=r1", "articles-00000.json")]
    assert lake.read_text(lake.path("validations", "run_id=r1", "articles-00000.json")) == "{}"


def test_recovery_publishes_committed_areas_and_discards_the_rest(lake):
    for run_id in ("done", "killed"):
        lake.write_parquet(TABLE, RunArea(lake, run_id).lake_path("raw", f"{run_id}.parquet"))
    assert recover(lake, committed={"done"}) == (["done"], ["killed"])
    assert lake.files(lake.path()) == [lake.path("raw", "done.parquet")]
    assert recover(lake, committed={"done"}) == ([], [])


def test_printed_uri_hides_credentials_and_options():
    lake = Lake.at("s3://key:secret@bucket/lake?endpoint_override=127.0.0.1:9000&scheme=http")
    assert str(lake) == "s3://bucket/lake"
    assert "secret" not in str(lake)


def test_a_runs_articles_reach_the_lake_one_file_a_date_in_chunks_of_bounded_size(lake, monkeypatch, tmp_path):
    import duckdb

    from flows import warehouse
    from flows.schemas import ARTICLES

    rows = [{name: None for name in ARTICLES.names} | {"article_id": f"a{i}", "published_date": day, "body": f"متن {i}"}
            for i, day in enumerate([date(2025, 1, 2), date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 2), date(2025, 1, 1)])]
    connection = duckdb.connect()
    connection.register("_staged", pa.Table.from_pylist(rows, schema=ARTICLES))
    connection.execute("CREATE TABLE run_rows AS SELECT * FROM _staged")
    area = RunArea(lake, "run")
    monkeypatch.setattr(warehouse, "LAKE_CHUNK_ROWS", 3)

    threads = connection.execute("SELECT current_setting('threads')").fetchone()[0]
    written = warehouse.write_lake_articles(connection, area, "run_rows")
    assert connection.execute("SELECT current_setting('threads')").fetchone()[0] == threads  # its sort's one thread is given back

    # In date order, three rows at a time: 2025-01-01 fits the first chunk, 2025-01-02 spans both.
    assert [p.removeprefix(area.lake_path("staged", "articles") + "/") for p in written] == [
        "published_date=2025-01-01/run-00000.parquet",
        "published_date=2025-01-02/run-00000.parquet",
        "published_date=2025-01-02/run-00001.parquet",
    ]
    assert pq.read_table(written[1], filesystem=lake.filesystem).column("article_id").to_pylist() == ["a0"]
    assert pq.read_table(written[2], filesystem=lake.filesystem).column("article_id").to_pylist() == ["a2", "a3"]
    read = area.dataset("staged", "articles", hive=pa.schema([("published_date", pa.date32())])).to_table()
    assert read.schema.remove(read.schema.get_field_index("published_date")) == ARTICLES.remove(ARTICLES.get_field_index("published_date"))
    expected = pa.Table.from_pylist(rows, schema=ARTICLES).select(read.column_names).to_pylist()
    assert sorted(read.to_pylist(), key=lambda r: r["article_id"]) == expected
