"""Where the batch tasks run: worker processes on this machine, threads, or a Dask cluster.

Batches are independent of each other and of the warehouse (flows/batch.py), so any Prefect
task runner can take them; only the run's load happens in the flow's own process.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path


def make_task_runner(kind: str, dask_address: str | None = None):
    if kind == "processes":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=os.cpu_count() or 1)
    if kind == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": os.cpu_count() or 1, "threads_per_worker": 1, "processes": True})
    raise ValueError(f"unknown task runner {kind!r}: processes, threads or dask")


STARTUP_TIMEOUT = 120


@contextmanager
def shared_api():
    """Run the block against one Prefect API that worker processes can reach too; yield `ready`.

    With no PREFECT_API_URL, Prefect starts a temporary API inside the process that needs
    one, and a worker process started by the pool would start its own (seconds each, and its
    task runs would be missing from the flow's API). So the temporary API is started here and
    named in the environment that the workers and Prefect's own threads read; the block calls
    `ready()` before its first flow, so the API's process boots (some 3 s) while the block
    imports the flow.

    Prefect reads the environment once, when it is first imported; entered after that, this
    falls back to Prefect's own start of the API, which imports the server into this process.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield lambda: None
        return
    if "prefect.context" in sys.modules:
        from prefect.settings import PREFECT_API_URL, temporary_settings

        if PREFECT_API_URL.value():
            yield lambda: None
            return
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start(timeout=STARTUP_TIMEOUT)
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield lambda: None
        return
    api = TemporaryAPI()
    with _environment("PREFECT_API_URL", api.url):
        api.start()
        yield lambda: api.wait(STARTUP_TIMEOUT)


@contextmanager
def _environment(name: str, value: str):
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


class TemporaryAPI:
    """Prefect's temporary API server, as its `SubprocessASGIServer` starts it (same command),
    without importing the server's modules into this process: they cost the flow's process 1.2 s
    and 75 MB, only to start another process that imports them again.

    Nor is Prefect itself imported before the server starts (0.8-1.0 s that the server's own
    start, some 3.5 s, would otherwise wait for): with nothing set in this process yet, the
    server reads the same settings from the environment and the profile as this process will.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port = _free_port()

    def start(self) -> None:
        """Start the server; it stops when this process exits, as Prefect's own does: after
        Prefect's threads have sent it their last events and logs (they would wait for it
        otherwise, over a minute)."""
        packages = Path(importlib.util.find_spec("prefect").origin).parent.parent  # found, not imported
        command = [
            sys.executable, "-m", "uvicorn", "--app-dir", str(packages), "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
            "--log-level", "error", "--lifespan", "on",
        ]
        environment = {
            **{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
            "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
        }
        self.process = subprocess.Popen(command, env=environment)
        atexit.register(self.stop)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait(self, timeout: float) -> str:
        """Wait until the API answers its health check; return its URL."""
        import httpx

        deadline = time.monotonic() + timeout
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                code = self.process.poll()
                if code is not None:  # 3: uvicorn could not bind, the port was taken meanwhile
                    raise RuntimeError(f"Prefect's temporary API exited with {code} while starting")
                try:
                    if client.get(f"{self.url}/health", timeout=1).status_code == 200:
                        return self.url
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise TimeoutError(f"Prefect's temporary API did not answer within {timeout:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
