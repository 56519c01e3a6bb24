"""Where the batch tasks run: worker processes on this machine, threads, or a Dask cluster.

Batches are independent of each other and of the warehouse (flows/batch.py), so any Prefect
task runner can take them; only the run's load happens in the flow's own process.
"""

from __future__ import annotations

import os


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
