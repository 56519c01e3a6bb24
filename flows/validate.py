"""Run the Great Expectations suites in `expectations/` on staged batches.

Batches are validated as pandas frames: GX's SQL datasource on DuckDB fails every expectation
and has no regex support there. A critical failure sends the failing rows to quarantine with
the expectation's name as the reason; a warning is only recorded. Every expectation's outcome
is returned so that the run can keep it in `dq_results`, and GX's own result (`Validation.raw`)
so that the run can keep it for Data Docs (`save_validation`, `flows/data_docs.py`).

Some suites check columns that are computed here rather than staged:
- `articles.mixed_script`: whether the body or the headline has a word that mixes Arabic
  script with another script (`transforms.text_checks.mixed_script`, here over the whole column
  with `mixed_script_array`); added by `validate_frame`
  when the frame has `body` and `headline` but no `mixed_script` of its own;
- the `article_fields` suite validates `field_counts(...)`, one row per article with how many
  entities, quantities and date mentions extraction found in it;
- the `entities` and `quantities` suites validate the extracted rows with `surface_at_offsets`
  (`transforms.text_checks.surfaces_at_offsets`: the offsets cut the surface out of the body);
  `validate_fields` adds it, and holds back the rows a critical expectation fails.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from flows.deferred_imports import defer
from transforms.text_checks import mixed_script_array, surfaces_at_offsets

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
defer()  # what GX imports for expectations the suites do not use (flows/deferred_imports.py)


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


# Strings in a result's lists of unexpected values are cut to this many characters in `raw`: a
# failing body would otherwise be stored whole, three times, for every row that fails.
RAW_VALUE_CHARS = 200
_UNEXPECTED_LISTS = ("partial_unexpected_list", "unexpected_list")
FIELD_SUITES = ("entities", "quantities")  # extracted tables with a suite of their own
FIELD_COUNT_TABLES = {"entities": "n_entities", "quantities": "n_quantities", "date_mentions": "n_date_mentions"}


@dataclass(frozen=True)
class Validation:
    outcomes: list[Outcome]
    # row position -> names of the critical expectations the row failed
    failed_rows: dict[int, list[str]]
    # GX's ExpectationSuiteValidationResult as JSON (`to_json_dict()`), long strings among the
    # unexpected values cut to RAW_VALUE_CHARS; what `save_validation` writes for Data Docs.
    raw: dict = field(default_factory=dict)


def expectation_name(config) -> str:
    """A short, stable name for an expectation: its type and column, e.g. `expect_column_values_to_be_between(urdu_ratio)`.

    A suite may name an expectation itself (`meta.name`) where type and column would not tell
    two apart.
    """
    if (config.meta or {}).get("name"):
        return config.meta["name"]
    column = config.kwargs.get("column")
    return f"{config.type}({column})" if column else config.type


# GX 1.24.1 rebuilds an expectation's whole configuration (a pydantic `dict()` of every field,
# the quantities suite's 300 currency codes too) for each single key it reads, and it reads
# several keys for each metric of each expectation: a fifth of GX's time on a batch went there.
# The replacements read the configuration once a call and return what GX's own methods return
# (tests/test_validate.py compares them); they stand in only on the version they copy.
_GX_VERSION_READ_ONCE = "1.24.1"


def _kwargs_of(expectation, kwargs: dict, keys) -> dict:
    return {key: kwargs.get(key, expectation._get_default_value(key)) for key in keys}


def _success_kwargs_of(expectation, kwargs: dict) -> dict:
    return {**_kwargs_of(expectation, kwargs, expectation.success_keys), **_kwargs_of(expectation, kwargs, expectation.domain_keys)}


def _domain_kwargs(self) -> dict:
    return _kwargs_of(self, self.configuration.kwargs, self.domain_keys)


def _success_kwargs(self) -> dict:
    return _success_kwargs_of(self, self.configuration.kwargs)


def _runtime_kwargs(self, runtime_configuration: dict | None = None) -> dict:
    from great_expectations.expectations.expectation import parse_result_format

    runtime_configuration = runtime_configuration or {}
    kwargs = self.configuration.kwargs
    runtime = {key: runtime_configuration.get(key, value) for key, value in _kwargs_of(self, kwargs, self.runtime_keys).items()}
    runtime.update(_success_kwargs_of(self, kwargs))
    runtime["result_format"] = parse_result_format(runtime["result_format"])
    return runtime


_READ_ONCE = {"_get_domain_kwargs": _domain_kwargs, "_get_success_kwargs": _success_kwargs, "_get_runtime_kwargs": _runtime_kwargs}
GX_OWN: dict = {}  # the methods of GX's Expectation that _READ_ONCE stands in for, to compare them with


# GX names every metric it computes by the JSON of its keyword arguments, and writes its results
# as JSON, with `convert_to_json_serializable`, which tries some twenty types in turn for each
# value: None, the most common value there, comes last, after four numpy dtype tests. Nearly a
# third of a batch's validation went there. The plain values (str, int, float, bool, None and
# the dicts, lists and tuples of them) are converted here as GX converts them; everything else
# goes to GX's own function (whose recursion comes back here).
def _json_serializable(data):
    kind = type(data)
    if kind is str or kind is int or kind is bool or data is None:
        return data
    if kind is float:
        return None if data != data else data  # NaN, as GX has it
    if kind is dict or kind is _ID_DICT[0]:
        return {str(key): _json_serializable(value) for key, value in data.items()}
    if kind is list or kind is tuple:
        return [_json_serializable(value) for value in data]
    return GX_OWN["convert_to_json_serializable"](data)


_ID_DICT: list = [None]  # GX's IDDict, a plain dict to JSON
# The modules that call it for every metric and result (each holds its own name for it).
_JSON_CALLERS = (
    "great_expectations.util", "great_expectations.core.id_dict", "great_expectations.core.expectation_validation_result",
    "great_expectations.validator.metric_configuration", "great_expectations.validator.v1_validator",
)


def _read_configurations_once() -> None:
    import great_expectations as gx
    from great_expectations.expectations import expectation

    if gx.__version__ != _GX_VERSION_READ_ONCE or GX_OWN:
        return
    import importlib

    from great_expectations import util
    from great_expectations.core.id_dict import IDDict

    for name, replacement in _READ_ONCE.items():
        GX_OWN[name] = getattr(expectation.Expectation, name)
        setattr(expectation.Expectation, name, replacement)
    GX_OWN["convert_to_json_serializable"] = util.convert_to_json_serializable
    _ID_DICT[0] = IDDict
    for module in map(importlib.import_module, _JSON_CALLERS):
        module.convert_to_json_serializable = _json_serializable
    # A pure function of the class name, run on every rebuild of a configuration.
    expectation.camel_to_snake = cache(expectation.camel_to_snake)


@cache
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    _read_configurations_once()
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


_warming: threading.Thread | None = None


def warm_up() -> None:
    """Import Great Expectations and load every suite in a thread, while this process waits on something else.

    A process's first validation spends some 2.3 s importing GX and building its context before
    it checks a row. The flow's process starts this while Prefect's temporary API boots, where it
    would otherwise only wait; `validate_frame` waits for it to end.
    """
    global _warming
    if _warming is None:
        _warming = threading.Thread(target=_load_suites, name="gx-warm-up")
        _warming.start()


def _load_suites() -> None:
    for path in sorted(EXPECTATIONS_DIR.glob("*.json")):
        load_suite(path.stem)


def describe_observed(result: dict) -> str:
    if "observed_value" in result:
        return str(result["observed_value"])
    sample = [short_repr(value) for value in (result.get("partial_unexpected_list") or [])[:3]]
    if not sample:
        return "all expected"
    share = result.get("unexpected_percent")
    share = f" ({share:.1f}%)" if isinstance(share, (int, float)) else ""
    return f"{result.get('unexpected_count', 0)} unexpected{share}, e.g. {', '.join(sample)}"


def short_repr(value, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _cut(value):
    if isinstance(value, str) and len(value) > RAW_VALUE_CHARS:
        return value[: RAW_VALUE_CHARS - 1] + "…"
    return value


def raw_result(result) -> dict:
    """GX's result as JSON, with long unexpected values cut and the time of validation added."""
    raw = result.to_json_dict()
    for item in raw.get("results") or []:
        details = item.get("result") or {}
        for key in _UNEXPECTED_LISTS:
            if details.get(key):
                details[key] = [_cut(value) for value in details[key]]
        if details.get("partial_unexpected_counts"):
            details["partial_unexpected_counts"] = [
                dict(entry, value=_cut(entry.get("value"))) for entry in details["partial_unexpected_counts"]
            ]
    raw.setdefault("meta", {})["validation_time"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return raw


def result_json(validation: Validation) -> str:
    """GX's result of a validation as the JSON that Data Docs render (flows/data_docs.py)."""
    return json.dumps(validation.raw, ensure_ascii=False, default=str)


def save_validation(validation: Validation, path: Path) -> Path:
    """Write GX's result of a validation as JSON at a local `path` (temporary file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")  # the run's staging area never publishes *.tmp
    temporary.write_text(result_json(validation), encoding="utf-8")
    os.replace(temporary, path)
    return path


def with_check_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the computed columns the suites check, where it lacks them (see the module's doc)."""
    if "mixed_script" not in frame.columns and {"body", "headline"} <= set(frame.columns):
        body, headline = (_mixed_script_column(frame[column]) for column in ("body", "headline"))
        frame = frame.assign(mixed_script=pd.Series(body | headline, index=frame.index, dtype=bool))
    return frame


def _mixed_script_column(texts: pd.Series) -> np.ndarray:
    """`mixed_script` of every text of a column, in Arrow (no Python string per row)."""
    return mixed_script_array(pa.array(texts, type=pa.string(), from_pandas=True)).to_numpy(zero_copy_only=False)


def field_counts(article_ids: Iterable[str], fields: dict[str, pa.Table]) -> pd.DataFrame:
    """One row per article: how many entities, quantities and date mentions were extracted from it.

    `fields` is the extraction's output, tables keyed "entities", "quantities" and
    "date_mentions", each with an `article_id` column; an article with no rows counts 0.
    """
    article_ids = list(article_ids)
    columns = {"article_id": pd.Series(article_ids, dtype="object")}
    for table_name, column in FIELD_COUNT_TABLES.items():
        table = fields.get(table_name)
        counts = Counter(table.column("article_id").to_pylist()) if table is not None else Counter()
        columns[column] = pd.Series([counts.get(article_id, 0) for article_id in article_ids], dtype="int64")
    return pd.DataFrame(columns)


# Every failing row's index (to quarantine it), but not the pandas query that would select them:
# that metric costs each expectation a filter of the frame and its result is never read.
RESULT_FORMAT = {"result_format": "COMPLETE", "return_unexpected_index_query": False}


def validate_frame(frame: pd.DataFrame, suite_name: str, parameters: dict | None = None) -> Validation:
    """Validate one batch; rows are identified by their position in `frame`."""
    if _warming is not None:
        _warming.join()
    from great_expectations.validator.v1_validator import Validator

    suite = load_suite(suite_name)
    _, batch_definition = _context()
    frame = with_check_columns(frame.reset_index(drop=True))
    # GX fingerprints the frame by hashing its columns in order, and pickles the whole frame
    # instead when it meets one it cannot hash (lists, as in `agencies`): with the object
    # columns first, the bodies are not hashed before that.
    frame = frame[sorted(frame.columns, key=lambda column: frame[column].dtype != object)]
    # What `get_batch(...).validate(suite)` does, less its first load of the batch: that load
    # is thrown away and repeated by the validator, fingerprinting (hashing) the frame twice.
    validator = Validator(batch_definition, RESULT_FORMAT, batch_parameters={"dataframe": frame})
    result = validator.validate_expectation_suite(suite, parameters or {})
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
                observed=describe_observed(details),
                severity=severity,
            )
        )
        if severity == "critical" and not r.success:
            for index in details.get("unexpected_index_list") or []:
                failed_rows.setdefault(int(index), []).append(name)
    return Validation(outcomes, failed_rows, raw_result(result))


@cache
def currency_codes() -> tuple[str, ...]:
    """ISO 4217's codes as CLDR has them (babel): the `currency_codes` parameter of the quantities suite."""
    from babel.numbers import list_currencies

    return tuple(sorted(list_currencies()))


def validate_fields(fields: dict[str, pa.Table], bodies: dict[str, str]) -> tuple[dict[str, pa.Table], dict[str, Validation]]:
    """Validate the extracted tables that have a suite (FIELD_SUITES) against their articles' bodies.

    Returns the tables without the rows a critical expectation failed (they would break the
    tables' contract, e.g. offsets that do not cut out the surface; their articles still load)
    and each suite's validation, for dq_results. Empty tables are not validated.
    """
    fields, validations = dict(fields), {}
    for name in FIELD_SUITES:
        table = fields.get(name)
        if table is None or not table.num_rows:
            continue
        frame = table.drop_columns(["article_id"]).to_pandas()
        frame["surface_at_offsets"] = surfaces_at_offsets(
            bodies, *(table.column(c).to_pylist() for c in ("article_id", "char_start", "char_end", "surface"))
        )
        validation = validate_frame(frame, name, {"currency_codes": list(currency_codes())})
        if validation.failed_rows:
            keep = np.ones(table.num_rows, dtype=bool)
            keep[list(validation.failed_rows)] = False
            fields[name] = table.filter(pa.array(keep))
        validations[name] = validation
    return fields, validations
