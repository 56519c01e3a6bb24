"""Measure the nightly flow on a corpus grown to N files.

The corpus is built by resampling the files of a folder (deterministically, with a seed) under
new names, so that every copy is a distinct item to the manifest. The run is the real flow into
a fresh warehouse, timed whole and per run.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path


def build_corpus(source: Path, target: Path, count: int, seed: int = 0) -> int:
    """Write `count` article files into `target`, drawn from `source`'s `*.txt`; return their bytes."""
    originals = sorted(p for p in Path(source).rglob("*.txt") if p.is_file())
    if not originals:
        raise FileNotFoundError(f"no *.txt files under {source}")
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(count):
        original = originals[number] if number < len(originals) else rng.choice(originals)
        data = original.read_bytes()
        folder = target / f"{number // 1000:04d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{number:07d}_{original.name}").write_bytes(data)
        total += len(data)
    return total


def bench_pipeline(corpus: Path, articles: int, keep: Path | None = None) -> dict:
    """Build the corpus, run the flow cold and then again with nothing new; return the figures."""
    from flows.nightly import nightly

    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="akhbar-bench-"))
    try:
        size = build_corpus(corpus, work / "corpus", articles)
        figures = {"articles": articles, "megabytes": round(size / 1e6, 1)}
        for label in ("cold", "no new data"):
            started = time.perf_counter()
            summary = nightly(sources=[str(work / "corpus")], warehouse_dir=str(work / "warehouse"))
            wall = time.perf_counter() - started
            figures[label] = {
                "wall_s": round(wall, 2),
                "flow_s": summary["seconds"],
                "loaded": summary["loaded"],
                "quarantined": summary["quarantined"],
                "skipped": summary["skipped"],
                "articles_per_s": round(articles / summary["seconds"], 1),
                "mb_per_s": round(size / 1e6 / summary["seconds"], 2),
            }
        return figures
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
