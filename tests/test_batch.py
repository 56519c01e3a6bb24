"""A batch worker process, and the flow's own process, let go of each batch's memory."""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from flows import batch
from flows.batch import by_chunks, process_files, taking_batches
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


def test_a_batch_tokenized_in_chunks_gives_the_rows_it_gives_whole(monkeypatch):
    from transforms.reuse import reuse_text
    from transforms.search_terms import search_terms

    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] * 3
    ids = [f"a{i}" for i in range(len(texts))]
    headlines = [text.split("\n", 1)[0] for text in texts]
    whole = (reuse_text(ids, texts), search_terms(ids, headlines, texts))
    monkeypatch.setattr(batch, "TOKENIZE_CHUNK", 2)
    chunked = (by_chunks(reuse_text, ids, texts), by_chunks(search_terms, ids, headlines, texts))
    assert chunked[0].equals(whole[0])  # one row an article, in order
    assert sorted(chunked[1].to_pylist(), key=str) == sorted(whole[1].to_pylist(), key=str)
    assert len(ids) > 2 and chunked[1].num_rows == whole[1].num_rows > 0
