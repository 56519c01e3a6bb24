"""What GX imports for expectations the suites do not use loads only if something uses it."""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from flows.batch import process_files
from flows.ingest_files import discover
from flows.lake import Lake
from flows.staging import RunArea

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "articles"
# Submodules that run only when their package's code runs: present once the package has loaded.
LOADED_MARKS = ("altair.vegalite", "scipy.stats._stats_py")


def loaded_after_a_batch(lake: str) -> tuple[int, list[str]]:
    """Validate and write a batch as a worker does; return (articles loaded, which marks loaded)."""
    files = discover([str(SEEDS)])
    report = process_files(files, set(), RunArea(Lake.of(lake), "run"), 0, datetime.now(timezone.utc))
    return report.loaded, [mark for mark in LOADED_MARKS if mark in sys.modules]


def entropy_after_deferring() -> tuple[float, bool]:
    import flows.validate  # noqa: F401  (defers the modules)
    from scipy import stats

    return float(stats.entropy([1, 1], base=2)), "scipy.stats._stats_py" in sys.modules


def spawned(function, *args):
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def test_a_worker_validates_a_batch_without_loading_altair_or_scipy_stats(tmp_path):
    loaded, marks = spawned(loaded_after_a_batch, str(tmp_path))
    assert loaded == len(discover([str(SEEDS)]))
    assert marks == []


def test_a_deferred_module_loads_in_full_when_it_is_used():
    assert spawned(entropy_after_deferring) == (1.0, True)
