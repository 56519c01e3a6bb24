"""The DuckDB warehouse: schema, manifest, batch loads and the `runs` ledger.

Each batch loads in one transaction (articles MERGEd by id, quarantine rows, data-quality
results and the manifest rows that mark its items as done), so a batch is either wholly in
the warehouse or not at all, and a rerun picks up exactly what is missing.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.schemas import ARTICLES, QUARANTINE
from flows.validate import Outcome
from transforms.stage import Reject

SQL_DIR = Path(__file__).resolve().parent.parent / "warehouse"
# schema.sql first (the core contract), then the other DDL files by name.
DDL_FILES = ("schema.sql",)
DATABASE_NAME = "akhbar.duckdb"


def database_path(warehouse: Path) -> Path:
    return Path(warehouse) / DATABASE_NAME


class WarehouseBusy(RuntimeError):
    """Another process (a nightly run, most likely) holds the warehouse file."""


def connect(warehouse: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; DuckDB allows one writing process, so a busy file is refused plainly."""
    path = database_path(warehouse)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `akhbar run` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        holder = str(exc).split("Conflicting lock is held in", 1)[-1].split(". See", 1)[0].strip()
        raise WarehouseBusy(
            f"the warehouse {path} is in use by another process ({holder}); "
            "wait for the running `akhbar run` to finish, or read the Parquet lake meanwhile"
        ) from None
    if not read_only:
        apply_ddl(connection)
    return connection


def apply_ddl(connection) -> None:
    """Create what is missing; every statement in warehouse/*.sql is idempotent."""
    extra = sorted(p.name for p in SQL_DIR.glob("*.sql") if p.name not in DDL_FILES)
    for name in (*DDL_FILES, *extra):
        connection.execute((SQL_DIR / name).read_text(encoding="utf-8"))


@contextmanager
def transaction(connection):
    """All or nothing: a batch is wholly in the warehouse or not at all."""
    connection.execute("BEGIN TRANSACTION")
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def insert(connection, table: str, rows: pa.Table, replace: bool = False) -> None:
    """Append Arrow rows to `table` by column name; with `replace`, rows replace those with the same key."""
    if rows.num_rows == 0:
        return
    view = f"_arrow_{table}"
    connection.register(view, rows)
    try:
        connection.execute(f"INSERT {'OR REPLACE ' if replace else ''}INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        connection.unregister(view)


def manifest_keys(connection) -> set[tuple[str, str]]:
    return set(connection.execute("SELECT source_uri, raw_sha256 FROM manifest").fetchall())


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


def record_outcomes(connection, outcomes: list[Outcome], run_id: str, at: datetime, batch: int) -> None:
    insert(connection, "dq_results", pa.Table.from_pylist([{**asdict(o), "run_id": run_id, "evaluated_at": at, "batch": batch} for o in outcomes]))


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


def start_run(connection, run_id: str, flow: str, started_at: datetime) -> None:
    connection.execute(
        "INSERT INTO runs (run_id, flow, started_at, status) VALUES (?, ?, ?, 'running')",
        [run_id, flow, started_at],
    )


def finish_run(connection, run_id: str, status: str, finished_at: datetime, counts: dict[str, int]) -> None:
    connection.execute(
        """UPDATE runs SET status = ?, finished_at = ?, n_seen = ?, n_new = ?, n_loaded = ?,
                  n_quarantined = ?, n_skipped = ? WHERE run_id = ?""",
        [status, finished_at, counts["seen"], counts["new"], counts["loaded"], counts["quarantined"], counts["skipped"], run_id],
    )


def _quarantine_table(rejects: list[Reject], run_id: str, at: datetime) -> pa.Table:
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


def _manifest_table(articles: pa.Table, raw_sha: dict[str, str], rejects: list[Reject], run_id: str, at: datetime) -> pa.Table:
    uris = articles.column("source_uri").to_pylist()
    ids = articles.column("article_id").to_pylist()
    kept = [r for r in rejects if r.raw_sha256 is not None]  # an unreadable file is retried next run
    return pa.table(
        {
            "source_uri": uris + [r.source_uri for r in kept],
            "raw_sha256": [raw_sha[u] for u in uris] + [r.raw_sha256 for r in kept],
            "article_id": ids + [r.article_id for r in kept],
            "outcome": ["loaded"] * len(uris) + ["quarantined"] * len(kept),
            "run_id": [run_id] * (len(uris) + len(kept)),
            "recorded_at": [at] * (len(uris) + len(kept)),
        }
    )


# Tables of fields extracted from the bodies: an article's rows are replaced whole on reload.
FIELD_TABLES = ("entities", "quantities", "date_mentions")


def load_batch(
    connection,
    articles: pa.Table,
    raw_sha: dict[str, str],
    rejects: list[Reject],
    outcomes: list[Outcome],
    run_id: str,
    batch: int,
    at: datetime,
    fields: dict[str, pa.Table] | None = None,
) -> None:
    """Load one validated batch atomically."""
    if not articles.schema.equals(ARTICLES):
        raise ValueError(f"an articles batch must have the contract's schema, not {articles.schema}")
    quarantine = _quarantine_table(rejects, run_id, at)
    manifest = _manifest_table(articles, raw_sha, rejects, run_id, at)
    with transaction(connection):
        if articles.num_rows:
            connection.register("batch_articles", articles)
            try:
                connection.execute(
                    "MERGE INTO articles USING batch_articles AS s ON articles.article_id = s.article_id "
                    "WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT"
                )
                for name, table in (fields or {}).items():
                    connection.execute(f"DELETE FROM {name} WHERE article_id IN (SELECT article_id FROM batch_articles)")
                    insert(connection, name, table)
                connection.execute("DELETE FROM quarantine WHERE source_uri IN (SELECT source_uri FROM batch_articles)")
            finally:
                connection.unregister("batch_articles")
        insert(connection, "quarantine", quarantine)
        insert(connection, "manifest", manifest, replace=True)
        record_outcomes(connection, outcomes, run_id, at, batch)
