"""`akhbar serve`: keep a process up that runs the nightly flow on a cron schedule.

Prefect's `serve` registers a deployment with the Prefect server and then polls it: when a
scheduled (or manually triggered) run comes due, it runs the flow in a subprocess of this
one. So the schedule only fires while `akhbar serve` is up, and it is paused when it stops.
For runs that outlive one terminal, `prefect.yaml` declares the same deployment for a
process work pool (`prefect deploy --all`, then `prefect worker start --pool akhbar-process`).
"""

from __future__ import annotations

import os

# No telemetry from an offline, nightly job (the flow runs inherit this environment).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

DEPLOYMENT = "nightly"
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Karachi"

console = Console()


def serve_command(
    source: Annotated[Optional[list[str]], typer.Option("--source", "-s", help="A folder, a file, a feed URL or a TOML list of feeds; repeatable. Default: seeds/articles.")] = None,
    warehouse: Annotated[Path, typer.Option("--warehouse", "-w", help="Warehouse folder (holds akhbar.duckdb and lake/).")] = Path("warehouse"),
    cron: Annotated[str, typer.Option(help="When to run, as a cron expression read in --timezone.")] = DEFAULT_CRON,
    timezone: Annotated[str, typer.Option(help="IANA time zone the cron expression is read in.")] = DEFAULT_TIMEZONE,
    lake: Annotated[Optional[str], typer.Option("--lake", envvar="AKHBAR_LAKE", help="The Parquet lake: a folder or a pyarrow filesystem URI (default: lake/ in the warehouse folder).")] = None,
) -> None:
    """Run the nightly flow on a schedule (default 02:00 Asia/Karachi) until stopped, against a Prefect server."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from prefect.client.orchestration import get_client
    from prefect.schedules import Cron
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL
    from prefect.types.entrypoint import EntrypointType

    from flows.feeds_config import is_feed_url
    from flows.lake import Lake
    from flows.nightly import DEFAULT_SOURCES, nightly

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise typer.BadParameter(f"{timezone!r} is not an IANA time zone (e.g. Asia/Karachi, UTC)", param_hint="--timezone") from None
    try:
        schedule = Cron(cron, timezone=timezone)
    except ValueError as exc:
        raise typer.BadParameter(f"{cron!r}: {exc}", param_hint="--cron") from None

    # The runs start later, from this process's working directory or not: pass absolute paths.
    sources = []
    for s in source or [str(p) for p in DEFAULT_SOURCES]:
        if is_feed_url(s):
            sources.append(s)
        elif Path(s).exists():
            sources.append(str(Path(s).resolve()))
        else:
            raise typer.BadParameter(f"{s} is neither a folder, a file nor a feed URL", param_hint="--source")

    # Without PREFECT_API_URL, Prefect would start a throwaway in-process API: the deployment,
    # its schedule and its run history would vanish with this process. Refuse instead.
    api_url = PREFECT_API_URL.value()
    if not api_url:
        console.print(
            "[red]No Prefect server configured.[/red] Scheduled runs need one that outlives this command:\n"
            "  prefect server start                # in another terminal (or as a service)\n"
            "  prefect config set PREFECT_API_URL=http://127.0.0.1:4200/api\n"
            "then run `akhbar serve` again.",
            soft_wrap=True,
        )
        raise typer.Exit(2)
    with get_client(sync_client=True) as client:
        error = client.api_healthcheck()
    if error is not None:
        console.print(f"[red]The Prefect server at {api_url} does not answer ({error}).[/red] Start it with `prefect server start`.", soft_wrap=True)
        raise typer.Exit(2)

    ui_url = PREFECT_UI_URL.value() or api_url
    console.print(
        f"Serving deployment '{nightly.name}/{DEPLOYMENT}': cron {cron!r} in {timezone}, "
        f"sources {', '.join(sources)} -> {warehouse.resolve()}\n"
        f"Runs: {ui_url}/deployments  ·  run now: prefect deployment run '{nightly.name}/{DEPLOYMENT}'\n"
        "Ctrl+C stops serving and pauses the schedule.",
        soft_wrap=True,
    )
    nightly.serve(
        name=DEPLOYMENT,
        schedule=schedule,
        parameters={"sources": sources, "warehouse_dir": str(warehouse.resolve()), **({"lake": Lake.at(lake).uri} if lake else {})},
        # One run at a time: DuckDB takes one writer, so a second run would only fail on the lock.
        limit=1,
        print_starting_message=False,
        # Import the flow as `flows.nightly`, as the CLI does, wherever the run's working directory is.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
