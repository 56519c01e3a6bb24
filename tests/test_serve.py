"""`akhbar serve` against a real Prefect server: the deployment, its schedule and a served run.

The session's `prefect_harness` is an in-process API; serving needs a server other processes
reach over HTTP, as on the machine that runs the nightly job. So this test starts its own
`prefect server start` on the loopback, with its own PREFECT_HOME, and passes every
subprocess an explicit environment.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from flows.serve import serve_command

PREFECT = Path(sys.executable).parent / "prefect"
# Until `akhbar serve` is wired in flows/cli.py; then this can be [AKHBAR, "serve"].
SERVE = [str(Path(sys.executable).with_name("akhbar")), "serve"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(home: Path, **settings: str) -> dict[str, str]:
    """This machine's environment without its Prefect settings, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return {**env, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "COLUMNS": "200", **settings}


def _stop(process: subprocess.Popen) -> None:
    """Stop a process started in its own session, and whatever it started (uvicorn, flow runs)."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            continue
        try:  # the leader is gone; give its children the same signal's chance
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


@pytest.fixture
def prefect_server(tmp_path):
    """A real Prefect server on 127.0.0.1; yields (api_url, PREFECT_HOME)."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
            env=_environment(home), stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, f"prefect server exited:\n{_tail(log)}"
            assert time.monotonic() < deadline, f"prefect server not healthy after 90 s:\n{_tail(log)}"
            try:
                if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        yield api_url, home
    finally:
        _stop(server)


def test_serve_registers_the_schedule_and_runs_the_nightly_flow(prefect_server, seed_copy, tmp_path):
    import duckdb
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL, temporary_settings

    api_url, home = prefect_server
    log = tmp_path / "serve.log"
    # Relative paths from the working directory: serve must hand the runs absolute ones.
    with log.open("w") as out:
        serve = subprocess.Popen(
            [*SERVE, "--source", seed_copy.name, "--warehouse", "wh"],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            # Poll for due runs every second, not every ten.
            env=_environment(home, PREFECT_API_URL=api_url, PREFECT_RUNNER_POLL_FREQUENCY="1"),
        )
    try:
        with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
            deadline = time.monotonic() + 90
            while True:
                assert serve.poll() is None, f"serve exited with {serve.returncode}:\n{_tail(log)}"
                assert time.monotonic() < deadline, f"no deployment after 90 s:\n{_tail(log)}"
                try:
                    deployment = client.read_deployment_by_name("akhbar-nightly/nightly")
                    break
                except ObjectNotFound:
                    time.sleep(0.5)

            [schedule] = deployment.schedules
            assert (schedule.schedule.cron, schedule.schedule.timezone, schedule.active) == ("0 2 * * *", "Asia/Karachi", True)
            assert deployment.parameters == {"sources": [str(seed_copy)], "warehouse_dir": str(tmp_path / "wh")}

            flow_run = client.create_flow_run_from_deployment(deployment.id)
            deadline = time.monotonic() + 180
            while not (state := client.read_flow_run(flow_run.id).state).is_final():
                assert serve.poll() is None, f"serve exited with {serve.returncode}:\n{_tail(log)}"
                assert time.monotonic() < deadline, f"flow run still {state.type.value} after 180 s:\n{_tail(log)}"
                time.sleep(0.5)
            assert state.type == StateType.COMPLETED, f"{state.type.value}: {state.message}\n{_tail(log)}"
    finally:
        _stop(serve)  # also ends the run's process, so the warehouse is free to open

    with duckdb.connect(str(tmp_path / "wh" / "akhbar.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


@pytest.mark.parametrize("api_url, says", [(None, "PREFECT_API_URL"), ("http://127.0.0.1:9/api", "does not answer")])
def test_serve_without_a_server_says_how_to_start_one(tmp_path, api_url, says):
    home = tmp_path / "prefect-home"
    home.mkdir()
    env = _environment(home, **({"PREFECT_API_URL": api_url} if api_url else {}))
    result = subprocess.run([*SERVE, "--warehouse", str(tmp_path / "wh")], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "prefect server start" in result.stdout and says in result.stdout


@pytest.mark.parametrize("option", [["--timezone", "Asia/Lahore"], ["--cron", "0 25 * * *"]])
def test_serve_refuses_a_bad_schedule_before_touching_prefect(option):
    app = typer.Typer()
    app.command()(serve_command)
    result = CliRunner().invoke(app, option, env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert option[1] in result.output
