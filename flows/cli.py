"""The `akhbar` command: a thin skin over the flows and the warehouse."""

from __future__ import annotations

import os

# No telemetry from an offline, nightly job.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.bench import bench_app
from flows.serve import serve_command

app = typer.Typer(help="akhbar: a nightly ETL pipeline for Urdu news, into DuckDB.", no_args_is_help=True, add_completion=False)
eval_app = typer.Typer(help="Score the pipeline against labelled corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
console = Console()

DEFAULT_WAREHOUSE = Path("warehouse")
WarehouseOption = Annotated[Path, typer.Option("--warehouse", "-w", help="Warehouse folder (holds akhbar.duckdb and lake/).")]
LakeOption = Annotated[Optional[str], typer.Option("--lake", envvar="AKHBAR_LAKE", help="The Parquet lake: a folder or a pyarrow filesystem URI such as s3://bucket/lake (default: lake/ in the warehouse folder).")]


TASK_RUNNERS = ("processes", "threads", "dask")


@app.command()
def run(
    source: Annotated[Optional[list[str]], typer.Option("--source", "-s", help="A folder (read recursively for *.txt), a file, a feed URL or a TOML list of feeds (seeds/feeds.toml); repeatable. Default: seeds/articles.")] = None,
    warehouse: WarehouseOption = DEFAULT_WAREHOUSE,
    batch_size: Annotated[int, typer.Option(help="Articles per batch task.")] = 2000,
    task_runner: Annotated[str, typer.Option(help="Where batches run: processes (one per core), threads, or dask.")] = "processes",
    dask_address: Annotated[Optional[str], typer.Option(help="A Dask scheduler, tcp://HOST:PORT (with --task-runner dask); none starts a local cluster.")] = None,
    wait: Annotated[float, typer.Option(help="Seconds to queue behind a run already under way on this warehouse.")] = 0.0,
    lake: LakeOption = None,
) -> None:
    """Run the nightly flow once: ingest new or changed articles, validate, load."""
    _run_flow(source, warehouse, batch_size=batch_size, task_runner=task_runner, dask_address=dask_address, wait=wait, lake=lake)


@app.command()
def backfill(
    source: Annotated[list[str], typer.Option("--source", "-s", help="A folder or file of articles; repeatable.")],
    date_from: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First publication date to reprocess.")],
    date_to: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last publication date to reprocess.")],
    warehouse: WarehouseOption = DEFAULT_WAREHOUSE,
    task_runner: Annotated[str, typer.Option(help="Where batches run: processes, threads, or dask.")] = "processes",
    wait: Annotated[float, typer.Option(help="Seconds to queue behind a run already under way on this warehouse.")] = 0.0,
    lake: LakeOption = None,
) -> None:
    """Reprocess every article published in a date range (after a rule changed), seen or not."""
    if date_to < date_from:
        raise typer.BadParameter("--to is before --from", param_hint="--to")
    _run_flow(source, warehouse, task_runner=task_runner, wait=wait, lake=lake, backfill_from=date_from.date(), backfill_to=date_to.date())


def _run_flow(source, warehouse: Path, task_runner: str, dask_address: str | None = None, **parameters) -> None:
    from flows import progress
    from flows.feeds_config import FeedConfigError, is_feed_url
    from flows.ingest_files import DEFAULT_SOURCES, SourceNotFound
    from flows.lake import Lake
    from flows.quick_run import nothing_new
    from flows.run_lock import RunInProgress, ensure_free
    from flows.task_runners import make_task_runner, shared_api
    from flows.warehouse import WarehouseBusy

    sources = [str(s) for s in (source or DEFAULT_SOURCES)]
    for s in sources:
        if not is_feed_url(s) and not Path(s).exists():
            raise typer.BadParameter(f"{s} is neither a folder, a file nor a feed URL", param_hint="--source")
    if task_runner not in TASK_RUNNERS:
        raise typer.BadParameter(f"{task_runner} is not one of {', '.join(TASK_RUNNERS)}", param_hint="--task-runner")
    if not parameters.get("wait"):
        try:
            ensure_free(warehouse)
        except RunInProgress as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(3) from None
    if "backfill_from" not in parameters:
        try:
            quiet = nothing_new(sources, warehouse, Lake.of(warehouse, parameters.get("lake")), parameters.get("wait") or 0.0)
        except (WarehouseBusy, RunInProgress) as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(3) from None
        if quiet is not None:
            _print_summary(quiet)
            return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task_id = bar.add_task("starting Prefect", total=None)
        progress.listen(lambda stage, done, total: bar.update(task_id, description=stage, completed=done, total=total))
        try:
            with shared_api() as ready:
                from flows.nightly import nightly
                from flows.validate import warm_up

                flow = nightly.with_options(task_runner=make_task_runner(task_runner, dask_address))
                warm_up()
                ready()
                summary = flow(sources=sources, warehouse_dir=str(warehouse), **parameters)
        except (SourceNotFound, FeedConfigError) as exc:
            raise typer.BadParameter(str(exc), param_hint="--source") from None
        except (WarehouseBusy, RunInProgress) as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(3) from None
        finally:
            progress.listen(None)
    _print_summary(summary)


def _print_summary(summary: dict) -> None:
    table = Table(title=f"{summary['flow']} run {summary['run_id']}", show_header=False)
    for key in ("seen", "new", "loaded", "quarantined", "skipped", "changed", "seconds", "warehouse", "lake"):
        table.add_row(key, str(summary[key]))
    console.print(table)


app.command("serve")(serve_command)
app.add_typer(bench_app, name="bench")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A SQL query against the warehouse.")],
    warehouse: WarehouseOption = DEFAULT_WAREHOUSE,
    max_rows: Annotated[int, typer.Option(help="Rows to print at most.")] = 100,
    wait: Annotated[float, typer.Option(help="Seconds to wait while a run is loading the warehouse.")] = 120.0,
) -> None:
    """Query the warehouse (read-only) and print the result as a table."""
    import duckdb

    from flows.warehouse import WarehouseBusy, connect

    try:
        connection = connect(warehouse, read_only=True, wait=wait)
        relation = connection.sql(query)
    except (FileNotFoundError, WarehouseBusy, duckdb.Error) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    if relation is None:
        return
    table = Table(*relation.columns)
    rows = relation.fetchmany(max_rows + 1)
    for row in rows[:max_rows]:
        table.add_row(*("NULL" if v is None else str(v) for v in row))
    console.print(table)
    if len(rows) > max_rows:
        console.print(f"(first {max_rows} rows shown)")


@app.command()
def quarantine(
    retry: Annotated[bool, typer.Option("--retry", help="Read the quarantined files again (after a fix) and load those that now pass.")] = False,
    warehouse: WarehouseOption = DEFAULT_WAREHOUSE,
) -> None:
    """List quarantined items with their reasons, or retry them."""
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    from flows.warehouse import WarehouseBusy, connect, quarantined, release_quarantined

    try:
        connection = connect(warehouse, read_only=not retry)
        try:
            uris = release_quarantined(connection) if retry else []
            rows = quarantined(connection)
        finally:
            connection.close()
    except (FileNotFoundError, WarehouseBusy) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    if not retry:
        table = Table("source", "reason", "detail", "quarantined at", title=f"{len(rows)} quarantined")
        for uri, reason, detail, at in rows:
            table.add_row(uri, reason, detail or "", str(at))
        console.print(table)
        return
    paths = [Path(url2pathname(urlparse(uri).path)) for uri in uris]
    present = [str(p) for p in paths if p.exists()]
    for missing in sorted(set(map(str, paths)) - set(present)):
        console.print(f"no longer there: {missing}")
    if present:
        _run_flow(present, warehouse, task_runner="processes")
    else:
        console.print("nothing to retry")


@app.command()
def dashboard(warehouse: WarehouseOption = DEFAULT_WAREHOUSE, lake: LakeOption = None) -> None:
    """Write the data-quality dashboard (dashboard/index.html) and Great Expectations' Data Docs (docs/)."""
    from flows.dashboard import build_dashboard
    from flows.data_docs import build_data_docs
    from flows.lake import Lake
    from flows.warehouse import WarehouseBusy

    try:
        docs = build_data_docs(warehouse, lake=Lake.of(warehouse, lake))
        path = build_dashboard(warehouse)
    except (WarehouseBusy, FileNotFoundError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"Data Docs written to {docs}")
    console.print(f"dashboard written to {path}")


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help="Words to find; spelling variants, diacritics and Arabic letters are folded.")],
    since: Annotated[Optional[datetime], typer.Option(formats=["%Y-%m-%d"], help="Only articles published on or after this date.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Only articles from this source_name.")] = None,
    limit: Annotated[int, typer.Option(help="Results to print at most.")] = 10,
    warehouse: WarehouseOption = DEFAULT_WAREHOUSE,
) -> None:
    """Full-text search (BM25) over headlines and bodies."""
    from flows.search import EmptyQuery, IndexNotBuilt, format_hits, search_warehouse
    from flows.warehouse import WarehouseBusy

    try:
        hits = search_warehouse(warehouse, query, since=since.date() if since else None, source=source, limit=limit)
    except (EmptyQuery, IndexNotBuilt, FileNotFoundError, WarehouseBusy) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(format_hits(hits) if hits else "no articles match", markup=False)


@eval_app.command("reuse")
def eval_reuse(
    corpus: Annotated[Path, typer.Option(help="A COUNTER-style folder: articles/*.txt and key.jsonl with pair and reuse_class.")],
) -> None:
    """Score reuse links against labelled source/derived pairs (WD, PD, ND)."""
    from flows.evaluate_reuse import format_report, score_reuse

    console.print(format_report(score_reuse(corpus)), markup=False)


@eval_app.command("entities")
def eval_entities(
    corpus: Annotated[list[Path], typer.Option(help="Labelled file: CoNLL BIO or one-token-a-line IO tags; repeatable.")],
) -> None:
    """Score PERSON, LOCATION and ORGANIZATION precision, recall and F1 against labelled text."""
    from flows.evaluate_entities import format_report, score_entities

    for path in corpus:
        console.print(f"[bold]{path.name}[/bold]")
        console.print(format_report(score_entities(path)), markup=False)


@eval_app.command("fields")
def eval_fields(
    corpus: Annotated[Path, typer.Option(help="Folder of article files in the seed format.")],
    key: Annotated[Path, typer.Option(help="Answer key, one JSON object a line (file, date, headline, dateline_city, agencies).")],
) -> None:
    """Score date, headline, dateline city and agencies against an answer key."""
    from flows.evaluate_fields import format_report, score_fields

    console.print(format_report(score_fields(corpus, key)))
