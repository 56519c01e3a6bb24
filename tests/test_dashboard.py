"""The dashboard: built from a real warehouse, rendered in a real headless browser."""

import html
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from flows import warehouse
from flows.dashboard import build_dashboard, dashboard_data, dashboard_figures, render_page, script_json
from flows.data_docs import build_data_docs
from flows.nightly import nightly

from browser import chromium

pytestmark = pytest.mark.usefixtures("prefect_harness")

CHARTS = ("chart-pass-rate", "chart-quarantine", "chart-articles-per-day", "chart-completeness")
COUNTS = ("seen", "new", "loaded", "quarantined", "skipped")
LATIN_ONLY = " date 2024-05-01 Cabinet\nISLAMABAD (APP) The cabinet met.\n"


def element_text(dom: str, element_id: str) -> str:
    match = re.search(rf'id="{re.escape(element_id)}"[^>]*>([^<]*)<', dom)
    assert match, f"no element #{element_id} in the page"
    return html.unescape(match.group(1))


def chart_markup(dom: str, chart_id: str) -> str:
    """What vega-embed put inside a chart's div (an SVG holds no div of its own)."""
    match = re.search(rf'<div[^>]*id="{chart_id}"[^>]*>(.*?)</div>', dom, re.S)
    assert match, f"no chart div #{chart_id}"
    return match.group(1)


def failure_rows(dom: str) -> dict[tuple[str, str], tuple[str, int, int]]:
    """The failed-expectations table: (suite, expectation) -> (severity, batches failed, unexpected rows)."""
    rows = re.findall(
        r'<tr class="(\w+)" data-suite="([^"]*)" data-expectation="([^"]*)">.*?<td class="count">(\d+) of \d+</td>'
        r'<td class="count">(\d+)</td>', dom)
    return {(html.unescape(suite), html.unescape(name)): (severity, int(batches), int(unexpected))
            for severity, suite, name, batches, unexpected in rows}


def quarantine_rows(dom: str) -> dict[str, int]:
    rows = re.findall(r'<tr data-reason="([^"]*)"><td[^>]*>.*?</td><td class="count">(\d+)</td></tr>', dom)
    return {html.unescape(reason): int(n) for reason, n in rows}


@pytest.fixture
def nightly_warehouse(seed_copy, tmp_path) -> Path:
    """The seeds plus one article with no Urdu in it, run through the nightly flow twice."""
    (seed_copy / "latin_only.txt").write_text(LATIN_ONLY, encoding="utf-8")
    root = tmp_path / "warehouse"
    nightly(sources=[str(seed_copy)], warehouse_dir=str(root))
    nightly(sources=[str(seed_copy)], warehouse_dir=str(root))
    return root


def test_page_renders_its_charts_and_matches_the_warehouse(nightly_warehouse, tmp_path):
    page = build_dashboard(nightly_warehouse)
    assert page == nightly_warehouse / "dashboard" / "index.html"
    url = page.as_uri()

    dom = chromium("--dump-dom", url, user_data=tmp_path / "profile").stdout
    for chart_id in CHARTS:
        markup = chart_markup(dom, chart_id)
        assert "<svg" in markup and "<path" in markup, f"{chart_id} did not render"
    assert "failed to render:" not in dom.split('id="chart-specs"')[0]

    figures = dashboard_figures(nightly_warehouse)
    with duckdb.connect(str(warehouse.database_path(nightly_warehouse)), read_only=True) as connection:
        last = connection.execute(
            "SELECT run_id, n_seen, n_new, n_loaded, n_quarantined, n_skipped FROM runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
        reasons = dict(connection.execute("SELECT reason, count(*) FROM quarantine GROUP BY reason").fetchall())
        runs = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
    assert runs == 2 and reasons, "the fixture should give two runs and a quarantined item"
    assert element_text(dom, "last-run-id") == last[0] == figures["last_run"]["run_id"]
    for name, expected in zip(COUNTS, last[1:]):
        assert int(element_text(dom, f"last-run-{name}")) == expected == figures["last_run"][name]
    assert int(element_text(dom, "runs-total")) == runs == figures["runs"]
    assert quarantine_rows(dom) == reasons == figures["quarantine_by_reason"]
    with duckdb.connect(str(warehouse.database_path(nightly_warehouse)), read_only=True) as connection:
        failed = {
            (suite, name): (severity, batches, unexpected)
            for suite, name, severity, batches, unexpected in connection.execute(
                """SELECT suite, expectation, severity, count(*), sum(unexpected_count) FROM dq_results
                   WHERE run_id = ? AND NOT success GROUP BY ALL""", [last[0]]).fetchall()
        }
    # the second run brought nothing new: the source went silent, a warning of the sources suite
    assert ("sources", "source_volume_steady(volume_ratio)") in failed
    assert failure_rows(dom) == failed == figures["last_run_failures"]
    assert int(element_text(dom, "quarantine-total")) == sum(reasons.values())
    # Urdu names are laid out right to left.
    assert re.search(r'<td class="urdu" dir="rtl" lang="ur">[^<]*[\u0600-\u06ff]', dom)

    screenshot = tmp_path / "dashboard.png"
    chromium(f"--screenshot={screenshot}", "--window-size=1280,2400", url, user_data=tmp_path / "profile")
    assert screenshot.stat().st_size > 10_000
    kept = shutil.copy(screenshot, nightly_warehouse / "dashboard" / "screenshot.png")
    print(f"dashboard screenshot: {kept}")


def test_page_loads_nothing_from_the_network(nightly_warehouse):
    text = build_dashboard(nightly_warehouse).read_text(encoding="utf-8")
    assert not re.search(r'src\s*=\s*["\']?\s*(https?:)?//', text, re.I)
    assert not re.search(r'<link[^>]*href\s*=\s*["\']?\s*(https?:)?//', text, re.I)
    assert "@import" not in text and "url(http" not in text
    assert text.count("<script") == 3, "the charting bundle, the chart specs and the embed script, all inline"


def test_page_links_the_data_docs_once_they_are_built(nightly_warehouse):
    assert "../docs/index.html" not in build_dashboard(nightly_warehouse).read_text(encoding="utf-8")
    docs = build_data_docs(nightly_warehouse)
    page = build_dashboard(nightly_warehouse)
    links = re.findall(r'href="([^"]*docs/index.html)"', page.read_text(encoding="utf-8"))
    assert links and all((page.parent / link).resolve() == docs.resolve() for link in links)


def test_empty_warehouse_says_so(tmp_path):
    page = build_dashboard(tmp_path / "none").read_text(encoding="utf-8")
    assert 'id="no-warehouse"' in page and 'id="no-runs"' in page and "<svg" not in page

    connection = warehouse.connect(tmp_path / "fresh")  # tables, no runs
    connection.close()
    page = build_dashboard(tmp_path / "fresh").read_text(encoding="utf-8")
    assert 'id="no-runs"' in page and 'id="no-warehouse"' not in page
    assert dashboard_figures(tmp_path / "fresh") == {
        "runs": 0, "last_run": None, "quarantine_by_reason": {}, "last_run_failures": {}}


def test_warehouse_values_are_escaped(tmp_path):
    hostile = '</script><script>alert("x")</script><!--'
    connection = warehouse.connect(tmp_path)
    connection.execute(
        "INSERT INTO runs VALUES ('r1', 'nightly', now(), now(), 'completed', 1, 1, 0, 1, 0)")
    connection.execute("INSERT INTO quarantine VALUES ('r1', 'file:///x', ?, ?, 'h', now())", [hostile, hostile])
    connection.execute("INSERT INTO entities VALUES ('a', 'PERSON', ?, ?, 0, 1)", [hostile, hostile])
    connection.close()

    page = render_page_without_bundle(tmp_path)
    assert hostile not in page and "<script>alert" not in page
    assert page.count("<script") == 3
    specs = re.search(r'id="chart-specs">(.*?)</script>', page, re.S).group(1)
    assert json.loads(specs)["chart-quarantine"]["data"]["values"][0]["reason"] == hostile
    assert quarantine_rows(page) == {hostile: 1}


def render_page_without_bundle(warehouse_dir: Path) -> str:
    """The page with a stub for the charting library, which has no warehouse values in it."""
    return render_page(dashboard_data(warehouse_dir), bundle=lambda: "window.vegaEmbed = null;")


def test_script_json_cannot_close_its_script():
    text = script_json({"a": "</script><!-- & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & >"}
