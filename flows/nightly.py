"""The nightly flow: the pipeline's table of contents.

sources -> discover files / poll feeds -> per batch, in parallel: ingest new items, stage
(normalize, parse), validate, extract entities, amounts and dates, compute reuse shingles and
search words, write Parquet into the run's staging area -> one load into DuckDB, with reuse
links, the search index and the run's ledger row, in a single transaction -> move the run's
files into the lake.

Batches never touch the warehouse, so they can run in worker processes or on a Dask cluster,
and readers are kept out only while the run loads. A run killed at any point leaves the
warehouse as it was before it or after it; the next run cleans up or finishes (flows/staging.py).
Tasks work on batches of thousands of articles: a Prefect task per article would cost more than
the work itself.
"""

from __future__ import annotations

import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.task_runners import ProcessPoolTaskRunner
from prefect.utilities.annotations import quote

from flows import progress, reuse_index, search, warehouse
from flows.batch import STAGES, BatchReport, process_files, process_ingested, return_freed_memory, save_result, taking_batches
from flows.checkpoints import reached
from flows.feeds_config import Feed, split_sources
from flows.ingest_feeds import FeedIngest, poll, read_states, record_poll
from flows.ingest_files import DEFAULT_SOURCES, Selection, SourceFile, discover_once, unseen
from flows.lake import Lake
from flows.run_lock import run_lock
from flows.staging import RunArea, recover
from flows.task_runners import make_task_runner
from flows.validate import Outcome, validate_frame

DEFAULT_WAREHOUSE = Path(__file__).resolve().parent.parent / "warehouse"
BATCH_SIZE = 2000
COUNTS = ("seen", "new", "loaded", "quarantined", "skipped")


@dataclass
class Load:
    """What the run's single transaction did."""

    loaded: int
    changed: int
    links: int
    failed: list[Outcome] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


class Listing:
    """The archive's files, sealed as a batch's work is: Prefect links each element of a list
    a task returns to the task's state, by id, in a dict the flow keeps until it ends (35 MB
    for 200,000 files, and none of it needed)."""

    __slots__ = ("files",)

    def __init__(self, files: list[SourceFile]):
        self.files = files


@task(cache_policy=NO_CACHE)
def discover_files(sources: list[str]) -> Listing:
    return Listing(discover_once(sources))


@task(cache_policy=NO_CACHE)
def select_unseen(files: list[SourceFile], seen: dict[str, set[str]], unchanged: set[str]) -> Selection:
    """Leave out the files the manifest has with the same content, before any batch starts."""
    return unseen(files, seen, unchanged)


class FilesBatch:
    """A batch task's work, sealed: Prefect would walk its lists looking for futures (seconds per
    batch), and `quote()`, which stops that, reaches a Dask worker as a tuple."""

    __slots__ = ("files", "seen", "area", "number", "at", "window")

    def __init__(self, files: list[SourceFile], seen: set, area: RunArea, number: int, at: datetime, window: tuple[date, date] | None):
        self.files, self.seen, self.area, self.number, self.at, self.window = files, seen, area, number, at, window

    def __repr__(self) -> str:
        return f"FilesBatch(number={self.number}, files={len(self.files)})"


@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def files_batch(work: FilesBatch) -> BatchReport:
    return process_files(work.files, work.seen, work.area, work.number, work.at, work.window)


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def poll_feeds(feeds: list[Feed], priors: dict, seen: set, run_id: str, at: datetime) -> FeedIngest:
    """Poll the feeds and fetch their new items' pages; one failing feed never fails the run."""
    return poll(feeds, None, seen, run_id, at, persist=False, priors=priors)


@task(cache_policy=NO_CACHE)
def feed_batch(polled: FeedIngest, area: RunArea, number: int, at: datetime) -> BatchReport:
    return process_ingested(polled, area, number, at)


@task(cache_policy=NO_CACHE)
def load(root: Path, area: RunArea, polled: FeedIngest | None, run: dict, counts: dict, restamp: list) -> Load:
    """Load the run's staging area, link reuse, index for search and record the run: one transaction.

    Reuse links are decided before the transaction opens (`reuse_index.pending_links`), from
    the staged files and committed tables, where DuckDB works on both cores; the transaction
    then only writes. Its time is reported in three stages: `link` (deciding and writing the
    links), `index` (the search index) and `load` (all else: the run's articles read and
    written to the lake, the inserts, the checks and the commit).
    """
    seconds = dict.fromkeys(("load", "link", "index"), 0.0)
    last = time.perf_counter()

    def charge(stage: str) -> None:
        """Charge the time since the last charge to `stage`."""
        nonlocal last
        now = time.perf_counter()
        seconds[stage] += now - last
        last = now

    connection = warehouse.connect(root)
    try:
        with ExitStack() as stack:
            articles = stack.enter_context(warehouse.run_articles(connection, area))  # and the lake's files of them
            charge("load")
            links = stack.enter_context(reuse_index.pending_links(connection, area.load_dataset("reuse"), articles))
            charge("link")
            with warehouse.transaction(connection):
                loaded, changed = warehouse.load_area(connection, area, articles)
                warehouse.restamp(connection, restamp)
                if polled is not None:
                    # Conditional-GET state is kept only with the items it vouches for.
                    record_poll(connection, polled, run["run_id"], run["at"])
                charge("load")
                reached("load")
                linked = reuse_index.apply(connection, links)
                charge("link")
                if loaded or linked:  # a run that loaded nothing leaves the index as it was
                    search.rebuild_index(connection, area.load_dataset("search"))
                charge("index")
                reached("index")
                failed = [o for o in check_sources(connection, area, run["run_id"], run["at"]) if not o.success]
                counts = {**counts, "new": counts["loaded"] + counts["quarantined"]}
                warehouse.record_run(connection, run["run_id"], run["flow"], "completed", run["started_at"], datetime.now(timezone.utc), counts)
            charge("load")  # the checks, the ledger row and the commit
    finally:
        connection.close()
    area.publish()
    return Load(loaded, changed, linked, failed, seconds)


def check_sources(connection, area: RunArea, run_id: str, at: datetime) -> list[Outcome]:
    """Flag a source that went silent or doubled since the previous run (warnings, kept in dq_results)."""
    volumes = warehouse.source_volumes(connection, run_id)
    if not len(volumes):
        return []
    validation = validate_frame(volumes, "sources")
    save_result(area, validation, "sources")
    warehouse.record_outcomes(connection, validation.outcomes, run_id, at, batch=-1)
    return validation.outcomes


def publish_artifacts(summary: dict, failed: list[Outcome]) -> None:
    """Show the run's counts and failed expectations on the run's page in the Prefect UI."""
    rows = "\n".join(f"| {key} | {summary[key]} |" for key in (*COUNTS, "changed", "seconds", "warehouse"))
    create_markdown_artifact(
        markdown=f"# akhbar {summary['flow']} run {summary['run_id']}\n\n| | |\n|---|---|\n{rows}\n",
        key="nightly-summary",
        description="Counts of the run: seen = new + skipped, new = loaded + quarantined.",
    )
    if failed:
        create_table_artifact(
            table=[{"expectation": o.expectation, "severity": o.severity, "unexpected": o.unexpected_count, "observed": o.observed} for o in failed],
            key="nightly-failed-expectations",
            description="Expectations that failed on at least one batch of this run.",
        )


@dataclass
class Known:
    """What the warehouse already holds of the run's inputs."""

    unchanged: set[str] = field(default_factory=set)  # files recorded with the same size and mtime
    seen: dict[str, set[str]] = field(default_factory=dict)  # content hashes of the other known files
    items: set[tuple[str, str]] = field(default_factory=set)  # (uri, hash) of everything, for the feeds
    priors: dict = field(default_factory=dict)  # the feeds' conditional-GET state


def _prepare(root: Path, lake: Lake, files: list[SourceFile], feeds: list[Feed], window) -> Known:
    """Finish or clean up after a run that was killed, then read what is already loaded."""
    connection = warehouse.connect(root)
    try:
        recover(lake, warehouse.completed_runs(connection))
        known = Known()
        if window is None:  # a backfill reprocesses whatever it is given
            known.unchanged, known.seen = warehouse.file_manifest(connection, files)
        if feeds:
            known.items, known.priors = warehouse.manifest_keys(connection), read_states(connection)
    finally:
        connection.close()
    return known


def in_batches(files: list[SourceFile], batch_size: int) -> list[list[SourceFile] | None]:
    return [files[i : i + batch_size] for i in range(0, len(files), batch_size)]


def _run_batches(batches: list[list[SourceFile] | None], seen: dict[str, set[str]], area: RunArea, window) -> list[BatchReport]:
    """Run every batch on the flow's task runner; with worker processes, the flow's own process takes batches too.

    With one batch, it runs here and spares a worker's start. Each batch's files leave
    `batches` once its work is made, so that the flow's process sheds the listing as the
    batches go (40 MB a 100,000 files) rather than at their end.
    """
    sizes = [len(batch) for batch in batches]
    total, finished = sum(sizes), 0

    def work(number: int) -> FilesBatch:
        batch, batches[number] = batches[number], None
        known = {(f.uri, sha) for f in batch for sha in seen.get(f.uri, ())}
        return FilesBatch(batch, known, area, number, datetime.now(timezone.utc), window)

    if len(batches) <= 1:
        return [files_batch(work(n)) for n in range(len(batches))]
    reports: dict[int, BatchReport] = {}

    def done(number: int, report: BatchReport) -> None:
        nonlocal finished
        reports[number] = report
        finished += sizes[number]
        progress.report("articles", finished, total)

    with batch_workers() as (runner, helps):
        if not helps:
            futures = [runner.submit(files_batch, {"work": work(n)}) for n in range(len(batches))]
            for number, future in enumerate(futures):
                done(number, future.result())
        else:
            with taking_batches():
                _share_batches(runner, len(batches), work, done)
    return [reports[n] for n in range(len(batches))]


def _share_batches(runner, count: int, work, done) -> None:
    """Keep the worker processes fed, two batches ahead each, and run the other batches here meanwhile.

    The flow's process would wait idle while workers run, yet it holds the pipeline's imports
    already: taking a core's share of the batches here spares a worker process and its few
    hundred MB. Workers take batches from the front, this process from the back, so the two
    meet at the end with at most a batch's work between them.
    """
    ahead = 2 * runner._max_workers if runner else 0
    front, back = 0, count
    futures: dict[int, object] = {}
    while front < back:
        while front < back and len(futures) < ahead:
            futures[front] = runner.submit(files_batch, {"work": work(front)})
            front += 1
        if front < back:
            back -= 1
            done(back, files_batch(work(back)))
        for number in [n for n, f in futures.items() if f.wrapped_future.done()]:
            done(number, futures.pop(number).result())
    for number, future in futures.items():
        done(number, future.result())


@contextmanager
def batch_workers():
    """The task runner for the batches, and whether this process takes batches beside it.

    A process pool's workers hold their memory (hundreds of MB each, mostly imports) until their
    pool closes, and the flow's pool closes only with the flow: the load would then run beside
    idle workers. A pool of the batches' own, one worker fewer than the flow's (this process
    is the other), is closed, its processes gone, before the load.
    """
    runner = FlowRunContext.get().task_runner
    if not isinstance(runner, ProcessPoolTaskRunner):
        yield runner, False
        return
    if runner._max_workers < 2:
        yield None, True  # one core: this process takes every batch
        return
    pool = runner.duplicate()
    pool._max_workers = runner._max_workers - 1
    with pool:
        yield pool, True


@flow(name="akhbar-nightly", log_prints=True, task_runner=make_task_runner("processes"))
def nightly(
    sources: list[str] | None = None,
    warehouse_dir: str | None = None,
    batch_size: int = BATCH_SIZE,
    wait: float = 0.0,
    backfill_from: date | None = None,
    backfill_to: date | None = None,
    lake: str | None = None,
) -> dict:
    """Ingest every new or changed article under `sources` into the warehouse at `warehouse_dir`.

    A source is a folder or file of articles, a feed URL, or a TOML list of feeds. With
    `backfill_from`/`backfill_to`, every article file under the sources published in that range
    is processed again whether seen or not (after a rule changed), and nothing else is loaded.
    `wait` is how long to queue behind a run already under way on the same warehouse. `lake` is
    where the Parquet lake lives: a folder or a pyarrow filesystem URI (default `<warehouse>/lake`).
    """
    logger = get_run_logger()
    paths, feeds = split_sources([str(s) for s in (sources or DEFAULT_SOURCES)])
    root = Path(warehouse_dir or DEFAULT_WAREHOUSE)
    window = (backfill_from, backfill_to) if backfill_from or backfill_to else None
    if window:
        feeds = []  # feeds have no history to revisit
        window = (window[0] or date.min, window[1] or date.max)
    started = time.perf_counter()
    run_id = warehouse.new_run_id()
    run = {"run_id": run_id, "flow": "backfill" if window else "nightly", "started_at": datetime.now(timezone.utc)}
    area = RunArea(Lake.of(root, lake), run_id)
    with run_lock(root, run_id, wait):
        try:
            files = discover_files(paths).files if paths else []
            selecting = time.perf_counter()
            known = _prepare(root, area.lake, files, feeds, window)
            selection = select_unseen(quote(files), quote(known.seen), quote(known.unchanged))
            selecting = time.perf_counter() - selecting
            seen_files, skipped, restamp = len(files), selection.skipped, selection.restamp
            # The archive's every file (40 MB a 100,000), and what the manifest knew of each:
            # the batches hold the new files, and let each batch's go once it is under way.
            batches = in_batches(selection.todo, batch_size)
            del files, selection
            known.unchanged = None
            reports = _run_batches(batches, known.seen, area, window)
            known.seen = None
            return_freed_memory()
            polled = None
            if feeds:
                run["at"] = datetime.now(timezone.utc)
                polled = poll_feeds(quote(feeds), quote(known.priors), quote(known.items), run_id, run["at"])
                reports.append(feed_batch(polled, area, len(reports), run["at"]))
                logger.info("feeds: %d polled, %d not modified, %d failed; %d items",
                            len(feeds), polled.not_modified, len(polled.errors), polled.seen_items)
            counts = {
                "seen": seen_files + (polled.seen_items if polled else 0),
                "loaded": sum(r.loaded for r in reports),
                "quarantined": sum(r.quarantined for r in reports),
                "skipped": skipped + sum(r.skipped for r in reports),
            }
            run.setdefault("at", datetime.now(timezone.utc))
            loaded = load(root, area, quote(polled), run, counts, quote(restamp))
        except BaseException:
            area.discard()
            _record_failure(root, run)
            raise
    logger.info("loaded %d articles (%d changed), %d linked to an earlier source", loaded.loaded, loaded.changed, loaded.links)
    stages = {stage: round(sum(r.seconds[stage] for r in reports) + (selecting if stage == "ingest" else 0), 2) for stage in STAGES}
    stages.update({k: round(v, 2) for k, v in loaded.seconds.items()})
    summary = {
        "run_id": run_id,
        "flow": run["flow"],
        **counts,
        "new": counts["loaded"] + counts["quarantined"],
        "changed": loaded.changed,
        "seconds": round(time.perf_counter() - started, 2),
        "stages": stages,
        "warehouse": str(warehouse.database_path(root)),
        "lake": str(area.lake),
    }
    publish_artifacts(summary, [o for r in reports for o in r.failed] + loaded.failed)
    return summary


def _record_failure(root: Path, run: dict) -> None:
    """Leave a `failed` row in the ledger when a run ends in an error (a kill leaves none)."""
    try:
        connection = warehouse.connect(root, wait=5)
        try:
            warehouse.record_run(connection, run["run_id"], run["flow"], "failed", run["started_at"], datetime.now(timezone.utc), dict.fromkeys(COUNTS, 0))
        finally:
            connection.close()
    except Exception:  # the run's own error is the one to report
        pass
