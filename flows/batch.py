"""One batch of items, from files (or polled feed items) to Parquet in the run's staging area.

Nothing here touches the warehouse: a batch reads its inputs and writes files, so batches can
run side by side in worker processes or on a Dask cluster, and the warehouse is held only for
the run's single load. The figures a batch returns are small: counts, failed expectations and
the seconds spent in each stage.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd
import pyarrow as pa

from flows.checkpoints import reached
from flows.ingest_files import Ingested, SourceFile, read_new
from flows.schemas import ARTICLES
from flows.staging import RunArea
from flows.data_docs import validation_parts
from flows.validate import Outcome, Validation, field_counts, result_json, short_repr, validate_fields, validate_frame
from flows.warehouse import FIELD_TABLES, manifest_rows, outcome_rows, quarantine_rows
from transforms.fields import extract_fields
from transforms.reference import load_reference
from transforms.reuse import reuse_text
from transforms.search_terms import search_terms
from transforms.stage import Reject, stage_articles

VALIDATED_COLUMNS = [
    "article_id", "content_hash", "published_date", "urdu_ratio", "body", "headline", "headline_origin",
    "dateline_city", "agencies", "word_count",
]
STAGES = ("ingest", "normalize", "validate", "extract", "tokenize", "parquet")


@dataclass
class BatchReport:
    loaded: int = 0
    quarantined: int = 0
    skipped: int = 0
    failed: list[Outcome] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextmanager
    def timing(self, stage: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started


def process_files(files: list[SourceFile], seen: set[tuple[str, str]], area: RunArea, number: int, at: datetime,
                  window: tuple[date, date] | None = None) -> BatchReport:
    """Read the batch's new or changed files and take them through the pipeline."""
    report = BatchReport()
    with report.timing("ingest"):
        ingested = read_new(files, seen, area.run_id, at)
    reached("ingest")
    report = process_ingested(ingested, area, number, at, report, window)
    del ingested
    collect_batch_garbage()  # once the batch's tables are gone, so that their memory goes back
    return report


def process_ingested(ingested: Ingested, area: RunArea, number: int, at: datetime, report: BatchReport | None = None,
                     window: tuple[date, date] | None = None) -> BatchReport:
    """Stage, validate, extract and write one batch of raw items (files or feed items).

    With a backfill `window`, only articles published inside it go on; the rest, and items that
    cannot be parsed (the nightly runs quarantine those), count as skipped.
    """
    report = report or BatchReport()
    report.skipped = ingested.skipped
    with report.timing("normalize"):
        rows, parse_rejects = stage_articles(ingested.raw, load_reference())
    if window is not None:
        inside = [row for row in rows if window[0] <= row["published_date"] <= window[1]]
        report.skipped += len(rows) - len(inside) + len(parse_rejects) + len(ingested.rejects)
        rows, parse_rejects, ingested = inside, [], Ingested(ingested.raw, [], ingested.skipped, ingested.stats)
    reached("validate")
    with report.timing("validate"):
        articles, invalid, validation = validate_rows(rows, area.run_id, at)
    ids = articles.column("article_id").to_pylist()
    bodies = articles.column("body").to_pylist()
    with report.timing("extract"):
        published = dict(zip(ids, articles.column("published_date").to_pylist()))
        datelines = dict(zip(ids, articles.column("dateline_city").to_pylist()))
        fields = dict(zip(FIELD_TABLES, extract_fields(zip(ids, bodies), published, datelines)))
    outcomes = []
    with report.timing("validate"):
        fields, checked = validate_fields(fields, dict(zip(ids, bodies)))
        if articles.num_rows:
            checked["article_fields"] = validate_frame(field_counts(ids, fields), "article_fields")
        for suite, done in (("articles", validation), *checked.items()):
            if done is not None:
                save_result(area, done, suite, number)
                outcomes += done.outcomes
    with report.timing("tokenize"):
        starts = {row["article_id"]: row["dateline_end"] for row in rows}
        shingled = by_chunks(reuse_text, ids, bodies, [starts[i] for i in ids])
        words = by_chunks(search_terms, ids, articles.column("headline").to_pylist(), bodies)
    rejects = ingested.rejects + parse_rejects + invalid
    with report.timing("parquet"):
        write_batch(area, number, at, ingested, articles, fields, rejects, outcomes, {"reuse": shingled, "search": words})
    report.loaded, report.quarantined = articles.num_rows, len(rejects)
    report.failed = [o for o in outcomes if not o.success]
    return report


# Articles tokenized at once: the tokenizers make arrays of every code point they are given
# (some 20 bytes a character), so a batch goes a chunk at a time.
TOKENIZE_CHUNK = 500


def by_chunks(tokenize, *columns: list) -> pa.Table:
    """`tokenize` over consecutive slices of its columns, its tables put together."""
    size = len(columns[0])
    if size <= TOKENIZE_CHUNK:
        return tokenize(*columns)
    return pa.concat_tables([tokenize(*(column[i : i + TOKENIZE_CHUNK] for column in columns)) for i in range(0, size, TOKENIZE_CHUNK)])


def collect_batch_garbage() -> None:
    """Free the batch's frames that GX's validators hold in reference cycles.

    Left to the collector's thresholds, a worker grew by some 40 MB a batch until a full
    collection happened to run (930 MB after 9 batches, against 550-570 MB collected after each).
    Freezing what survives keeps each later collection to the batch's own objects (8 ms, where
    a full one takes 180 ms). Frozen objects are never collected again, so the flow's own
    process freezes only while it takes batches (`taking_batches`), as a worker does. The heap
    freed goes back to the system, so the next batch starts from the imports again: with the
    tokenizing in chunks, a process of 8 batches peaked at 499-513 MB, against 582 MB.
    """
    gc.collect()
    if _taking_batches or multiprocessing.parent_process() is not None:
        gc.freeze()
    _release_heap()


_taking_batches = False


@contextmanager
def taking_batches():
    """While the flow's process takes batches beside the workers: it freezes what survives them too.

    What the collections froze is unfrozen at the end, and collected with the rest: the
    process may live on (a served flow, a test session).
    """
    global _taking_batches
    _taking_batches = True
    try:
        yield
    finally:
        _taking_batches = False
        gc.unfreeze()


def return_freed_memory() -> None:
    """Hand the heap that the batches freed back to the system, before this process runs the load.

    Freed memory stays in the allocators' free lists (glibc's, Arrow's) otherwise: a flow that
    took batches itself went into its load some 200 MB heavier than it need be.
    """
    gc.collect()
    _release_heap()


def _release_heap() -> None:
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def validate_rows(rows: list[dict], run_id: str, at: datetime) -> tuple[pa.Table, list[Reject], Validation | None]:
    """Split staged rows into those that load and those a critical expectation quarantines."""
    if not rows:
        return ARTICLES.empty_table(), [], None
    today = at.date()
    frame = pd.DataFrame.from_records(rows, columns=VALIDATED_COLUMNS)
    result = validate_frame(frame, "articles", date_parameters(today))
    columns = {o.expectation: o.column for o in result.outcomes}
    rejects = []
    for position, names in sorted(result.failed_rows.items()):
        row = rows[position]
        detail = "; ".join(f"{name}: {short_repr(row.get(columns[name]))}" for name in names)
        rejects.append(Reject(row["source_uri"], names[0], detail, row["raw_sha256"], row["article_id"]))
    passed = [dict(row, run_id=run_id, ingested_at=at) for i, row in enumerate(rows) if i not in result.failed_rows]
    return pa.Table.from_pylist(passed, schema=ARTICLES), rejects, result


def date_parameters(today: date) -> dict[str, str]:
    return {"tomorrow": (today + timedelta(days=1)).isoformat(), "a_year_ago": (today - timedelta(days=365)).isoformat()}


def write_batch(area: RunArea, number: int, at: datetime, ingested: Ingested, articles: pa.Table, fields: dict[str, pa.Table],
                rejects: list[Reject], outcomes: list[Outcome], indexes: dict[str, pa.Table]) -> None:
    """Write the batch into the run's staging area: lake files, and the warehouse-only rows."""
    name = f"{area.run_id}-{number:05d}"
    raw = ingested.raw
    day = f"ingest_date={at.date().isoformat()}"
    if raw.num_rows:
        area.lake.write_parquet(raw, area.lake_path("raw", day, f"{name}.parquet"))
    reached("parquet")
    for table_name, table in fields.items():
        if table.num_rows:
            area.lake.write_parquet(table, area.lake_path("staged", table_name, day, f"{name}.parquet"))
    raw_sha = dict(zip(raw.column("source_uri").to_pylist(), raw.column("raw_sha256").to_pylist()))
    warehouse_rows = {
        # One file a batch: the load writes the lake's files of them, one a publication date.
        "articles": articles,
        "quarantine": quarantine_rows(rejects, area.run_id, at),
        "manifest": manifest_rows(articles, raw_sha, rejects, area.run_id, at, ingested.stats),
        "dq_results": outcome_rows(outcomes, area.run_id, at, number),
        **indexes,
    }
    for table_name, table in warehouse_rows.items():
        if table.num_rows:
            area.lake.write_parquet(table, area.load_path(table_name, number))


def save_result(area: RunArea, validation: Validation, suite: str, number: int | None = None) -> str:
    """Keep GX's result of a validation in the run's area, for the Data Docs (flows/data_docs.py)."""
    return area.lake.write_text(result_json(validation), area.lake_path(*validation_parts(area.run_id, suite, number)))
