"""A batch worker process, and the flow's own process, let go of each batch's memory."""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from flows.batch import process_files, taking_batches
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


def test_the_flows_process_freezes_its_survivors_only_while_it_takes_batches(tmp_path):
    files = discover([str(SEEDS)])
    area = RunArea(Lake.of(str(tmp_path)), "run")
    at = datetime.now(timezone.utc)
    process_files(files, set(), area, 0, at)
    assert gc.get_freeze_count() == 0  # outside a flow's batches nothing is frozen
    frames = sum(isinstance(o, pd.DataFrame) for o in gc.get_objects())  # GX's context holds its last batch's
    with taking_batches():
        for number in (1, 2, 3):
            process_files(files, set(), area, number, at)
        assert gc.get_freeze_count() > 0  # later collections pass over what survived
    assert gc.get_freeze_count() == 0  # and all of it is collectable again
    assert sum(isinstance(o, pd.DataFrame) for o in gc.get_objects()) <= frames
