"""The real `akhbar` command against real warehouse files."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app

AKHBAR = Path(sys.executable).parent / "akhbar"


@pytest.mark.usefixtures("prefect_harness")
def test_run_prints_a_summary_and_sql_reads_the_warehouse(seed_copy, tmp_path):
    from prefect.settings import PREFECT_API_URL

    # The real command in its own process, its flow run sent to this session's Prefect API.
    warehouse = tmp_path / "wh"
    result = subprocess.run([AKHBAR, "run", "--source", str(seed_copy), "--warehouse", str(warehouse)], capture_output=True,
                            text=True, env={**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "COLUMNS": "400"})
    assert result.returncode == 0, result.stdout + result.stderr
    for line in ("seen", "loaded", "quarantined", "skipped", str(warehouse / "akhbar.duckdb")):
        assert line in result.stdout

    out = subprocess.run(
        [AKHBAR, "sql", "SELECT dateline_city, published_date FROM articles ORDER BY published_date", "--warehouse", str(warehouse)],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "اسلام آباد" in out and "2025-09-10" in out and "2025-12-11" in out

    # Nothing new: the run is recorded without starting Prefect, whose API here answers nowhere.
    unreachable = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api", "COLUMNS": "400"}
    again = subprocess.run([AKHBAR, "run", "--source", str(seed_copy), "--warehouse", str(warehouse)],
                           capture_output=True, text=True, env=unreachable)
    assert again.returncode == 0, again.stdout + again.stderr
    files = len(list(seed_copy.rglob("*.txt")))
    with duckdb.connect(str(warehouse / "akhbar.duckdb"), read_only=True) as connection:
        runs = connection.execute("SELECT status, n_seen, n_new, n_skipped FROM runs ORDER BY started_at").fetchall()
    assert runs == [("completed", files, files, 0), ("completed", files, 0, files)]
    # A changed file is work: that run needs the flow, and Prefect is unreachable.
    changed = next(seed_copy.glob("*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nایک نیا جملہ۔\n", encoding="utf-8")
    flow = subprocess.run([AKHBAR, "run", "--source", str(seed_copy), "--warehouse", str(warehouse)],
                          capture_output=True, text=True, env=unreachable)
    assert flow.returncode != 0


def test_run_without_a_prefect_api_starts_one_for_itself_and_its_workers_and_exits(seed_copy, tmp_path):
    # As on a fresh machine: no API configured, a Prefect home of its own.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), COLUMNS="400")
    warehouse = tmp_path / "wh"
    # batch_size 1: two batches, so a worker process takes one and reports it to the same API.
    result = subprocess.run([AKHBAR, "run", "--source", str(seed_copy), "--warehouse", str(warehouse), "--batch-size", "1"],
                            capture_output=True, text=True, env=env, timeout=60)  # Prefect's threads waited 75 s for an API stopped too early
    assert result.returncode == 0, result.stdout + result.stderr
    assert "loaded" in result.stdout
    # Prefect logs this when it starts a temporary API of its own: one was started here already.
    assert "Starting temporary server" not in result.stdout + result.stderr
    with duckdb.connect(str(warehouse / "akhbar.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == len(list(seed_copy.rglob("*.txt")))


def test_sql_on_a_missing_warehouse_says_so(tmp_path):
    result = subprocess.run([AKHBAR, "sql", "SELECT 1", "--warehouse", str(tmp_path / "none")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "no warehouse" in result.stdout + result.stderr


def test_sql_error_is_reported_not_raised(tmp_path):
    import duckdb

    (tmp_path / "wh").mkdir()
    duckdb.connect(str(tmp_path / "wh" / "akhbar.duckdb")).close()
    result = subprocess.run([AKHBAR, "sql", "SELECT * FROM nowhere", "--warehouse", str(tmp_path / "wh")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "nowhere" in result.stdout


def test_run_refuses_a_missing_source(tmp_path):
    result = CliRunner().invoke(app, ["run", "--source", str(tmp_path / "missing"), "--warehouse", str(tmp_path / "wh")])
    assert result.exit_code == 2
    assert "neither a folder" in result.output


def test_a_busy_warehouse_is_refused_with_a_clear_message(tmp_path):
    (tmp_path / "wh").mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(tmp_path / 'wh' / 'akhbar.duckdb')!r}); print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = subprocess.run([AKHBAR, "sql", "SELECT 1", "--warehouse", str(tmp_path / "wh"), "--wait", "1"], capture_output=True, text=True)
        assert result.returncode == 1
        assert "in use by another process" in result.stdout
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.usefixtures("prefect_harness")
def test_quarantine_lists_reasons_and_a_retry_after_a_fix_loads_the_item(seed_copy, tmp_path):
    import os

    import duckdb
    from prefect.settings import PREFECT_API_URL

    from flows.nightly import nightly

    warehouse = tmp_path / "wh"
    broken = seed_copy / "broken.txt"
    broken.write_text("اسلام آباد میں اجلاس\nاسلام آباد (اے پی پی) وفاقی کابینہ کا اجلاس آج ہوا جس میں اہم فیصلے کیے گئے۔\n", encoding="utf-8")
    nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))

    # The real command, in its own process, sending its flow runs to this session's Prefect API.
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "COLUMNS": "400"}

    def akhbar(*args: str) -> str:
        result = subprocess.run([AKHBAR, *args, "--warehouse", str(warehouse)], capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    listed = akhbar("quarantine")
    assert "broken.txt" in listed and "no_date_header" in listed

    # Retrying without a fix quarantines it again; after the fix it loads and leaves the quarantine.
    assert "quarantined │ 1" in akhbar("quarantine", "--retry")
    broken.write_text(" date 2025-06-01 " + broken.read_text(encoding="utf-8"), encoding="utf-8")
    assert "loaded      │ 1" in akhbar("quarantine", "--retry")
    with duckdb.connect(str(warehouse / "akhbar.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM articles WHERE source_uri LIKE '%broken.txt'").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
