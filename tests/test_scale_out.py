"""Batches on a Dask cluster (prefect-dask), writing to a lake on object storage, give the same
warehouse as a run on this machine with a local lake."""

import duckdb
import pytest
from prefect.task_runners import ProcessPoolTaskRunner

from flows.lake import Lake
from flows.nightly import nightly
from flows.task_runners import make_task_runner

pytestmark = pytest.mark.usefixtures("prefect_harness")


def contents(warehouse) -> dict:
    with duckdb.connect(str(warehouse / "akhbar.duckdb"), read_only=True) as connection:
        return {
            "articles": connection.execute(
                "SELECT source_name, published_date, headline, dateline_city, agencies, body, content_hash, reuse_of FROM articles ORDER BY content_hash").fetchall(),
            "entities": connection.execute("SELECT entity_type, surface, canonical, char_start, char_end FROM entities ORDER BY ALL").fetchall(),
            "quantities": connection.execute("SELECT kind, value, unit, surface FROM quantities ORDER BY ALL").fetchall(),
            "manifest": connection.execute("SELECT raw_sha256, outcome FROM manifest ORDER BY ALL").fetchall(),
        }


def test_a_two_worker_cluster_with_an_s3_lake_builds_the_same_warehouse(seed_copy, tmp_path, s3_lake):
    from distributed import LocalCluster

    (seed_copy / "extra.txt").write_text(
        " date 2025-10-02 کراچی میں بارش\nکراچی (اے پی پی) شہر میں موسلادھار بارش سے نظام زندگی متاثر ہوا۔ محکمہ موسمیات کے مطابق 120 ملی میٹر بارش ہوئی۔\n",
        encoding="utf-8",
    )
    local = nightly.with_options(task_runner=make_task_runner("threads"))(sources=[str(seed_copy)], warehouse_dir=str(tmp_path / "local"), batch_size=1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        runner = make_task_runner("dask", cluster.scheduler_address)
        on_dask = nightly.with_options(task_runner=runner)(
            sources=[str(seed_copy)], warehouse_dir=str(tmp_path / "dask"), batch_size=1, lake=s3_lake)
        # Both workers took batches: three files, three batch tasks.
        assert len(cluster.workers) == 2
    assert (on_dask["loaded"], on_dask["quarantined"]) == (local["loaded"], local["quarantined"]) == (3, 0)
    assert contents(tmp_path / "dask") == contents(tmp_path / "local")
    # The lake went to the bucket, laid out as a local one, with no staging area left behind.
    lake = Lake.at(s3_lake)
    in_bucket = {p.removeprefix(lake.path() + "/").split("/")[0] for p in lake.files(lake.path())}
    assert in_bucket == {"raw", "staged", "validations"}
    assert not (tmp_path / "dask" / "lake").exists()
    local_files = sorted(p.relative_to(tmp_path / "local" / "lake").parts[:2] for p in (tmp_path / "local" / "lake").rglob("*.parquet"))
    bucket_files = sorted(tuple(p.removeprefix(lake.path() + "/").split("/")[:2]) for p in lake.files(lake.path(), ".parquet"))
    assert bucket_files == local_files


def test_the_flows_own_process_and_its_workers_share_the_batches_and_lose_none(seed_copy, tmp_path):
    for number in range(5):
        (seed_copy / f"extra-{number}.txt").write_text(
            f" date 2025-10-0{number + 1} کراچی میں بارش {number}\nکراچی (اے پی پی) شہر میں {number + 2} دن سے بارش ہو رہی ہے۔ محکمہ موسمیات کے مطابق {120 + number} ملی میٹر بارش ہوئی۔\n",
            encoding="utf-8",
        )
    # With one core, this process takes every batch, in order; with two, it shares them with a worker.
    runs = {workers: nightly.with_options(task_runner=ProcessPoolTaskRunner(max_workers=workers))(
        sources=[str(seed_copy)], warehouse_dir=str(tmp_path / f"processes-{workers}"), batch_size=1) for workers in (1, 2)}
    for summary in runs.values():
        assert (summary["loaded"], summary["quarantined"], summary["skipped"]) == (7, 0, 0)
    assert contents(tmp_path / "processes-2") == contents(tmp_path / "processes-1")
