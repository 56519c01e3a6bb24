"""The nightly flow: the pipeline's table of contents.

sources -> discover files / poll feeds -> (per batch) ingest new items -> stage (normalize, parse) -> validate
-> extract entities, amounts and dates -> write the lake -> load DuckDB; then link reused
stories, rebuild the search index and close the run's ledger row. Tasks work on batches of
thousands of articles: a Prefect task per article would cost more than the work itself.
"""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows import lake, progress, reuse_index, search, warehouse
from flows.feeds_config import Feed, split_sources
from flows.ingest_feeds import FeedIngest, poll, record_poll
from flows.ingest_files import Ingested, SourceFile, discover, read_new
from flows.schemas import ARTICLES
from flows.validate import Outcome, short_repr, validate_frame
from transforms.fields import extract_fields
from transforms.reference import load_reference
from transforms.stage import Reject, stage_articles

DEFAULT_SOURCES = [Path(__file__).resolve().parent.parent / "seeds" / "articles"]
DEFAULT_WAREHOUSE = Path(__file__).resolve().parent.parent / "warehouse"
BATCH_SIZE = 2000
VALIDATED_COLUMNS = [
    "article_id", "content_hash", "published_date", "urdu_ratio", "body", "headline", "headline_origin",
    "dateline_city", "agencies", "word_count",
]


@task(cache_policy=NO_CACHE)
def discover_files(sources: list[str]) -> list[SourceFile]:
    return discover(sources)


@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def ingest(files: list[SourceFile], seen: set, run_id: str, at: datetime) -> Ingested:
    return read_new(files, seen, run_id, at)


@task(retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def poll_feeds(feeds: list[Feed], connection, seen: set, run_id: str, at: datetime) -> FeedIngest:
    """Poll the feeds and fetch their new items' pages; one failing feed never fails the run."""
    return poll(feeds, connection, seen, run_id, at, persist=False)


@task(cache_policy=NO_CACHE)
def stage(raw: pa.Table) -> tuple[list[dict], list[Reject]]:
    return stage_articles(raw, load_reference())


@task(cache_policy=NO_CACHE)
def validate(rows: list[dict], run_id: str, at: datetime, today: date) -> tuple[pa.Table, list[Reject], list[Outcome]]:
    """Split staged rows into those that load and those a critical expectation quarantines."""
    if not rows:
        return ARTICLES.empty_table(), [], []
    frame = pd.DataFrame.from_records(rows, columns=VALIDATED_COLUMNS)
    parameters = {"tomorrow": (today + timedelta(days=1)).isoformat(), "a_year_ago": (today - timedelta(days=365)).isoformat()}
    result = validate_frame(frame, "articles", parameters)
    columns = {o.expectation: o.column for o in result.outcomes}
    rejects = []
    for position, names in sorted(result.failed_rows.items()):
        row = rows[position]
        detail = "; ".join(f"{name}: {short_repr(row.get(columns[name]))}" for name in names)
        rejects.append(Reject(row["source_uri"], names[0], detail, row["raw_sha256"], row["article_id"]))
    passed = [dict(row, run_id=run_id, ingested_at=at) for i, row in enumerate(rows) if i not in result.failed_rows]
    return pa.Table.from_pylist(passed, schema=ARTICLES), rejects, result.outcomes


@task(cache_policy=NO_CACHE)
def extract(articles: pa.Table) -> dict[str, pa.Table]:
    """People, places, organizations, amounts and dates, with offsets into each body."""
    pairs = zip(articles.column("article_id").to_pylist(), articles.column("body").to_pylist())
    return dict(zip(warehouse.FIELD_TABLES, extract_fields(pairs)))


@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def write_lake(root: Path, raw: pa.Table, articles: pa.Table, fields: dict[str, pa.Table], run_id: str, batch: int, today: date) -> None:
    name = f"{run_id}-{batch:05d}"
    if raw.num_rows:
        lake.write_atomic(raw, root / "raw" / f"ingest_date={today.isoformat()}" / f"{name}.parquet")
    lake.write_partitioned(articles, root / "staged" / "articles", "published_date", name)
    for table_name, table in fields.items():
        if table.num_rows:
            lake.write_atomic(table, root / "staged" / table_name / f"ingest_date={today.isoformat()}" / f"{name}.parquet")


@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def load(connection, articles, raw_sha, rejects, outcomes, run_id, batch, at, fields) -> None:
    warehouse.load_batch(connection, articles, raw_sha, rejects, outcomes, run_id, batch, at, fields)


def publish_artifacts(summary: dict, failed: list[Outcome]) -> None:
    """Show the run's counts and failed expectations on the run's page in the Prefect UI."""
    rows = "\n".join(f"| {key} | {summary[key]} |" for key in ("seen", "new", "loaded", "quarantined", "skipped", "seconds", "warehouse"))
    create_markdown_artifact(
        markdown=f"# akhbar nightly run {summary['run_id']}\n\n| | |\n|---|---|\n{rows}\n",
        key="nightly-summary",
        description="Counts of the run: seen = new + skipped, new = loaded + quarantined.",
    )
    if failed:
        create_table_artifact(
            table=[{"expectation": o.expectation, "severity": o.severity, "unexpected": o.unexpected_count, "observed": o.observed} for o in failed],
            key="nightly-failed-expectations",
            description="Expectations that failed on at least one batch of this run.",
        )


@task(cache_policy=NO_CACHE)
def link_reuse(connection) -> int:
    """Find each newly loaded article's source, if it is a copy or rewrite of an earlier one.

    Works from the warehouse rather than the run's batches, so articles a killed run loaded
    but never linked are linked by the next run.
    """
    return reuse_index.link_pending(connection)


@task(cache_policy=NO_CACHE)
def index_for_search(connection) -> None:
    """Rebuild the BM25 index: DuckDB's full-text index does not follow inserts."""
    search.rebuild_index(connection)


@task(cache_policy=NO_CACHE)
def check_sources(connection, run_id: str, at: datetime) -> list[Outcome]:
    """Flag a source that went silent or doubled since the previous run (warnings, kept in dq_results)."""
    volumes = warehouse.source_volumes(connection, run_id)
    outcomes = validate_frame(volumes, "sources").outcomes if len(volumes) else []
    warehouse.record_outcomes(connection, outcomes, run_id, at, batch=-1)
    return outcomes


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _process(ingested, connection, root: Path, run_id: str, number: int, at: datetime) -> tuple[int, int, list[Outcome]]:
    """Take one ingested batch (files or feed items) through stage, validate, extract and load."""
    today = at.date()
    rows, parse_rejects = stage(ingested.raw)
    articles, invalid, outcomes = validate(quote(rows), run_id, at, today)
    rejects = ingested.rejects + parse_rejects + invalid
    raw_sha = dict(zip(ingested.raw.column("source_uri").to_pylist(), ingested.raw.column("raw_sha256").to_pylist()))
    fields = extract(articles)
    write_lake(root / "lake", ingested.raw, articles, quote(fields), run_id, number, today)
    load(connection, articles, quote(raw_sha), quote(rejects), quote(outcomes), run_id, number, at, quote(fields))
    return articles.num_rows, len(rejects), outcomes


@flow(name="akhbar-nightly", log_prints=True)
def nightly(sources: list[str] | None = None, warehouse_dir: str | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Ingest every new or changed article under `sources` into the warehouse at `warehouse_dir`.

    A source is a folder or file of articles, a feed URL, or a TOML list of feeds.
    """
    logger = get_run_logger()
    paths, feeds = split_sources([str(s) for s in (sources or DEFAULT_SOURCES)])
    root = Path(warehouse_dir or DEFAULT_WAREHOUSE)
    started = time.perf_counter()
    run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    counts = dict.fromkeys(("seen", "new", "loaded", "quarantined", "skipped"), 0)
    failed: list[Outcome] = []

    def tally(ingested, loaded: int, quarantined: int, outcomes: list[Outcome]) -> None:
        counts["skipped"] += ingested.skipped
        counts["loaded"] += loaded
        counts["quarantined"] += quarantined
        failed.extend(o for o in outcomes if not o.success)

    connection = warehouse.connect(root)
    warehouse.start_run(connection, run_id, "nightly", datetime.now(timezone.utc))
    status = "failed"
    try:
        seen = warehouse.manifest_keys(connection)
        files = discover_files(paths) if paths else []
        counts["seen"] = len(files)
        number = 0
        for number, batch in enumerate(_batches(files, batch_size)):
            at = datetime.now(timezone.utc)
            # quote(): Prefect would otherwise walk every element of a batch looking for futures.
            ingested = ingest(quote(batch), quote(seen), run_id, at)
            loaded, quarantined, outcomes = _process(ingested, connection, root, run_id, number, at)
            tally(ingested, loaded, quarantined, outcomes)
            progress.report("articles", min((number + 1) * batch_size, len(files)), len(files))
            logger.info("batch %d: %d files, %d loaded, %d quarantined, %d already seen",
                        number, len(batch), loaded, quarantined, ingested.skipped)
        if feeds:
            at = datetime.now(timezone.utc)
            polled = poll_feeds(quote(feeds), connection, quote(seen), run_id, at)
            counts["seen"] += polled.seen_items
            loaded, quarantined, outcomes = _process(polled, connection, root, run_id, number + 1, at)
            tally(polled, loaded, quarantined, outcomes)
            # Conditional-GET state is kept only once the items it vouches for are loaded.
            record_poll(connection, polled, run_id, at)
            logger.info("feeds: %d polled, %d not modified, %d failed; %d items, %d loaded, %d quarantined, %d already seen",
                        len(feeds), polled.not_modified, len(polled.errors), polled.seen_items, loaded, quarantined, polled.skipped)
        links = link_reuse(connection)
        if counts["loaded"] or links:  # a run that loaded nothing leaves the index as it was
            index_for_search(connection)
        logger.info("reuse: %d articles linked to an earlier source", links)
        failed.extend(o for o in check_sources(connection, run_id, datetime.now(timezone.utc)) if not o.success)
        counts["new"] = counts["loaded"] + counts["quarantined"]
        status = "completed"
    finally:
        warehouse.finish_run(connection, run_id, status, datetime.now(timezone.utc), counts)
        connection.close()
    summary = {
        "run_id": run_id,
        **counts,
        "seconds": round(time.perf_counter() - started, 2),
        "warehouse": str(warehouse.database_path(root)),
    }
    publish_artifacts(summary, failed)
    return summary
