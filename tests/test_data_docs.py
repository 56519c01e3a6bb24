"""Data Docs: real suites, real results, rendered offline in a real headless browser."""

import html
import os
import re
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from flows.data_docs import build_data_docs, stored_results, validation_parts, validation_path
from flows.validate import field_counts, save_validation, validate_frame

from browser import chromium

PARAMETERS = {"tomorrow": "2025-06-02", "a_year_ago": "2024-06-01"}
RUNS = ("20250601T010000-aaaaaa", "20250602T010000-bbbbbb")
SUITES = ("articles", "article_fields", "sources")  # the suites this test stores results of
ALL_SUITES = (*SUITES, "entities", "quantities")  # every suite in expectations/ gets a page
NETWORK_REFERENCE = re.compile(r"<(script|link|img|iframe|source)\b[^>]*\b(src|href)\s*=\s*[\"']?\s*(https?:)?//", re.I)


def articles() -> pd.DataFrame:
    row = {
        "article_id": "a", "content_hash": "h", "published_date": date(2025, 6, 1), "urdu_ratio": 0.95,
        "body": "کراچی میں بارش ہوئی۔", "headline": "بارش", "headline_origin": "header",
        "dateline_city": "کراچی", "agencies": ["اے پی پی"], "word_count": 40,
    }
    rows = [dict(row, article_id=f"a{i}", content_hash=f"h{i}") for i in range(4)]
    rows[1]["urdu_ratio"] = 0.1  # critical: quarantined
    rows[2]["headline"] = "پاکستانi کی جیت"  # a mixed-script word: a warning
    return pd.DataFrame(rows)


def text_of(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """Two runs' stored results: one batch of articles with a failing row, its field counts, and a per-run suite."""
    root = tmp_path_factory.mktemp("warehouse")
    frame = articles()
    ids = list(frame["article_id"])
    entities = pa.table({"article_id": pa.array(ids[:2], pa.string())})  # half the articles: under the floor
    empty = pa.table({"article_id": pa.array([], pa.string())})
    for run_id in RUNS:
        save_validation(validate_frame(frame, "articles", PARAMETERS), validation_path(root, run_id, "articles", 0))
        counts = field_counts(ids, {"entities": entities, "quantities": empty, "date_mentions": empty})
        save_validation(validate_frame(counts, "article_fields"), validation_path(root, run_id, "article_fields", 0))
        volumes = pd.DataFrame({"source_name": ["outlet"], "volume_ratio": [1.0]})
        save_validation(validate_frame(volumes, "sources"), validation_path(root, run_id, "sources", None))
    return root


def test_results_are_stored_where_the_lake_keeps_them(warehouse):
    assert validation_parts("r1", "articles", 3) == ("validations", "run_id=r1", "articles-00003.json")
    assert validation_parts("r1", "sources") == validation_parts("r1", "sources", -1) == ("validations", "run_id=r1", "sources-run.json")
    assert validation_path(warehouse, "r1", "articles", 3) == warehouse / "lake" / "validations" / "run_id=r1" / "articles-00003.json"
    found = stored_results(warehouse)
    assert [(r.run_id, r.suite, r.batch) for r in found] == [
        (RUNS[1], "article_fields", "00000"), (RUNS[1], "articles", "00000"), (RUNS[1], "sources", "run"),
        (RUNS[0], "article_fields", "00000"), (RUNS[0], "articles", "00000"), (RUNS[0], "sources", "run"),
    ]
    assert [r.run_id for r in stored_results(warehouse, runs=1)] == [RUNS[1]] * 3


def test_pages_show_suites_and_results_and_load_nothing_from_the_network(warehouse):
    started = time.perf_counter()
    index = build_data_docs(warehouse)
    print(f"data docs built in {time.perf_counter() - started:.2f} s")
    docs = warehouse / "docs"
    assert index == docs / "index.html"
    pages = sorted(docs.rglob("*.html"))
    assert {p.relative_to(docs).as_posix() for p in pages} == {
        "index.html", *(f"expectations/{s}.html" for s in ALL_SUITES),
        *(f"validations/{s}/{r}/{'run' if s == 'sources' else '00000'}.html" for s in SUITES for r in RUNS),
    }
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not NETWORK_REFERENCE.search(text), page
        assert "http://" not in text and "https://" not in text, page  # not even a link or a CSS url()
        assert "@import" not in text
        for target in re.findall(r'href="([^"#]+)"', text):  # every link leads to a page of the docs
            assert (page.parent / target).resolve().is_file(), (page, target)
        print(f"{page.relative_to(docs)}: {len(text.encode()):,} bytes")

    suite = text_of((docs / "expectations" / "articles.html").read_text(encoding="utf-8"))
    for name in ("expect_column_values_to_be_between(urdu_ratio)", "mixed_script_words(mixed_script)",
                 "headline_from_source(headline_origin)", "duplicate_content_hash(content_hash)"):
        assert name in suite
    assert "values must belong to this set: False , at least 98 % of the time" in suite  # GX's own rendering
    assert "articles_with_entities(n_entities)" in (docs / "expectations" / "article_fields.html").read_text(encoding="utf-8")

    result = (docs / "validations" / "articles" / RUNS[0] / "00000.html").read_text(encoding="utf-8")
    assert 'id="failed-critical">1<' in result and 'id="failed-warning">1<' in result
    failed = {name: severity for severity, name in re.findall(r'<tr class="failed (\w+)" data-expectation="([^"]+)"', result)}
    assert failed == {"expect_column_values_to_be_between(urdu_ratio)": "critical", "mixed_script_words(mixed_script)": "warning"}
    assert "Unsuccessful Expectations" in text_of(result)  # GX's statistics block

    listed = re.findall(r'<tr class="result (\w+)" data-run="([^"]+)" data-suite="([^"]+)" data-batch="([^"]+)">',
                        index.read_text(encoding="utf-8"))
    assert listed == [(status, run, suite, batch) for run in reversed(RUNS) for status, suite, batch in
                      (("warnings", "article_fields", "00000"), ("failed", "articles", "00000"), ("passed", "sources", "run"))]


def test_browser_shows_the_index_and_a_result(warehouse, tmp_path):
    index = build_data_docs(warehouse)
    dom = chromium("--dump-dom", index.as_uri(), user_data=tmp_path / "profile").stdout
    shown = text_of(dom)
    assert "Expectation suites" in shown and f"Run {RUNS[1]}" in shown
    assert "articles_with_entities(n_entities) (2)" in shown  # half the batch has no entity
    assert "expect_column_values_to_be_between(urdu_ratio) (1)" in shown

    page = warehouse / "docs" / "validations" / "articles" / RUNS[1] / "00000.html"
    dom = chromium("--dump-dom", page.as_uri(), user_data=tmp_path / "profile").stdout
    shown = text_of(dom)
    assert "1 critical and 1 warnings failed" in shown
    assert "Status: Failed" in shown and "Evaluated Expectations 17" in shown
    assert "mixed_script_words(mixed_script) warning failed 1" in shown
    screenshot = tmp_path / "result.png"
    chromium(f"--screenshot={screenshot}", "--window-size=1280,1600", page.as_uri(), user_data=tmp_path / "profile")
    assert screenshot.stat().st_size > 10_000


def test_rebuilds_only_what_changed_and_forgets_old_runs(warehouse):
    build_data_docs(warehouse)
    docs = warehouse / "docs"
    page = docs / "validations" / "articles" / RUNS[1] / "00000.html"
    before = page.stat().st_mtime_ns
    build_data_docs(warehouse)
    assert page.stat().st_mtime_ns == before  # its result did not change: the page was not rendered again

    result = validation_path(warehouse, RUNS[1], "articles", 0)
    os.utime(result, ns=(before + 10**9, before + 10**9))  # a result written after its page
    build_data_docs(warehouse)
    assert page.stat().st_mtime_ns > before
    before = page.stat().st_mtime_ns

    (docs / ".format").write_text("0 old", encoding="utf-8")  # pages of an older format are all redone
    build_data_docs(warehouse)
    assert page.stat().st_mtime_ns > before

    build_data_docs(warehouse, runs=1)
    assert not (docs / "validations" / "articles" / RUNS[0]).exists()
    assert RUNS[0] not in (docs / "index.html").read_text(encoding="utf-8")
    build_data_docs(warehouse)  # the other tests expect both runs


def test_an_empty_warehouse_gets_suites_and_says_it_has_no_results(tmp_path):
    index = build_data_docs(tmp_path)
    text = index.read_text(encoding="utf-8")
    assert 'id="no-results"' in text
    assert all((tmp_path / "docs" / "expectations" / f"{s}.html").is_file() for s in SUITES)


def test_values_from_the_data_are_text_not_markup(tmp_path):
    """GX puts unexpected values into its tables as they are: article text must not become a script or a fetch."""
    hostile = '<script>alert("x")</script><img src="https://example.com/x.png">'
    frame = articles().assign(content_hash=hostile, dateline_city=hostile)  # a duplicate hash: failed, values shown
    frame.loc[0, "body"] = "كيا " + hostile  # a presentation form: failed, values shown
    save_validation(validate_frame(frame, "articles", PARAMETERS), validation_path(tmp_path, RUNS[0], "articles", 0))
    build_data_docs(tmp_path)
    page = (tmp_path / "docs" / "validations" / "articles" / RUNS[0] / "00000.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img" not in page and not NETWORK_REFERENCE.search(page)
    assert "&amp;lt;" not in page  # escaped once: the reader sees the text as it was
    assert text_of(page).count('<script>alert("x")</script>') >= 2
