"""Crash safety, concurrent readers and one run at a time, with real runs in real processes.

A run is held at a named point (flows/checkpoints.py) and killed with SIGKILL, workers and all.
The warehouse must then be exactly as before the run, and the next run must finish the work
with nothing lost and nothing duplicated.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from flows.checkpoints import POINTS
from flows.nightly import nightly as nightly_flow
from flows.task_runners import make_task_runner

pytestmark = pytest.mark.usefixtures("prefect_harness")
BATCH = 2  # four new or changed files: two batches, run by worker processes, so a kill meets work in flight
# The runs that set the scene and the runs after a kill go in threads: worker processes cost seconds to start.
nightly = nightly_flow.with_options(task_runner=make_task_runner("threads"))
AKHBAR = Path(sys.executable).with_name("akhbar")
NEW_ARTICLE = """ date 2025-10-0{n} سرحد پر نئی تجارتی گزرگاہ کھول دی گئی
پشاور (اے پی پی) وفاقی وزیر تجارت نے پیر کے روز طورخم کے قریب نئی تجارتی گزرگاہ کا افتتاح کیا۔ انہوں نے کہا کہ اس سے دونوں ملکوں کے درمیان تجارت میں {n}0 فیصد اضافہ ہوگا۔
تقریب میں صوبائی حکومت کے نمائندے اور تاجر برادری کے ارکان بھی موجود تھے۔
"""


def snapshot(warehouse: Path) -> dict:
    """What a reader sees: the curated tables' contents and the lake's published files."""
    with duckdb.connect(str(warehouse / "akhbar.duckdb"), read_only=True) as connection:
        def rows(sql):
            return connection.execute(sql).fetchall()

        state = {
            "articles": rows("SELECT article_id, content_hash, headline, published_date, reuse_of FROM articles ORDER BY 1"),
            "runs": rows("SELECT count(*) FROM runs WHERE status = 'completed'"),
            "manifest": rows("SELECT source_uri, raw_sha256, outcome FROM manifest ORDER BY 1, 2"),
        }
        for table in ("entities", "quantities", "date_mentions", "quarantine", "dq_results"):
            state[table] = rows(f"SELECT count(*) FROM {table}")
    lake = warehouse / "lake"
    state["lake"] = sorted(str(p.relative_to(lake)) for p in lake.rglob("*.parquet") if "_runs" not in p.parts)
    return state


def add_work(articles: Path) -> None:
    """Three new files and one changed one: the run under test has new rows and a replacement."""
    for n in (1, 2, 3):
        (articles / f"new_{n}.txt").write_text(NEW_ARTICLE.format(n=n), encoding="utf-8")
    changed = articles / "003_3a629e79eff072b7.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nیہ خبر بعد میں اپ ڈیٹ کی گئی۔\n", encoding="utf-8")


def start_run(articles: Path, warehouse: Path, tmp_path: Path, halt_at: str | None = None, seconds: float | None = None, *extra: str):
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "COLUMNS": "200"}
    marker = tmp_path / f"halted-{halt_at}"
    if halt_at:
        env.update(AKHBAR_HALT_AT=halt_at, AKHBAR_HALT_MARKER=str(marker))
        if seconds is not None:
            env["AKHBAR_HALT_SECONDS"] = str(seconds)
    command = [str(AKHBAR), "run", "--source", str(articles), "--warehouse", str(warehouse), "--batch-size", str(BATCH), *extra]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    return process, marker


def wait_for(marker: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            raise AssertionError(f"the run ended before its halt point:\n{process.stdout.read()}")
        assert time.monotonic() < deadline, "the run never reached its halt point"
        time.sleep(0.1)


def workers(pid: int) -> list[int]:
    """The live worker processes a process started with multiprocessing (Linux's /proc)."""
    children = [int(child) for task in Path(f"/proc/{pid}/task").iterdir() for child in (task / "children").read_text().split()]
    return [
        child for child in children
        if b"multiprocessing.spawn" in Path(f"/proc/{child}/cmdline").read_bytes()
        and Path(f"/proc/{child}/stat").read_text().split(") ", 1)[1][0] != "Z"
    ]


@pytest.fixture
def prepared(tmp_path):
    """A warehouse after one run of the seeds, new work beside it, and what a clean run of that work gives.

    Paths matter (an article's id comes from its file's URI), so each test builds its own.
    """
    articles, warehouse, reference = tmp_path / "articles", tmp_path / "wh", tmp_path / "reference"
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds" / "articles", articles)
    nightly(sources=[str(articles)], warehouse_dir=str(warehouse))
    add_work(articles)
    shutil.copytree(warehouse, reference)
    nightly(sources=[str(articles)], warehouse_dir=str(reference), batch_size=BATCH)
    return articles, warehouse, snapshot(warehouse), snapshot(reference)


def same_content(state: dict) -> dict:
    """The state minus what names a particular run (lake file names carry run ids)."""
    return {key: value for key, value in state.items() if key != "lake"} | {"lake_files": len(state["lake"])}


@pytest.mark.parametrize("point", POINTS)
def test_a_run_killed_at_any_point_leaves_before_or_after_and_the_next_run_completes(prepared, tmp_path, point):
    articles, warehouse, before, after = prepared

    process, marker = start_run(articles, warehouse, tmp_path, point)
    try:
        wait_for(marker, process)
        if point in ("parquet", "load"):  # the batches' worker processes end before the load starts
            assert bool(workers(process.pid)) == (point == "parquet")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    killed = snapshot(warehouse)
    if point == "publish":  # the load committed: the warehouse is as after, the lake is being filled
        assert {k: v for k, v in killed.items() if k != "lake"} == {k: v for k, v in after.items() if k != "lake"}
    else:
        assert killed == before

    summary = nightly(sources=[str(articles)], warehouse_dir=str(warehouse), batch_size=BATCH)
    final = snapshot(warehouse)
    if point == "publish":  # the next run found nothing new; its ledger and source-volume rows aside, nothing changed
        assert same_content(final) | {"runs": None, "dq_results": None} == same_content(after) | {"runs": None, "dq_results": None}
    else:
        assert same_content(final) == same_content(after)
    if point == "publish":
        assert summary["loaded"] == 0  # the killed run's load stands: nothing is done twice
    else:
        assert summary["loaded"] == 4
    assert not (warehouse / "lake" / "_runs").exists() or not any((warehouse / "lake" / "_runs").iterdir())
    staged = pq.read_table(warehouse / "lake" / "staged" / "articles", columns=["article_id"]).num_rows
    assert staged == len(after["articles"]) + 1  # the changed article has its old and its new version in the lake


def test_readers_work_while_a_run_loads_and_a_second_run_is_turned_away(prepared, tmp_path):
    articles, warehouse, _, _ = prepared
    count = "SELECT count(*) AS n FROM articles"

    # Held in its batches: readers get the warehouse as it was, at once, and a second run is turned away.
    before = snapshot(warehouse)
    process, marker = start_run(articles, warehouse, tmp_path, "parquet")
    try:
        wait_for(marker, process)
        started = time.monotonic()
        reader = subprocess.run([str(AKHBAR), "sql", count, "--warehouse", str(warehouse)], capture_output=True, text=True)
        assert reader.returncode == 0 and "│ 2 │" in reader.stdout, reader.stdout + reader.stderr
        assert time.monotonic() - started < 30

        second = subprocess.run([str(AKHBAR), "run", "--source", str(articles), "--warehouse", str(warehouse)], capture_output=True, text=True,
                                env={**os.environ, "COLUMNS": "300"})
        assert second.returncode == 3, second.stdout + second.stderr
        assert "another akhbar run is under way" in second.stdout
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert snapshot(warehouse) == before

    # Held inside its load: a reader waits for the commit, then sees the run's result whole.
    process, marker = start_run(articles, warehouse, tmp_path, "load", 4)
    (articles / "new_4.txt").write_text(NEW_ARTICLE.format(n=4), encoding="utf-8")
    try:
        wait_for(marker, process)
        reader = subprocess.run([str(AKHBAR), "sql", count, "--warehouse", str(warehouse)], capture_output=True, text=True)
        assert reader.returncode == 0 and "│ 6 │" in reader.stdout, reader.stdout + reader.stderr
        assert process.wait(timeout=180) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
