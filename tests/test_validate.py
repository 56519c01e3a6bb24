import json
from datetime import date

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

    path = save_validation(validation, tmp_path / "validations" / "run_id=r" / "articles-00000.json")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(raw, default=str))
    assert [p.name for p in path.parent.iterdir()] == ["articles-00000.json"]  # no temporary file left
    from great_expectations.core.expectation_validation_result import expectationSuiteValidationResultSchema

    assert expectationSuiteValidationResultSchema.load(json.loads(path.read_text(encoding="utf-8"))).success is False


def test_a_mixed_script_column_of_the_frame_is_kept():
    given = frame().assign(mixed_script=[True, False, False])  # computed by the caller, not recomputed
    mixed = outcome(validate_frame(given, "articles", PARAMETERS), "mixed_script_words(mixed_script)")
    assert (mixed.success, mixed.unexpected_count) == (False, 1)
