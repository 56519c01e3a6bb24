"""Where the batch tasks run: worker processes on this machine, threads, or a Dask cluster.

Batches are independent of each other and of the warehouse (flows/batch.py), so any Prefect
task runner can take them; only the run's load happens in the flow's own process.
"""

from __future__ import annotations

import os
from contextlib import contextmanager


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
    """Run the block against one Prefect API that worker processes can reach too.

    With no PREFECT_API_URL, Prefect starts a temporary API inside the process that needs
    one, and a worker process started by the pool would start its own (seconds each, and its
    task runs would be missing from the flow's API). So the temporary API is started here and
    named in the settings that the workers inherit.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    # Prefect's default wait (20 s) is short for a machine busy with other work: a nightly run
    # should start late rather than fail.
    server.start(timeout=STARTUP_TIMEOUT)
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield
