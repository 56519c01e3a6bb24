from datetime import date

import pandas as pd

from flows.validate import validate_frame

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
