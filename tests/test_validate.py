import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa

from flows.validate import RAW_VALUE_CHARS, field_counts, save_validation, validate_frame

PARAMETERS = {"tomorrow": "2025-06-02", "a_year_ago": "2024-06-01"}


def frame(**overrides) -> pd.DataFrame:
    row = {
        "article_id": "a", "content_hash": "h1", "published_date": date(2025, 6, 1), "urdu_ratio": 0.95,
        "body": "کراچی میں بارش ہوئی۔", "headline": "بارش", "headline_origin": "header",
        "dateline_city": "کراچی", "agencies": ["اے پی پی"], "word_count": 40,
    }
    rows = [dict(row, article_id=f"a{i}", content_hash=f"h{i}") for i in range(3)]
    for index, changes in overrides.items():
        rows[int(index[1:])].update(changes)
    return pd.DataFrame(rows)


def outcome(validation, name):
    (found,) = [o for o in validation.outcomes if o.expectation == name]
    return found


def test_critical_failures_name_the_rows_and_warnings_quarantine_nothing():
    validation = validate_frame(
        frame(r0={"urdu_ratio": 0.1}, r1={"content_hash": "h2", "published_date": date(2019, 1, 1)}, r2={"body": "كيا"}),
        "articles", PARAMETERS,
    )
    assert validation.failed_rows == {
        0: ["expect_column_values_to_be_between(urdu_ratio)"],
        2: ["expect_column_values_to_not_match_regex(body)"],
    }
    duplicate = outcome(validation, "duplicate_content_hash(content_hash)")
    assert (duplicate.severity, duplicate.success, duplicate.unexpected_count) == ("warning", False, 2)
    old = outcome(validation, "published_long_before_ingest(published_date)")
    assert (old.severity, old.success, old.unexpected_count) == ("warning", False, 1)


def test_a_clean_batch_passes_every_expectation():
    validation = validate_frame(frame(), "articles", PARAMETERS)
    assert validation.failed_rows == {}
    assert all(o.success for o in validation.outcomes), [o for o in validation.outcomes if not o.success]


def test_mixed_script_is_computed_from_body_and_headline_and_warns_over_its_ceiling():
    # 1 of 3 articles with a mixed word: a third of the batch, over the 2% ceiling
    validation = validate_frame(frame(r1={"headline": "کراچیмосква میں بارش"}), "articles", PARAMETERS)
    mixed = outcome(validation, "mixed_script_words(mixed_script)")
    assert (mixed.severity, mixed.success, mixed.unexpected_count) == ("warning", False, 1)
    assert validation.failed_rows == {}  # a warning quarantines nothing
    # 1 in 100 is under the ceiling
    rows = pd.concat([frame()] * 34, ignore_index=True).iloc[:100]
    rows = rows.assign(article_id=[f"a{i}" for i in range(100)], content_hash=[f"h{i}" for i in range(100)])
    rows.loc[7, "body"] = "پاکستانi کی ٹیم"
    mixed = outcome(validate_frame(rows, "articles", PARAMETERS), "mixed_script_words(mixed_script)")
    assert (mixed.success, mixed.unexpected_count) == (True, 1)


def test_headline_completeness_counts_headlines_the_source_gave():
    validation = validate_frame(frame(r0={"headline_origin": "derived"}), "articles", PARAMETERS)
    given = outcome(validation, "headline_from_source(headline_origin)")
    assert (given.severity, given.success, given.unexpected_count) == ("warning", False, 1)
    assert "33.3%" in given.observed


def fields(entities: list[str], quantities: list[str] = (), dates: list[str] = ()) -> dict[str, pa.Table]:
    return {
        "entities": pa.table({"article_id": pa.array(entities, pa.string()), "surface": pa.array(["x"] * len(entities))}),
        "quantities": pa.table({"article_id": pa.array(list(quantities), pa.string())}),
        "date_mentions": pa.table({"article_id": pa.array(list(dates), pa.string())}),
    }


def test_field_counts_give_one_row_per_article_with_zeros():
    counts = field_counts(["a", "b", "c"], fields(["a", "a", "c"], quantities=["b"], dates=["a", "c", "c"]))
    assert counts.to_dict("list") == {
        "article_id": ["a", "b", "c"], "n_entities": [2, 0, 1], "n_quantities": [0, 1, 0], "n_date_mentions": [1, 0, 2],
    }
    assert field_counts([], fields([])).shape == (0, 4)


def test_article_fields_floor_on_articles_with_entities():
    ids = [f"a{i}" for i in range(10)]
    nine = validate_frame(field_counts(ids, fields(ids[:9] + ids[:3])), "article_fields")
    (floor,) = nine.outcomes
    assert (floor.expectation, floor.severity, floor.success) == ("articles_with_entities(n_entities)", "warning", True)
    assert nine.failed_rows == {}
    seven = validate_frame(field_counts(ids, fields(ids[:7])), "article_fields")
    (floor,) = seven.outcomes
    assert (floor.success, floor.unexpected_count) == (False, 3)
    assert floor.observed.startswith("3 unexpected (30.0%)")


def test_raw_result_is_gx_json_and_is_saved_whole(tmp_path):
    long_body = "كيا " + "بارش " * 200
    validation = validate_frame(frame(r2={"body": long_body}), "articles", PARAMETERS)
    raw = validation.raw
    assert raw["suite_name"] == "articles" and raw["success"] is False
    assert raw["statistics"]["evaluated_expectations"] == len(validation.outcomes)
    assert "validation_time" in raw["meta"]
    (regex,) = [r for r in raw["results"] if r["expectation_config"]["type"] == "expect_column_values_to_not_match_regex"
                and r["expectation_config"]["kwargs"]["column"] == "body"]
    (value,) = regex["result"]["unexpected_list"]
    assert len(value) == RAW_VALUE_CHARS and value.endswith("…") and long_body.startswith(value[:-1])
    assert regex["result"]["unexpected_index_list"] == [2]
    assert "unexpected_index_query" not in regex["result"]  # a pandas query no one reads, not computed

    path = save_validation(validation, tmp_path / "validations" / "run_id=r" / "articles-00000.json")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(raw, default=str))
    assert [p.name for p in path.parent.iterdir()] == ["articles-00000.json"]  # no temporary file left
    from great_expectations.core.expectation_validation_result import expectationSuiteValidationResultSchema

    assert expectationSuiteValidationResultSchema.load(json.loads(path.read_text(encoding="utf-8"))).success is False


def test_a_mixed_script_column_of_the_frame_is_kept():
    given = frame().assign(mixed_script=[True, False, False])  # computed by the caller, not recomputed
    mixed = outcome(validate_frame(given, "articles", PARAMETERS), "mixed_script_words(mixed_script)")
    assert (mixed.success, mixed.unexpected_count) == (False, 1)


# --- the entities and quantities suites --------------------------------------------------------

BODY = "صدر مسعود پزشکیان نے 40 فیصد اور تین ارب ڈالر کا ذکر کیا"


def _span(text: str, surface: str, shift: int = 0) -> tuple[int, int]:
    start = text.index(surface) + shift
    return start, start + len(surface)


def entity_table(rows: list[tuple]) -> pa.Table:
    """Rows of (article_id, entity_type, surface, canonical, char_start, char_end)."""
    from transforms.fields import ENTITIES_SCHEMA

    return pa.Table.from_pylist([dict(zip(ENTITIES_SCHEMA.names, row)) for row in rows], schema=ENTITIES_SCHEMA)


def quantity_table(rows: list[tuple]) -> pa.Table:
    """Rows of (article_id, kind, value, unit, surface, char_start, char_end)."""
    from transforms.fields import QUANTITIES_SCHEMA

    return pa.Table.from_pylist([dict(zip(QUANTITIES_SCHEMA.names, row)) for row in rows], schema=QUANTITIES_SCHEMA)


def test_entity_rows_that_break_the_offset_contract_or_the_types_are_held_back():
    from flows.validate import validate_fields

    good = ("a", "PERSON", "مسعود پزشکیان", "مسعود پزشکیان", *_span(BODY, "مسعود پزشکیان"))
    shifted = ("a", "PERSON", "مسعود پزشکیان", "مسعود پزشکیان", *_span(BODY, "مسعود پزشکیان", shift=1))
    outside = ("a", "LOCATION", "ایران", "ایران", len(BODY), len(BODY) + 5)
    unknown_article = ("b", "PERSON", "مسعود پزشکیان", "مسعود پزشکیان", *_span(BODY, "مسعود پزشکیان"))
    bad_type = ("a", "PLACE", "صدر", "صدر", *_span(BODY, "صدر"))
    no_canonical = ("a", "PERSON", "پزشکیان", "", *_span(BODY, "پزشکیان"))
    fields, checks = validate_fields(
        {"entities": entity_table([good, shifted, outside, unknown_article, bad_type, no_canonical])}, {"a": BODY}
    )
    assert fields["entities"].to_pylist() == entity_table([good]).to_pylist()
    validation = checks["entities"]
    assert validation.failed_rows == {
        1: ["surface_at_offsets(char_start, char_end)"],
        2: ["surface_at_offsets(char_start, char_end)"],
        3: ["surface_at_offsets(char_start, char_end)"],
        4: ["expect_column_values_to_be_in_set(entity_type)"],
        5: ["expect_column_value_lengths_to_be_between(canonical)"],
    }
    assert outcome(validation, "surface_at_offsets(char_start, char_end)").unexpected_count == 3
    assert all(o.suite == "entities" for o in validation.outcomes)


def test_an_entity_cut_in_the_wrong_place_is_a_warning_only():
    from flows.validate import validate_fields

    text = "صدر مسعود پزشکیان نے"
    padded = ("a", "PERSON", " مسعود", "مسعود", *_span(text, " مسعود"))
    fields, checks = validate_fields({"entities": entity_table([padded])}, {"a": text})
    assert fields["entities"].num_rows == 1
    trimmed = outcome(checks["entities"], "surface_trimmed(surface)")
    assert (trimmed.severity, trimmed.success, trimmed.unexpected_count) == ("warning", False, 1)


def test_money_needs_an_iso_4217_code_and_percents_stay_between_0_and_1000():
    from flows.validate import validate_fields

    percent = ("a", "percent", 40.0, "%", "40 فیصد", *_span(BODY, "40 فیصد"))
    money = ("a", "money", 3e9, "USD", "تین ارب ڈالر", *_span(BODY, "تین ارب ڈالر"))
    not_iso = ("a", "money", 3e9, "DOLLAR", "تین ارب ڈالر", *_span(BODY, "تین ارب ڈالر"))
    too_big = ("a", "percent", 4000.0, "%", "40 فیصد", *_span(BODY, "40 فیصد"))
    wrong_unit = ("a", "percent", 40.0, "USD", "40 فیصد", *_span(BODY, "40 فیصد"))
    count_unit = ("a", "count", 3.0, "افراد", "تین", *_span(BODY, "تین"))  # a count's unit is its noun, not a currency
    fields, checks = validate_fields(
        {"quantities": quantity_table([percent, money, not_iso, too_big, wrong_unit, count_unit])}, {"a": BODY}
    )
    assert fields["quantities"].column("unit").to_pylist() == ["%", "USD", "افراد"]
    assert checks["quantities"].failed_rows == {
        2: ["money_in_iso_4217(unit)"],
        3: ["percent_between_0_and_1000(value)"],
        4: ["percent_unit(unit)"],
    }


def test_currency_codes_are_iso_4217_and_cover_the_seeds():
    import csv

    from flows.validate import currency_codes
    from transforms.reference import DEFAULT_SEEDS_DIR

    codes = set(currency_codes())
    assert {"USD", "PKR", "EUR", "GBP", "JPY", "SAR", "IRR"} <= codes and "DOLLAR" not in codes
    with open(DEFAULT_SEEDS_DIR / "currencies.csv", encoding="utf-8") as seeds:
        assert {row["code"] for row in csv.DictReader(seeds) if row["code"]} <= codes  # empty: resolved by context


def test_empty_field_tables_are_not_validated():
    from flows.validate import validate_fields

    fields, checks = validate_fields({"entities": entity_table([]), "quantities": quantity_table([])}, {})
    assert checks == {} and fields["entities"].num_rows == 0


# --- what validate_frame keeps from one call to the next ------------------------------------------

def test_gx_reads_configurations_once_and_gets_what_its_own_methods_give():
    import great_expectations as gx

    from flows.validate import EXPECTATIONS_DIR, GX_OWN, _context, _READ_ONCE, load_suite

    _context()
    # A new GX: compare its methods with the replacements again before moving the version on.
    assert gx.__version__ == "1.24.1" and set(GX_OWN) == {*_READ_ONCE, "convert_to_json_serializable"}
    expectations = [e for path in EXPECTATIONS_DIR.glob("*.json") for e in load_suite(path.stem).expectations]
    expectations.append(gx.expectations.ExpectColumnValuesToBeInSet(column="unit", value_set=["USD"], row_condition='kind == "money"',
                                                                   condition_parser="pandas", mostly=0.5))
    for expectation in expectations:
        for name in ("_get_domain_kwargs", "_get_success_kwargs"):
            ours, theirs = getattr(expectation, name)(), GX_OWN[name](expectation)
            assert (ours, list(ours)) == (theirs, list(theirs)), (name, expectation)
        for runtime in (None, {"result_format": "COMPLETE"}, {"result_format": {"result_format": "SUMMARY"}, "catch_exceptions": False}):
            ours, theirs = expectation._get_runtime_kwargs(runtime), GX_OWN["_get_runtime_kwargs"](expectation, runtime)
            assert (ours, list(ours)) == (theirs, list(theirs)), (runtime, expectation)


def test_gx_json_of_plain_values_is_what_gx_s_own_conversion_gives():
    import datetime as dt

    import numpy as np
    from great_expectations.core.id_dict import IDDict

    from flows.validate import GX_OWN, _context, _json_serializable

    _context()
    values = [
        None, "x", 3, 2.5, float("nan"), True, [1, None, (2, "a")], (None,), {1: None, "b": [float("nan")]},
        IDDict(column="body", row_condition=None, batch_id="b"), {"n": np.int64(4), "f": np.float64(0.5), "d": dt.date(2025, 1, 2)},
        {"s": {"a"}, "arr": np.array([1, 2])},
    ]
    for value in values:
        assert _json_serializable(value) == GX_OWN["convert_to_json_serializable"](value), value
    # the modules that make metric ids and results use it
    from great_expectations.core import expectation_validation_result, id_dict

    assert id_dict.convert_to_json_serializable is _json_serializable
    assert expectation_validation_result.convert_to_json_serializable is _json_serializable


def test_one_validation_leaves_nothing_to_the_next_suite_frame_or_parameters():
    ids = [f"a{i}" for i in range(10)]
    future = frame(r1={"published_date": date(2025, 6, 3)})
    first = validate_frame(future, "articles", PARAMETERS)
    assert first.failed_rows == {1: ["expect_column_values_to_be_between(published_date)"]}
    later = validate_frame(future, "articles", dict(PARAMETERS, tomorrow="2025-06-04"))
    assert later.failed_rows == {}
    assert validate_frame(frame(), "articles", PARAMETERS).failed_rows == {}  # a new frame, not the last one
    assert not validate_frame(field_counts(ids, fields(ids[:7])), "article_fields").outcomes[0].success
    again = validate_frame(future, "articles", PARAMETERS)
    assert (again.outcomes, again.failed_rows) == (first.outcomes, first.failed_rows)
    assert again.raw["meta"]["batch_markers"]["pandas_data_fingerprint"] == first.raw["meta"]["batch_markers"]["pandas_data_fingerprint"]


def test_warm_up_loads_every_suite_in_a_thread_and_validation_waits_for_it():
    """In a fresh process: GX is not imported until `warm_up`, which returns at once and loads every suite."""
    project = Path(__file__).resolve().parent.parent
    script = """
import sys, time
import pandas as pd
import flows.validate as v
assert "great_expectations" not in sys.modules
started = time.perf_counter()
v.warm_up()
returned = time.perf_counter() - started
alive = v._warming.is_alive()
validation = v.validate_frame(pd.DataFrame({"volume_ratio": [1.0]}), "sources")
print(round(returned, 3), alive, v._warming.is_alive(), v.load_suite.cache_info().currsize, len(validation.outcomes))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(project)})
    assert result.returncode == 0, result.stderr[-2000:]
    returned, alive, alive_after, suites, outcomes = result.stdout.split()[-5:]
    assert float(returned) < 0.5 and alive == "True"  # the import runs in the thread, not in the caller
    assert alive_after == "False" and int(outcomes) == 1  # validate_frame waited for it, then validated
    assert int(suites) == len(list((project / "expectations").glob("*.json")))
