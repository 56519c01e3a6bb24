"""The DuckDB warehouse: schema, manifest, the load of a run and the `runs` ledger.

A run loads in one transaction (articles MERGEd by id, their fields, quarantine rows,
data-quality results, the manifest rows that mark its items as done, and its own `runs` row),
so the warehouse is as it was before the run or as it is after it, never in between, and a
rerun picks up exactly what is missing. DuckDB lets one process open the file for writing and
none for reading meanwhile, so connections wait (a bounded time) for the file rather than fail
at once: a run holds it only for its load, a reader only for its query.
"""

from __future__ import annotations

import os
import time
import uuid
import weakref
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs

from flows.schemas import ARTICLES, DQ_RESULTS, MANIFEST, QUARANTINE
from flows.validate import Outcome
from transforms.stage import Reject

if TYPE_CHECKING:
    from flows.ingest_files import SourceFile
    from flows.staging import RunArea

SQL_DIR = Path(__file__).resolve().parent.parent / "warehouse"
# schema.sql first (the core contract), then the other DDL files by name.
DDL_FILES = ("schema.sql",)
DATABASE_NAME = "akhbar.duckdb"


def database_path(warehouse: Path) -> Path:
    return Path(warehouse) / DATABASE_NAME


class WarehouseBusy(RuntimeError):
    """Another process (a nightly run, most likely) holds the warehouse file."""


# A memory cap for akhbar's DuckDB connections, in DuckDB's `memory_limit` syntax (e.g. 4GB).
# Past a few hundred MB the cap buys no speed and costs memory: the load of 200,000 articles took
# 64.3 s at 400 MB and at 600 MB, its process peaking at 1.03 and 1.27 GB (100,000: 24-26 s
# against 23 s, 0.94 against 1.20 GB). To fit 400 MB at 200,000 articles, the sort that writes
# the lake's files runs on one thread (`one_thread`), and no hash table holds the shingle lists.
MEMORY_ENVIRONMENT = "AKHBAR_DUCKDB_MEMORY"
DEFAULT_MEMORY = "400MB"
ALLOCATOR_FLUSH = "16MiB"

# How long a reader waits for a run's load to end, and a run for readers to finish, by default.
READ_WAIT = 120.0
WRITE_WAIT = 600.0


def connect(warehouse: Path, read_only: bool = False, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting up to `wait` seconds while another process holds it."""
    path = database_path(warehouse)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `akhbar run` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + (wait if wait is not None else READ_WAIT if read_only else WRITE_WAIT)
    pause = 0.05
    while True:
        try:
            connection = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                holder = str(exc).split("Conflicting lock is held in", 1)[-1].split(". See", 1)[0].strip()
                raise WarehouseBusy(
                    f"the warehouse {path} is in use by another process ({holder}); "
                    "wait for the running `akhbar run` to finish its load, or read the Parquet lake meanwhile"
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
    # DuckDB takes up to 80% of the machine's memory unless told otherwise. Capped, it spills
    # to a folder beside the file, so a run's load keeps the same footprint whatever the size
    # of the archive or of the run. Row order carries no meaning here; a progress bar on a
    # nightly run's log is noise.
    connection.execute(f"SET memory_limit = '{os.environ.get(MEMORY_ENVIRONMENT) or DEFAULT_MEMORY}'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = false")
    # DuckDB's allocator keeps what a query freed for the next one, past its memory cap: told
    # to hand it back after each task above 16 MB (not 128), from a thread of its own, the load
    # of 200,000 articles peaked some 50-100 MB lower in its reuse queries, in the same time.
    connection.execute(f"SET allocator_flush_threshold = '{ALLOCATOR_FLUSH}'")
    connection.execute("SET allocator_background_threads = true")
    if not read_only:
        apply_ddl(connection)
    return connection


def apply_ddl(connection) -> None:
    """Create what is missing; every statement in warehouse/*.sql is idempotent."""
    extra = sorted(p.name for p in SQL_DIR.glob("*.sql") if p.name not in DDL_FILES)
    for name in (*DDL_FILES, *extra):
        connection.execute((SQL_DIR / name).read_text(encoding="utf-8"))


# Connections inside a `transaction` block. Asking DuckDB instead (a second BEGIN) would abort the open one.
_open_transactions: weakref.WeakSet = weakref.WeakSet()


@contextmanager
def transaction(connection):
    """All or nothing. Inside a transaction already, the block joins it: the outer one decides."""
    if connection in _open_transactions:
        yield connection
        return
    connection.execute("BEGIN TRANSACTION")
    _open_transactions.add(connection)
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        _open_transactions.discard(connection)


def insert(connection, table: str, rows: pa.Table, replace: bool = False) -> None:
    """Append Arrow rows to `table` by column name; with `replace`, rows replace those with the same key."""
    if rows.num_rows == 0:
        return
    with registered(connection, f"_arrow_{table}", rows):
        connection.execute(f"INSERT {'OR REPLACE ' if replace else ''}INTO {table} BY NAME SELECT * FROM _arrow_{table}")


def manifest_keys(connection) -> set[tuple[str, str]]:
    return set(connection.execute("SELECT source_uri, raw_sha256 FROM manifest").fetchall())


def file_manifest(connection, files: list[SourceFile]) -> tuple[set[str], dict[str, set[str]]]:
    """What the manifest says of the discovered files: (URIs recorded with the same size and
    modification time, {URI: content hashes} of the other files it knows).

    The comparison runs in DuckDB on the whole listing at once, and only the hashes of files
    that may have changed come back to Python: a night's run over a large archive stays a scan.
    """
    listing = pa.table({
        "uri": [f.uri for f in files],
        "size_bytes": pa.array([f.size for f in files], pa.int64()),
        "mtime_ns": pa.array([f.mtime_ns for f in files], pa.int64()),
    })
    with registered(connection, "_listing", listing):
        connection.execute(
            """CREATE OR REPLACE TEMP TABLE _listing_state AS
               SELECT l.uri, bool_or(m.size_bytes = l.size_bytes AND m.mtime_ns = l.mtime_ns) AS unchanged
               FROM _listing l JOIN manifest m ON m.source_uri = l.uri GROUP BY l.uri"""
        )
    try:
        unchanged = {uri for (uri,) in connection.execute("SELECT uri FROM _listing_state WHERE unchanged").fetchall()}
        seen: dict[str, set[str]] = {}
        for uri, sha in connection.execute(
            """SELECT m.source_uri, m.raw_sha256 FROM manifest m JOIN _listing_state l ON l.uri = m.source_uri
               WHERE NOT coalesce(l.unchanged, false)"""
        ).fetchall():
            seen.setdefault(uri, set()).add(sha)
    finally:
        connection.execute("DROP TABLE _listing_state")
    return unchanged, seen


def source_volumes(connection, run_id: str):
    """Articles each source gave this run and the previous completed run, as a pandas frame.

    A source present in either run appears; the ratio is this run's count over the previous
    one's (NULL for a source new this run, which has nothing to compare with).
    """
    return connection.execute(
        """WITH previous AS (
               SELECT run_id FROM runs WHERE status = 'completed' AND run_id <> ? ORDER BY started_at DESC LIMIT 1),
           counts AS (
               SELECT source_name,
                      count(*) FILTER (WHERE run_id = ?) AS this_run,
                      count(*) FILTER (WHERE run_id = (SELECT run_id FROM previous)) AS previous_run
               FROM articles GROUP BY source_name)
           SELECT source_name, this_run, previous_run,
                  CASE WHEN previous_run > 0 THEN this_run / previous_run END AS volume_ratio
           FROM counts WHERE this_run > 0 OR previous_run > 0 ORDER BY source_name""",
        [run_id, run_id],
    ).df()


def outcome_rows(outcomes: list[Outcome], run_id: str, at: datetime, batch: int) -> pa.Table:
    return pa.Table.from_pylist([{**asdict(o), "run_id": run_id, "evaluated_at": at, "batch": batch} for o in outcomes], schema=DQ_RESULTS)


def record_outcomes(connection, outcomes: list[Outcome], run_id: str, at: datetime, batch: int) -> None:
    insert(connection, "dq_results", outcome_rows(outcomes, run_id, at, batch))


def quarantined(connection) -> list[tuple]:
    """The quarantine as it stands: one row per item, its latest reason first."""
    return connection.execute(
        """SELECT source_uri, reason, detail, quarantined_at FROM quarantine
           QUALIFY row_number() OVER (PARTITION BY source_uri ORDER BY quarantined_at DESC) = 1
           ORDER BY quarantined_at DESC, source_uri"""
    ).fetchall()


def release_quarantined(connection) -> list[str]:
    """Forget that quarantined files were seen, so the next run reads them again; return their URIs."""
    uris = [uri for (uri,) in connection.execute(
        "SELECT DISTINCT source_uri FROM quarantine WHERE source_uri LIKE 'file:%' ORDER BY 1").fetchall()]
    connection.execute("DELETE FROM manifest WHERE outcome = 'quarantined' AND source_uri LIKE 'file:%'")
    return uris


def new_run_id() -> str:
    """A run's id: its UTC start time first, so that ids sort as runs started, then a random tail."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def record_run(connection, run_id: str, flow: str, status: str, started_at: datetime, finished_at: datetime, counts: dict[str, int]) -> None:
    connection.execute(
        """INSERT OR REPLACE INTO runs (run_id, flow, started_at, finished_at, status, n_seen, n_new, n_loaded, n_quarantined, n_skipped)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [run_id, flow, started_at, finished_at, status, counts["seen"], counts["new"], counts["loaded"], counts["quarantined"], counts["skipped"]],
    )


def completed_runs(connection) -> set[str]:
    return {run_id for (run_id,) in connection.execute("SELECT run_id FROM runs WHERE status = 'completed'").fetchall()}


def quarantine_rows(rejects: list[Reject], run_id: str, at: datetime) -> pa.Table:
    return pa.table(
        {
            "run_id": [run_id] * len(rejects),
            "source_uri": [r.source_uri for r in rejects],
            "reason": [r.reason for r in rejects],
            "detail": [r.detail for r in rejects],
            "raw_sha256": [r.raw_sha256 for r in rejects],
            "quarantined_at": [at] * len(rejects),
        },
        schema=QUARANTINE,
    )


def restamp(connection, stamps: list[tuple[str, str, int, int | None]]) -> None:
    """Record the current size and mtime of files whose content was found unchanged by its hash."""
    if not stamps:
        return
    uris, shas, sizes, mtimes = zip(*stamps)
    rows = pa.table({"uri": uris, "sha": shas, "size_bytes": pa.array(sizes, pa.int64()), "mtime_ns": pa.array(mtimes, pa.int64())})
    with registered(connection, "_restamp", rows):
        connection.execute(
            """UPDATE manifest SET size_bytes = r.size_bytes, mtime_ns = r.mtime_ns FROM _restamp r
               WHERE manifest.source_uri = r.uri AND manifest.raw_sha256 = r.sha"""
        )


def manifest_rows(articles: pa.Table, raw_sha: dict[str, str], rejects: list[Reject], run_id: str, at: datetime,
                  stats: dict[str, tuple[int, int | None]] | None = None) -> pa.Table:
    """Rows marking the batch's items as done; a file's are stamped with its size and mtime (`stats`)."""
    uris = articles.column("source_uri").to_pylist()
    ids = articles.column("article_id").to_pylist()
    kept = [r for r in rejects if r.raw_sha256 is not None]  # an unreadable file is retried next run
    stamped = [(stats or {}).get(uri, (None, None)) for uri in uris + [r.source_uri for r in kept]]
    return pa.table(
        {
            "source_uri": uris + [r.source_uri for r in kept],
            "raw_sha256": [raw_sha[u] for u in uris] + [r.raw_sha256 for r in kept],
            "article_id": ids + [r.article_id for r in kept],
            "outcome": ["loaded"] * len(uris) + ["quarantined"] * len(kept),
            "run_id": [run_id] * (len(uris) + len(kept)),
            "recorded_at": [at] * (len(uris) + len(kept)),
            "size_bytes": [size for size, _ in stamped],
            "mtime_ns": [mtime for _, mtime in stamped],
        },
        schema=MANIFEST,
    )


# Tables of fields extracted from the bodies: an article's rows are replaced whole on reload.
FIELD_TABLES = ("entities", "quantities", "date_mentions")


@contextmanager
def run_articles(connection, area: RunArea):
    """Read the run's staged articles into the temporary table `_run_articles`, write the lake's files of them; yield its name.

    Yields None when none were staged. Call it before the run's transaction: DuckDB scans a
    table made outside a transaction on every core, one made inside it on one. The batches
    stage one file each (`load/articles`); the lake gets one file a publication date for the
    whole run, where a batch's own files would be one a batch and date (4,546 small files for
    100,000 articles, which DuckDB took 5.5 s to read, against 0.8 s for the run's 50).
    """
    with registered(connection, "_staged_articles", area.load_dataset("articles")) as present:
        if present:
            connection.execute(f"CREATE OR REPLACE TEMP TABLE _run_articles AS SELECT {_columns(ARTICLES.names)} FROM _staged_articles")
    try:
        if present:
            write_lake_articles(connection, area, "_run_articles")
        yield "_run_articles" if present else None
    finally:
        connection.execute("DROP TABLE IF EXISTS _run_articles")


# Articles held at once while writing the lake's files. At 200,000 articles the load's process
# peaked at 1,302 MB writing them 10,000 at a time, against 1,378 MB at 20,000.
LAKE_CHUNK_ROWS = 10_000


def write_lake_articles(connection, area: RunArea, articles: str) -> list[str]:
    """Write a run's articles into its area's `staged/articles`, hive-partitioned by publication date.

    Read in date order a chunk at a time, so memory stays flat however long the run; a date
    that spans two chunks gets two files. Published with the rest of the area after the commit.
    """
    order = [name for name in ARTICLES.names if name != "published_date"] + ["published_date"]
    schema = pa.schema([ARTICLES.field(name) for name in order])
    written = []
    with one_thread(connection):
        reader = connection.execute(
            f"SELECT {_columns(order)} FROM {articles} ORDER BY published_date, article_id"
        ).to_arrow_reader(LAKE_CHUNK_ROWS)
        for number, chunk in enumerate(reader):
            table = pa.Table.from_batches([chunk]).cast(schema)
            written += area.lake.write_partitioned(table, area.lake_path("staged", "articles"), "published_date", f"{area.run_id}-{number:05d}")
    return written


@contextmanager
def one_thread(connection):
    """Run a sort of every body of a run on one thread: DuckDB's sort takes memory per thread, and on two
    the sort of 200,000 articles' bodies ran out of a 400 MB cap (on one it fit, in 4.1 s against 2.5 s)."""
    threads = connection.execute("SELECT current_setting('threads')").fetchone()[0]
    connection.execute("SET threads = 1")
    try:
        yield
    finally:
        connection.execute(f"SET threads = {threads}")


def load_area(connection, area: RunArea, articles: str | None) -> tuple[int, int]:
    """Load a run's staging area (flows/staging.py); return (articles loaded, articles changed).

    Call it inside the run's transaction, with `articles` the table `run_articles` made.
    Articles are MERGEd by id, so a changed file replaces its row; an article's field rows are
    replaced whole; its old quarantine rows leave. An article counts as changed when it is new,
    when a column of its row other than the run's bookkeeping differs, or when its entities,
    quantities or dates differ. The staged files are read through `registered`: on object
    storage that DuckDB itself cannot reach, via pyarrow.
    """
    loaded = changed = 0
    if articles:
        compared = [c for c in ARTICLES.names if c not in ("run_id", "ingested_at", "reuse_of", "reuse_score", "article_id")]
        differs = " OR ".join(f's."{c}" IS DISTINCT FROM a."{c}"' for c in compared)
        connection.execute(
            f"""CREATE OR REPLACE TEMP TABLE _run_changed AS SELECT s.article_id FROM {articles} s
                LEFT JOIN articles a ON a.article_id = s.article_id WHERE a.article_id IS NULL OR {differs}"""
        )
        # Articles the warehouse held before: only their field rows can differ from old ones.
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE _run_known AS SELECT article_id FROM {articles} SEMI JOIN articles USING (article_id)"
        )
        connection.execute(
            f"MERGE INTO articles USING {articles} AS s ON articles.article_id = s.article_id "
            "WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT"
        )
        for name in FIELD_TABLES:
            _replace_fields(connection, name, area.dataset("staged", name), articles)
        connection.execute(f"DELETE FROM quarantine WHERE source_uri IN (SELECT source_uri FROM {articles})")
        loaded = connection.execute(f"SELECT count(*) FROM {articles}").fetchone()[0]
        changed = connection.execute("SELECT count(DISTINCT article_id) FROM _run_changed").fetchone()[0]
        for table in ("_run_changed", "_run_known"):
            connection.execute(f"DROP TABLE {table}")
    for table, verb in (("quarantine", "INSERT"), ("manifest", "INSERT OR REPLACE"), ("dq_results", "INSERT")):
        with registered(connection, f"_staged_{table}", area.load_dataset(table)) as rows:
            if rows:
                connection.execute(f"{verb} INTO {table} BY NAME SELECT * FROM _staged_{table}")
    return loaded, changed


def _replace_fields(connection, name: str, staged, articles: str) -> None:
    """Replace the run's articles' rows of one field table, counting the articles whose rows differ.

    Only the articles the warehouse held before are compared (a new article counts as changed
    already): a first load of many articles compares nothing.
    """
    columns = _columns([d[0] for d in connection.execute(f"SELECT * FROM {name} LIMIT 0").description])
    with registered(connection, f"_staged_{name}", staged) as present:
        new = f"(SELECT {columns} FROM _staged_{name})" if present else f"(SELECT {columns} FROM {name} LIMIT 0)"
        if connection.execute("SELECT count(*) FROM _run_known").fetchone()[0]:
            known = "WHERE article_id IN (SELECT article_id FROM _run_known)"
            old = f"(SELECT {columns} FROM {name} {known})"
            new_of_known = f"(FROM {new} {known})"
            connection.execute(
                f"""INSERT INTO _run_changed SELECT article_id FROM (
                        (FROM {old} EXCEPT ALL FROM {new_of_known}) UNION ALL (FROM {new_of_known} EXCEPT ALL FROM {old}))"""
            )
        connection.execute(f"DELETE FROM {name} WHERE article_id IN (SELECT article_id FROM {articles})")
        connection.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {new}")


@contextmanager
def registered(connection, name: str, rows):
    """Let DuckDB read `rows` (an Arrow table or dataset; None: nothing staged) under `name` for a while.

    A dataset of Parquet files on a local disk is read by DuckDB's own Parquet reader, through a
    view: it reads in parallel within the connection's memory cap, where a pyarrow scan of the
    run's 15M search-word rows took twice as long and held some 600 MB beyond it. Any other
    dataset (object storage) is scanned through pyarrow.
    """
    if rows is None:
        yield False
        return
    if isinstance(rows, ds.FileSystemDataset) and isinstance(rows.filesystem, pafs.LocalFileSystem):
        connection.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {_parquet_scan(rows)}")
        try:
            yield True
        finally:
            connection.execute(f"DROP VIEW IF EXISTS {name}")
        return
    connection.register(name, rows)
    try:
        yield True
    finally:
        connection.unregister(name)


def _parquet_scan(dataset: ds.FileSystemDataset) -> str:
    """The SELECT of DuckDB's Parquet reader that gives the same columns as the pyarrow dataset."""
    files = ", ".join("'" + path.replace("'", "''") + "'" for path in dataset.files)
    partitioning = dataset.partitioning
    if partitioning is None or not len(partitioning.schema):  # DuckDB would read hive folders' names as columns
        return f"SELECT * FROM read_parquet([{files}], hive_partitioning = false)"
    types = ", ".join(f"'{f.name}': {_DUCKDB_TYPES[f.type]}" for f in partitioning.schema)
    columns = ", ".join(f'"{name}"' for name in dataset.schema.names)
    return f"SELECT {columns} FROM read_parquet([{files}], hive_partitioning = true, hive_types = {{{types}}})"


_DUCKDB_TYPES = {pa.date32(): "DATE", pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.int32(): "INTEGER"}


def _columns(names) -> str:
    return ", ".join(f'"{name}"' for name in names)
