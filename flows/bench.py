"""Measure the nightly flow on a corpus grown to N articles, and the normalizer against others.

`akhbar bench` builds N articles by recombining the articles of a corpus folder (seeded, so
the same arguments build the same files), then runs the real nightly flow three times, each in
a process of its own: cold into a fresh warehouse, again with nothing new, and again after N/100
new articles, dated today as a night's articles are, join the corpus. For each run it reports the wall time of the process (Prefect's
start-up included), the flow's own time, articles and MB per second of new work on the flow's
time (for the run with nothing new, of the files seen), the peak memory of the run's whole
process tree (`flows.peak_memory`), and the seconds of each stage when the flow reports them.
Beside them, the raw floor: reading the same files and writing them unchanged to Parquet.

A recombined article takes the date and headline line of one original and, as its body, the
opening sentences of one original followed by some of the later sentences of another (all in
the originals' order and spacing). Every body is distinct: copies would be linked as exact
copies by the reuse step and cost less than real articles. The originals themselves come first,
unchanged.

`akhbar bench normalize` is in `flows.bench_normalize`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

PROJECT = Path(__file__).resolve().parent.parent
STAGES = ("ingest", "normalize", "validate", "extract", "tokenize", "parquet", "load", "link", "index")  # the flow's order
RUNS = ("cold", "no new data", "1% new")


def default_corpus() -> Path:
    """The COUNTER development corpus beside the project when it is there, else the seed articles."""
    shared = PROJECT.parent / "shared" / "corpora" / "counter-dev"
    return shared if (shared / "articles").is_dir() else PROJECT / "seeds" / "articles"


def article_folder(corpus: Path) -> Path:
    """A corpus folder's `articles/` when it has one (COUNTER's layout), else the folder itself."""
    corpus = Path(corpus)
    return corpus / "articles" if (corpus / "articles").is_dir() else corpus


# ---------------------------------------------------------------------------------------------
# The corpus.

_HEADER_DATE = re.compile(rb"date \d{4}-\d{2}-\d{2}")
# Where a body may be cut: a line break (kept with the text after it), or the spaces after an
# Urdu full stop that ends a sentence. A full stop after a space is a dateline's (لاہور ۔ ...).
_CUT = re.compile(r"(\n\s*|(?<=[^\s\u06d4]\u06d4)[ \t]+)")


@dataclass(frozen=True)
class _Original:
    name: str
    header: str  # the first line: " date YYYY-MM-DD headline"
    pieces: tuple[tuple[str, str], ...]  # (the separator before it, a sentence or line)


def _parse(name: str, data: bytes) -> _Original | None:
    """An original split into header and body pieces; None when it is not UTF-8 text with a body."""
    try:
        text = data.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None
    header, _, body = text.partition("\n")
    parts = _CUT.split(body.strip())
    pieces = [("", parts[0])] + [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
    pieces = [(separator, piece) for separator, piece in pieces if piece.strip()]
    if not header.strip() or not pieces:
        return None
    return _Original(name, header, tuple(pieces))


def _body_key(body: str) -> bytes:
    return hashlib.blake2b(" ".join(body.split()).encode("utf-8"), digest_size=16).digest()


def _recombine(rng: random.Random, originals: list[_Original]) -> tuple[str, str]:
    first = rng.choice(originals)
    second = rng.choice([o for o in originals if o is not first] or originals) if len(originals) < 64 else rng.choice(originals)
    header = rng.choice((first.header, second.header))
    opening = first.pieces[: rng.randint(1, len(first.pieces))]
    # The second original's later pieces, each kept or left at random (its first holds its dateline).
    later = second.pieces[1:] or second.pieces
    kept = [piece for piece in later if rng.random() < 0.5] or [rng.choice(later)]
    pieces = list(opening) + kept
    body = pieces[0][1] + "".join((separator or " ") + piece for separator, piece in pieces[1:])
    return f"{first.name}-{second.name}", f"{header}\n{body}\n"


def corpus_articles(source: Path, seed: int = 0, max_misses: int = 10_000) -> Iterator[tuple[str, bytes]]:
    """An endless, deterministic stream of (name, file bytes) with distinct bodies.

    First the originals under `source` (its `*.txt`), unchanged; then recombinations of them.
    Raises ValueError when `max_misses` recombinations in a row repeat an earlier body: the
    source is too small for the number of articles asked for.
    """
    paths = sorted(p for p in Path(source).rglob("*.txt") if p.is_file())
    if not paths:
        raise FileNotFoundError(f"no *.txt files under {source}")
    seen: set[bytes] = set()
    originals = []
    for path in paths:
        data = path.read_bytes()
        original = _parse(path.stem, data)
        key = _body_key(data.decode("utf-8", errors="replace").partition("\n")[2])
        if key not in seen:
            seen.add(key)
            yield path.stem, data
        if original:
            originals.append(original)
    if not originals:
        raise ValueError(f"no article under {source} has a UTF-8 body to recombine")
    rng = random.Random(seed)
    misses = 0
    while True:
        name, text = _recombine(rng, originals)
        key = _body_key(text.partition("\n")[2])
        if key in seen:
            misses += 1
            if misses >= max_misses:
                raise ValueError(f"the {len(originals)} articles under {source} give no more than {len(seen)} distinct articles")
            continue
        misses = 0
        seen.add(key)
        yield name, text.encode("utf-8")


def build_corpus(source: Path, target: Path, count: int, seed: int = 0, skip: int = 0, dated: date | None = None) -> list[Path]:
    """Write articles `skip` to `skip + count` of `corpus_articles(source, seed)` into `target`.

    Files go into folders of a thousand, named by their number and their originals. Building
    with `skip=n` after `count=n` adds articles distinct from the first n. With `dated`, the
    articles carry that publication date instead of their original's.
    """
    target.mkdir(parents=True, exist_ok=True)
    written = []
    stream = corpus_articles(source, seed)
    for number, (name, data) in enumerate(stream):
        if number >= skip + count:
            break
        if number < skip:
            continue
        folder = target / f"{number // 1000:04d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"{number:07d}_{name[:80]}.txt"
        if dated is not None:
            data = _HEADER_DATE.sub(f"date {dated.isoformat()}".encode(), data, count=1)
        path.write_bytes(data)
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# The raw floor.


@dataclass(frozen=True)
class Floor:
    seconds: float
    files: int
    bytes: int
    path: Path


def raw_floor(folder: Path, target: Path, repeat: int = 1) -> Floor:
    """Find the `*.txt` files under `folder`, read them and write them unchanged to one Parquet file.

    The least any pipeline must do with the files: a table of path and bytes, zstd-compressed.
    With `repeat`, the best of that many tries: the first pays Arrow's one-time set-up.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    best = float("inf")
    for _ in range(max(repeat, 1)):
        started = time.perf_counter()
        paths = sorted(str(p) for p in Path(folder).rglob("*.txt") if p.is_file())
        data = [Path(p).read_bytes() for p in paths]
        table = pa.table({"path": pa.array(paths, pa.string()), "data": pa.array(data, pa.binary())})
        pq.write_table(table, target, compression="zstd")
        best = min(best, time.perf_counter() - started)
    return Floor(best, len(paths), sum(map(len, data)), Path(target))


# ---------------------------------------------------------------------------------------------
# One run of the flow, in a process of its own.


@dataclass
class Run:
    label: str
    wall_s: float  # the whole process: interpreter, imports, Prefect, the flow
    summary: dict  # the flow's: run_id, seen, new, loaded, quarantined, skipped, seconds, stages
    # Bytes: the process tree's summed RSS at its largest sample, or the largest single process's
    # peak when that is higher (a spike between two samples).
    peak_rss: int
    max_process_rss: int  # bytes, the largest single process's peak (sampled; see flows/peak_memory.py)
    articles: int = 0  # what the rates count: new articles, or the files seen when none is new
    bytes: int = 0

    @property
    def flow_s(self) -> float:
        return float(self.summary["seconds"])

    @property
    def stages(self) -> dict[str, float]:
        return self.summary.get("stages") or {}

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.flow_s if self.flow_s else float("inf")

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / self.flow_s if self.flow_s else float("inf")


class RunFailed(RuntimeError):
    pass


def run_nightly(corpus: Path, warehouse: Path, label: str = "", env: dict | None = None, interval: float = 0.05) -> Run:
    """Run the nightly flow on `corpus` into `warehouse` in a new process; time it, sample its memory.

    `env` is the process's environment (default: this one's); PREFECT_API_URL there sends the
    flow run to that server, and without it the process starts Prefect's temporary server, as
    `akhbar run` does. The process prints the flow's summary as JSON on its last line.
    """
    from flows.peak_memory import TreeRSSSampler

    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(PROJECT), env.get("PYTHONPATH"))))
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("GX_ANALYTICS_ENABLED", "false")
    command = [sys.executable, "-m", "flows.bench", str(corpus), str(warehouse)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=PROJECT)
        with TreeRSSSampler(process.pid, interval) as sampler:
            process.wait()
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    summary = next((line for line in reversed(stdout.splitlines()) if line.startswith("{")), None)
    if process.returncode or summary is None:
        tail = "\n".join((stdout + stderr).strip().splitlines()[-30:])
        raise RunFailed(f"the {label or 'nightly'} run exited with {process.returncode}:\n{tail}")
    return Run(label, wall, json.loads(summary), sampler.peak, sampler.largest)


def _run_in_this_process(corpus: str, warehouse: str) -> None:
    """What `run_nightly`'s process does: the flow, then its summary as JSON on the last line."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from flows.lake import Lake
    from flows.quick_run import nothing_new

    summary = nothing_new([corpus], Path(warehouse), Lake.of(warehouse))  # as `akhbar run` does first
    if summary is None:
        from flows.task_runners import shared_api

        with shared_api() as ready:
            from flows.nightly import nightly
            from flows.validate import warm_up

            warm_up()
            ready()
            summary = nightly(sources=[corpus], warehouse_dir=warehouse)
    print(json.dumps(summary, default=str), flush=True)


# ---------------------------------------------------------------------------------------------
# The bench.


@dataclass
class PipelineBench:
    source: Path
    articles: int
    bytes: int
    seed: int
    floor: Floor
    runs: list[Run] = field(default_factory=list)
    kept: Path | None = None


def bench_pipeline(
    corpus: Path,
    articles: int,
    seed: int = 0,
    keep: Path | None = None,
    env: dict | None = None,
    on_step: Callable[[str], None] = lambda step: None,
) -> PipelineBench:
    """Build the corpus, take the raw floor, run the flow cold, with nothing new and with 1% new."""
    if articles < 1:
        raise ValueError("the bench needs at least one article")
    source = article_folder(corpus)
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="akhbar-bench-"))
    folder, warehouse = work / "corpus", work / "warehouse"
    if keep and (folder.exists() or warehouse.exists()):
        raise FileExistsError(f"{work} already holds a corpus or a warehouse; the bench needs a fresh one")
    try:
        on_step(f"building {articles:,} articles from {source}")
        paths = build_corpus(source, folder, articles, seed)
        size = sum(p.stat().st_size for p in paths)
        on_step("raw floor: reading the files and writing them to Parquet")
        floor = raw_floor(folder, work / "floor.parquet", repeat=3)
        result = PipelineBench(source, articles, size, seed, floor, kept=work if keep else None)

        def run(label: str, count: int, nbytes: int) -> None:
            on_step(f"{label} run")
            figures = run_nightly(folder, warehouse, label, env)
            figures.articles, figures.bytes = count, nbytes
            result.runs.append(figures)

        run(RUNS[0], articles, size)
        run(RUNS[1], articles, size)
        on_step(f"adding {math.ceil(articles / 100):,} new articles")
        # Tonight's articles, as a nightly run meets them: dated today, after the whole archive.
        added = build_corpus(source, folder, math.ceil(articles / 100), seed, skip=articles, dated=date.today())
        run(RUNS[2], len(added), sum(p.stat().st_size for p in added))
        return result
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def report_console():
    """A console wide enough for the bench's tables: rich fits them to 80 columns when the output
    goes to a file or a pipe, which cuts their headings to a letter or two."""
    from rich.console import Console

    console = Console()
    return console if console.width >= 150 else Console(width=150)


def _cell(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def print_pipeline_report(bench: PipelineBench, console) -> None:
    from rich.table import Table

    title = f"{bench.articles:,} articles, {bench.bytes / 1e6:.1f} MB, recombined from {bench.source} (seed {bench.seed})"
    runs = Table("run", "wall s", "flow s", "articles/s", "MB/s", "peak RSS MB", "largest process MB",
                 "loaded", "quarantined", "skipped", title=title)
    for r in bench.runs:
        s = r.summary
        runs.add_row(r.label, _cell(r.wall_s), _cell(r.flow_s), _cell(r.articles_per_s, 1), _cell(r.mb_per_s),
                     _cell(r.peak_rss / 1e6, 0), _cell(r.max_process_rss / 1e6, 0),
                     str(s["loaded"]), str(s["quarantined"]), str(s["skipped"]))
    console.print(runs)
    console.print("articles/s and MB/s: of new articles on the flow's time (the run with nothing new: of the files seen); "
                  "wall s less flow s is the process's start-up, Prefect's included. Peak RSS sums the run's process tree.",
                  highlight=False)

    extra = [k for r in bench.runs for k in r.stages if k not in STAGES]
    names = list(STAGES) + list(dict.fromkeys(extra))
    stages = Table("run", *names, "rest of the flow", title="Seconds per stage (summed over batches)")
    for r in bench.runs:
        if r.stages:
            rest = r.flow_s - sum(float(v) for v in r.stages.values())  # below 0 when batches overlap
            stages.add_row(r.label, *(_cell(r.stages.get(n)) for n in names), _cell(rest if rest >= 0 else None))
        else:
            stages.add_row(r.label, *("-" for _ in names), "-")
    console.print(stages)

    floor = bench.floor
    cold = bench.runs[0] if bench.runs else None
    ratio = f"{cold.flow_s / floor.seconds:.1f}× floor" if cold and floor.seconds else "-"
    wall = f" (wall: {cold.wall_s / floor.seconds:.1f}×)" if cold and floor.seconds else ""
    console.print(f"raw floor: read {floor.files:,} files ({floor.bytes / 1e6:.1f} MB) + write Parquet: {floor.seconds:.2f} s (best of 3); "
                  f"pipeline cold flow = {ratio}{wall}", highlight=False)
    if bench.kept:
        console.print(f"corpus and warehouse kept in {bench.kept}", highlight=False)


# ---------------------------------------------------------------------------------------------
# The command: `akhbar bench` and `akhbar bench normalize`.

bench_app = typer.Typer(help="Measure the pipeline and the normalizer.", add_completion=False)


@bench_app.callback(invoke_without_command=True)
def bench(
    ctx: typer.Context,
    corpus: Annotated[Optional[Path], typer.Option(help="Folder of articles to recombine (or one with articles/ inside). Default: the COUNTER dev corpus beside the project, else seeds/articles.")] = None,
    articles: Annotated[int, typer.Option(min=1, help="Articles to build and load.")] = 20000,
    seed: Annotated[int, typer.Option(help="Seed of the recombination: the same seed builds the same files.")] = 0,
    keep: Annotated[Optional[Path], typer.Option(help="Folder to build the corpus and warehouse in and keep (default: a temporary one, removed).")] = None,
) -> None:
    """Time the nightly flow on N articles recombined from a corpus: cold, with nothing new, with 1% new.

    Each run is a process of its own, sending its flow run to PREFECT_API_URL when that is set,
    else starting Prefect's temporary server, as `akhbar run` does.
    """
    if ctx.invoked_subcommand is not None:
        return
    console = report_console()
    corpus = corpus or default_corpus()
    if not Path(corpus).is_dir():
        raise typer.BadParameter(f"{corpus} is not a folder", param_hint="--corpus")
    try:
        with console.status("") as status:
            result = bench_pipeline(corpus, articles, seed, keep, on_step=lambda step: status.update(step + " …"))
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    except RunFailed as exc:
        console.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    print_pipeline_report(result, console)


@bench_app.command("normalize")
def normalize_command(
    corpus: Annotated[Optional[Path], typer.Option(help="Folder of articles whose bodies to normalize. Default: as for the pipeline bench.")] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Times each normalizer runs over the bodies; the best counts.")] = 3,
) -> None:
    """Compare the normalizer's speed with urduhack-lite and urdunorm, and their agreement on shared rules."""
    from flows.bench_normalize import bench_normalize, print_normalize_report

    console = report_console()
    corpus = corpus or default_corpus()
    try:
        report = bench_normalize(corpus, repeat)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    print_normalize_report(report, console)


@bench_app.command("extract")
def extract_command(
    corpus: Annotated[Optional[Path], typer.Option(help="Folder of articles to extract from. Default: as for the pipeline bench.")] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Times extraction runs over the bodies; the best counts.")] = 3,
) -> None:
    """Extraction's speed in articles per second, and the entities, amounts and dates it finds per 1,000 words."""
    from flows.bench_extract import bench_extract, print_extract_report

    console = report_console()
    try:
        report = bench_extract(corpus or default_corpus(), repeat)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    print_extract_report(report, console)


if __name__ == "__main__":
    _run_in_this_process(*sys.argv[1:])
