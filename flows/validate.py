"""Run the Great Expectations suites in `expectations/` on staged batches.

Batches are validated as pandas frames: GX's SQL datasource on DuckDB fails every expectation
and has no regex support there. A critical failure sends the failing rows to quarantine with
the expectation's name as the reason; a warning is only recorded. Every expectation's outcome
is returned so that the run can keep it in `dq_results`.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@dataclass(frozen=True)
class Outcome:
    """One expectation's result on one batch, as `dq_results` stores it."""

    suite: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int
    observed: str
    severity: str


@dataclass(frozen=True)
class Validation:
    outcomes: list[Outcome]
    # row position -> names of the critical expectations the row failed
    failed_rows: dict[int, list[str]]


def expectation_name(config) -> str:
    """A short, stable name for an expectation: its type and column, e.g. `expect_column_values_to_be_between(urdu_ratio)`.

    A suite may name an expectation itself (`meta.name`) where type and column would not tell
    two apart.
    """
    if (config.meta or {}).get("name"):
        return config.meta["name"]
    column = config.kwargs.get("column")
    return f"{config.type}({column})" if column else config.type


@cache
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("staged").add_dataframe_asset("batch")
    return context, asset.add_batch_definition_whole_dataframe("whole")


@cache
def load_suite(name: str):
    """Load `expectations/<name>.json` into the (process-wide, ephemeral) GX context."""
    import great_expectations as gx

    spec = json.loads((EXPECTATIONS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    context, _ = _context()
    return context.suites.add(gx.ExpectationSuite(name=spec["name"], expectations=spec["expectations"], meta=spec.get("meta")))


def _observed(result: dict) -> str:
    if "observed_value" in result:
        return str(result["observed_value"])
    sample = [short_repr(value) for value in (result.get("partial_unexpected_list") or [])[:3]]
    return f"{result.get('unexpected_count', 0)} unexpected, e.g. {', '.join(sample)}" if sample else "all expected"


def short_repr(value, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def validate_frame(frame: pd.DataFrame, suite_name: str, parameters: dict | None = None) -> Validation:
    """Validate one batch; rows are identified by their position in `frame`."""
    suite = load_suite(suite_name)
    _, batch_definition = _context()
    frame = frame.reset_index(drop=True)
    result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(
        suite, expectation_parameters=parameters or {}, result_format={"result_format": "COMPLETE"}
    )
    outcomes: list[Outcome] = []
    failed_rows: dict[int, list[str]] = {}
    for r in result.results:
        config = r.expectation_config
        severity = getattr(config.severity, "value", str(config.severity))
        name = expectation_name(config)
        details = r.result or {}
        if r.exception_info and r.exception_info.get("raised_exception"):
            raise RuntimeError(f"expectation {name} could not run: {r.exception_info.get('exception_message')}")
        outcomes.append(
            Outcome(
                suite=suite_name,
                expectation=name,
                column=config.kwargs.get("column"),
                success=bool(r.success),
                unexpected_count=int(details.get("unexpected_count") or 0),
                observed=_observed(details),
                severity=severity,
            )
        )
        if severity == "critical" and not r.success:
            for index in details.get("unexpected_index_list") or []:
                failed_rows.setdefault(int(index), []).append(name)
    return Validation(outcomes, failed_rows)
