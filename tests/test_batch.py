"""A batch worker process lets go of each batch's memory."""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from flows.batch import process_files
from flows.ingest_files import discover
from flows.lake import Lake
from flows.staging import RunArea

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "articles"


def frames_alive_after_batches(lake: str, batches: int) -> tuple[int, int]:
    """Run batches as a worker does; return (articles loaded, pandas frames still alive)."""
    files = discover([str(SEEDS)])
    area = RunArea(Lake.of(lake), "run")
    at = datetime.now(timezone.utc)
    loaded = sum(process_files(files, set(), area, n, at).loaded for n in range(batches))
    return loaded, sum(isinstance(o, pd.DataFrame) for o in gc.get_objects())


def test_a_worker_keeps_no_frames_of_its_batches(tmp_path):
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        loaded, frames = pool.submit(frames_alive_after_batches, str(tmp_path), 3).result()
    assert loaded == 3 * len(discover([str(SEEDS)]))
    assert frames == 0
