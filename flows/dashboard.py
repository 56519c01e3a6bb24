"""The data-quality dashboard: one self-contained HTML page built from the warehouse.

The page must open anywhere the warehouse is read, including machines without network, so
every script, style and chart is inline: the Vega, Vega-Lite and vega-embed libraries come
from vl-convert's bundle, and each chart's data travels inside its spec. Values from the
warehouse are escaped before they reach the page; Urdu cells are marked right to left.

    build_dashboard(warehouse_dir)  -> <warehouse_dir>/dashboard/index.html
    dashboard_figures(warehouse_dir) -> the numbers the page shows, for checking it

Every suite's outcomes in `dq_results` show here without naming the suites: the pass rate of
each expectation over runs, and the expectations that failed in the last run, critical and
warnings alike. Where the Great Expectations Data Docs have been built (`flows/data_docs.py`,
`<warehouse_dir>/docs/`), the page links to them for each result in full.
"""

from __future__ import annotations

import html
import json
from datetime import date, datetime
from pathlib import Path

from flows import warehouse

DASHBOARD_DIR = "dashboard"
PAGE_NAME = "index.html"
# The Data Docs' index, relative to the warehouse and (one folder down) to this page.
DATA_DOCS_PAGE = "docs/index.html"
TOP_ENTITIES = 15
# Fonts that shape Urdu, Nastaliq first; DejaVu Sans covers Arabic script where none is installed.
FONT_STACK = '"Noto Nastaliq Urdu", "Noto Naskh Arabic", "Jameel Noori Nastaleeq", "DejaVu Sans", sans-serif'
# Chart labels are mostly Latin (expectations, fields, dates): a Latin face first, then Naskh,
# whose compact Arabic-script glyphs fit axis labels better than Nastaliq's tall ones.
CHART_FONT = '"Noto Sans", "Segoe UI", Helvetica, "Noto Naskh Arabic", ' + FONT_STACK
RUN_COUNTS = ("seen", "new", "loaded", "quarantined", "skipped")
EMBED_OPTIONS = {"renderer": "svg", "actions": False}
# Plot width in pixels: with axis labels and legends a chart still fits the 1100px page.
CHART_WIDTH = 760


# --- reading the warehouse -------------------------------------------------------------

def _tables(connection) -> set[str]:
    """Names of the tables present: an older or partly built warehouse may lack some."""
    return {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _rows(connection, sql: str, params=None) -> list[dict]:
    """Rows as dicts, so the page and the figures speak in column names."""
    cursor = connection.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _last_run(connection) -> dict | None:
    """The most recently started run, whatever its status: a failed run is news too."""
    rows = _rows(
        connection,
        """SELECT run_id, flow, status, started_at, finished_at, n_seen AS seen, n_new AS new,
                  n_loaded AS loaded, n_quarantined AS quarantined, n_skipped AS skipped
           FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1""",
    )
    return rows[0] if rows else None


def _quarantine_by_reason(connection) -> dict[str, int]:
    """Quarantined items per reason over all runs, most frequent first."""
    rows = connection.execute(
        "SELECT reason, count(*) FROM quarantine GROUP BY reason ORDER BY count(*) DESC, reason"
    ).fetchall()
    return {reason: count for reason, count in rows}


def _pass_rates(connection) -> list[dict]:
    """Share of passing evaluations per expectation and run (a run validates several batches)."""
    return _rows(
        connection,
        """SELECT r.started_at AS run_started, d.run_id, d.suite || ' · ' || d.expectation
                  || coalesce(' (' || d."column" || ')', '') AS expectation,
                  avg(CASE WHEN d.success THEN 1.0 ELSE 0.0 END) AS pass_rate,
                  count(*) AS evaluations
           FROM dq_results d JOIN runs r USING (run_id)
           GROUP BY ALL ORDER BY run_started, expectation""",
    )


def _failures(connection, run_id: str) -> list[dict]:
    """The expectations that failed on at least one batch of a run, critical first."""
    return _rows(
        connection,
        """SELECT suite, expectation, coalesce(severity, 'critical') AS severity,
                  count(*) FILTER (WHERE NOT success) AS failed_batches, count(*) AS batches,
                  coalesce(sum(unexpected_count) FILTER (WHERE NOT success), 0)::BIGINT AS unexpected,
                  arg_min(observed, batch) FILTER (WHERE NOT success) AS observed
           FROM dq_results WHERE run_id = ?
           GROUP BY suite, expectation, coalesce(severity, 'critical')
           HAVING count(*) FILTER (WHERE NOT success) > 0
           ORDER BY coalesce(severity, 'critical') <> 'critical', suite, expectation""",
        [run_id],
    )


def _articles_per_day(connection) -> list[dict]:
    """Articles per published day and source: gaps and floods show here first."""
    return _rows(
        connection,
        """SELECT published_date AS day, coalesce(source_name, '(none)') AS source, count(*) AS articles
           FROM articles GROUP BY ALL ORDER BY day, source""",
    )


def _completeness(connection, has_entities: bool) -> list[dict]:
    """Per published month, the share of articles with each extracted field, in long form.

    A headline counts when the source gave it: a derived one (the body's first sentence) is
    the fallback for a missing headline, as the suite's `headline_from_source` has it.
    """
    entity_test = (
        "article_id IN (SELECT article_id FROM entities)" if has_entities else "false"
    )
    return _rows(
        connection,
        f"""WITH flags AS (
                SELECT date_trunc('month', published_date)::DATE AS month,
                       headline IS NOT NULL AND headline <> '' AND headline_origin IS DISTINCT FROM 'derived'
                           AS "headline (from source)",
                       dateline_city IS NOT NULL AS dateline_city,
                       agencies IS NOT NULL AND len(agencies) > 0 AS agencies,
                       {entity_test} AS entity
                FROM articles)
            SELECT month, field, avg(present::INTEGER) AS share, count(*) AS articles
            FROM (UNPIVOT flags ON "headline (from source)", dateline_city, agencies, entity INTO NAME field VALUE present)
            GROUP BY ALL ORDER BY month, field""",
    )


def _top_entities(connection) -> dict[str, list[dict]]:
    """The most mentioned canonical names per entity type, with the articles that name them."""
    rows = _rows(
        connection,
        f"""SELECT entity_type, canonical, count(*) AS mentions, count(DISTINCT article_id) AS articles
            FROM entities GROUP BY entity_type, canonical
            QUALIFY row_number() OVER (PARTITION BY entity_type ORDER BY count(*) DESC, canonical) <= {TOP_ENTITIES}
            ORDER BY entity_type, mentions DESC, canonical""",
    )
    by_type: dict[str, list[dict]] = {}
    for row in rows:
        by_type.setdefault(row.pop("entity_type"), []).append(row)
    return by_type


def dashboard_data(warehouse_dir: Path) -> dict:
    """Everything the page shows, read in one read-only session and then released."""
    data = {"exists": warehouse.database_path(warehouse_dir).exists(), "runs": 0, "last_run": None,
            "quarantine": {}, "pass_rates": [], "failures": [], "per_day": [], "completeness": [], "entities": {},
            "data_docs": (Path(warehouse_dir) / DATA_DOCS_PAGE).is_file()}
    if not data["exists"]:
        return data
    connection = warehouse.connect(warehouse_dir, read_only=True)
    try:
        tables = _tables(connection)
        if "runs" in tables:
            data["runs"] = connection.execute("SELECT count(*) FROM runs").fetchone()[0]
            data["last_run"] = _last_run(connection)
        if "quarantine" in tables:
            data["quarantine"] = _quarantine_by_reason(connection)
        if {"dq_results", "runs"} <= tables:
            data["pass_rates"] = _pass_rates(connection)
            if data["last_run"] is not None:
                data["failures"] = _failures(connection, data["last_run"]["run_id"])
        if "articles" in tables:
            data["per_day"] = _articles_per_day(connection)
            data["completeness"] = _completeness(connection, "entities" in tables)
        if "entities" in tables:
            data["entities"] = _top_entities(connection)
    finally:
        connection.close()
    return data


def dashboard_figures(warehouse_dir: Path) -> dict:
    """The numbers the page prints, so a check can hold the page against the warehouse."""
    data = dashboard_data(Path(warehouse_dir))
    last = data["last_run"]
    return {
        "runs": data["runs"],
        "last_run": None if last is None else {key: last[key] for key in ("run_id", "status", *RUN_COUNTS)},
        "quarantine_by_reason": data["quarantine"],
        "last_run_failures": {
            (f["suite"], f["expectation"]): (f["severity"], f["failed_batches"], f["unexpected"]) for f in data["failures"]
        },
    }


# --- charts ----------------------------------------------------------------------------

def _json_value(value):
    """Dates and timestamps as ISO strings: Vega-Lite parses them, json cannot encode them."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _values(rows: list[dict]) -> list[dict]:
    return [{key: _json_value(value) for key, value in row.items()} for row in rows]


def _chart(title: str, rows: list[dict], mark, encoding: dict, height: int = 260) -> dict:
    """A Vega-Lite spec carrying its own data: the page fetches nothing."""
    return {
        "title": title,
        "width": CHART_WIDTH,
        "height": height,
        "data": {"values": _values(rows)},
        "mark": mark,
        "encoding": encoding,
        "config": {"font": CHART_FONT, "legend": {"labelLimit": 420}, "axis": {"labelLimit": 220}},
    }


def _pass_rate_chart(rows: list[dict]) -> dict:
    return _chart(
        "Pass rate per expectation, by run", rows, {"type": "line", "point": True},
        {"x": {"field": "run_started", "type": "temporal", "title": "run started",
               "axis": {"format": "%Y-%m-%d %H:%M", "labelAngle": -30}},
         "y": {"field": "pass_rate", "type": "quantitative", "title": "pass rate",
               "axis": {"format": "%"}, "scale": {"domain": [0, 1]}},
         "color": {"field": "expectation", "type": "nominal", "legend": {"orient": "bottom", "columns": 2}},
         "tooltip": [{"field": "run_id"}, {"field": "expectation"},
                     {"field": "pass_rate", "format": ".1%"}, {"field": "evaluations"}]},
        height=220,
    )


def _quarantine_chart(counts: dict[str, int]) -> dict:
    rows = [{"reason": reason, "items": n} for reason, n in counts.items()]
    return _chart(
        "Quarantined items by reason", rows, "bar",
        {"y": {"field": "reason", "type": "nominal", "sort": "-x", "title": None},
         "x": {"field": "items", "type": "quantitative"},
         "tooltip": [{"field": "reason"}, {"field": "items"}]},
        height={"step": 24},
    )


def _per_day_chart(rows: list[dict]) -> dict:
    return _chart(
        "Articles per published day, by source", rows, "bar",
        {"x": {"field": "day", "type": "temporal", "timeUnit": "yearmonthdate", "title": "published"},
         "y": {"field": "articles", "type": "quantitative", "stack": True},
         "color": {"field": "source", "type": "nominal"},
         "tooltip": [{"field": "day", "type": "temporal"}, {"field": "source"}, {"field": "articles"}]},
    )


def _completeness_chart(rows: list[dict]) -> dict:
    return _chart(
        "Field completeness per published month", rows, {"type": "line", "point": True},
        {"x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": "published month"},
         "y": {"field": "share", "type": "quantitative", "title": "share of articles",
               "axis": {"format": "%"}, "scale": {"domain": [0, 1]}},
         "color": {"field": "field", "type": "nominal"},
         "tooltip": [{"field": "month", "type": "temporal", "timeUnit": "yearmonth"}, {"field": "field"},
                     {"field": "share", "format": ".1%"}, {"field": "articles"}]},
    )


def _specs(data: dict) -> dict[str, dict]:
    """One spec per chart div, keyed by the div's id; a chart with no data is left out."""
    specs = {}
    if data["pass_rates"]:
        specs["chart-pass-rate"] = _pass_rate_chart(data["pass_rates"])
    if data["quarantine"]:
        specs["chart-quarantine"] = _quarantine_chart(data["quarantine"])
    if data["per_day"]:
        specs["chart-articles-per-day"] = _per_day_chart(data["per_day"])
    if data["completeness"]:
        specs["chart-completeness"] = _completeness_chart(data["completeness"])
    return specs


def script_json(value) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no entities."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- HTML ------------------------------------------------------------------------------

def _text(value) -> str:
    """Every warehouse value passes here on its way into the page."""
    return "—" if value is None else html.escape(str(value))


def _has_arabic_script(value) -> bool:
    return isinstance(value, str) and any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in value)


def _cell(value, tag: str = "td", css: str = "") -> str:
    """A table cell; Urdu text is marked right to left so the browser lays it out as Urdu."""
    attrs = f' class="{css}"' if css else ""
    if _has_arabic_script(value):
        attrs += ' dir="rtl" lang="ur"'
    return f"<{tag}{attrs}>{_text(value)}</{tag}>"


def _chart_section(chart_id: str, specs: dict, title: str, empty: str) -> str:
    body = f'<div class="chart" id="{chart_id}"></div>' if chart_id in specs else f'<p class="empty">{empty}</p>'
    return f"<section><h2>{title}</h2>{body}</section>"


def _last_run_section(data: dict) -> str:
    """The last run's counts, each in an element with a stable id for checks and scrapers."""
    last = data["last_run"]
    if last is None:
        return (
            '<section><h2>Last run</h2><p class="empty" id="no-runs">'
            "No runs yet: run <code>akhbar run</code> to fill the warehouse.</p></section>"
        )
    tiles = "".join(
        f'<div class="tile"><span class="label">{name}</span>'
        f'<span class="value" id="last-run-{name}">{_text(last[name])}</span></div>'
        for name in RUN_COUNTS
    )
    meta = (
        f'<p>Run <code id="last-run-id">{_text(last["run_id"])}</code> ({_text(last["flow"])}), '
        f'status <strong id="last-run-status">{_text(last["status"])}</strong>, '
        f'started {_text(last["started_at"])}, finished {_text(last["finished_at"])}. '
        f'Runs recorded: <span id="runs-total">{data["runs"]}</span>.</p>'
    )
    return f'<section><h2>Last run</h2>{meta}<div class="tiles">{tiles}</div></section>'


def _quarantine_table(counts: dict[str, int]) -> str:
    if not counts:
        return ""
    rows = "".join(
        f'<tr data-reason="{_text(reason)}">{_cell(reason)}<td class="count">{n}</td></tr>' for reason, n in counts.items()
    )
    total = sum(counts.values())
    return (
        '<table id="quarantine-table"><thead><tr><th>reason</th><th>items</th></tr></thead>'
        f'<tbody>{rows}</tbody><tfoot><tr><th>total</th><td class="count" id="quarantine-total">{total}</td></tr></tfoot></table>'
    )


def _failures_section(data: dict) -> str:
    """The last run's failed expectations, one row each, with the batches they failed on."""
    docs = f' Every result in full: <a id="data-docs-link" href="../{DATA_DOCS_PAGE}">Data Docs</a>.' if data.get("data_docs") else ""
    title = "<h2>Failed expectations in the last run</h2>"
    if data["last_run"] is None:
        return ""
    if not data["failures"]:
        return f'<section>{title}<p class="empty" id="no-failures">Every expectation passed.{docs}</p></section>'
    rows = "".join(
        f'<tr class="{_text(f["severity"])}" data-suite="{_text(f["suite"])}" data-expectation="{_text(f["expectation"])}">'
        f'{_cell(f["suite"])}<td><code>{_text(f["expectation"])}</code></td>{_cell(f["severity"], css="severity")}'
        f'<td class="count">{f["failed_batches"]} of {f["batches"]}</td><td class="count">{f["unexpected"]}</td>'
        f"{_cell(f['observed'])}</tr>"
        for f in data["failures"]
    )
    return (
        f"<section>{title}<p>Critical failures quarantine their rows; warnings are only recorded.{docs}</p>"
        '<table id="failures-table"><thead><tr><th>suite</th><th>expectation</th><th>severity</th><th>batches failed</th>'
        f"<th>unexpected rows</th><th>observed (first failing batch)</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _entities_section(by_type: dict[str, list[dict]]) -> str:
    if not by_type:
        return '<section><h2>Top entities</h2><p class="empty">No entities yet.</p></section>'
    tables = []
    for entity_type, rows in sorted(by_type.items()):
        body = "".join(
            f'<tr>{_cell(row["canonical"], css="urdu")}<td class="count">{row["mentions"]}</td>'
            f'<td class="count">{row["articles"]}</td></tr>'
            for row in rows
        )
        tables.append(
            f'<table class="entities" id="entities-{_text(entity_type.lower())}"><caption>{_text(entity_type)}</caption>'
            f"<thead><tr><th>name</th><th>mentions</th><th>articles</th></tr></thead><tbody>{body}</tbody></table>"
        )
    return f'<section><h2>Top entities</h2><div class="entity-tables">{"".join(tables)}</div></section>'


STYLE = """
body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem 2rem; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; margin-top: 2rem; }
.urdu, [lang="ur"] { font-family: FONTS; }
.tiles { display: flex; gap: 1rem; flex-wrap: wrap; }
.tile { border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem 1rem; min-width: 7rem; }
.tile .label { display: block; color: #666; font-size: 0.85rem; }
.tile .value { font-size: 1.8rem; font-weight: 600; }
table { border-collapse: collapse; margin: 0.8rem 0; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: start; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
caption { font-weight: 600; text-align: start; padding: 0.3rem 0; }
.entity-tables { display: flex; gap: 2rem; flex-wrap: wrap; align-items: flex-start; }
.empty { color: #666; font-style: italic; }
tr.critical td.severity { color: #b02a37; font-weight: 600; } tr.warning td.severity { color: #8a6200; font-weight: 600; }
.chart { min-height: 2rem; }
""".replace("FONTS", FONT_STACK)

EMBED_SCRIPT = """
(function () {
  var specs = JSON.parse(document.getElementById("chart-specs").textContent);
  var options = OPTIONS;
  Object.keys(specs).forEach(function (id) {
    var target = document.getElementById(id);
    vegaEmbed(target, specs[id], options).catch(function (error) {
      target.textContent = "This chart failed to render: " + error;
    });
  });
})();
""".replace("OPTIONS", json.dumps(EMBED_OPTIONS))


def _vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one classic script, safe to inline."""
    import vl_convert

    return vl_convert.javascript_bundle().replace("</script", "<\\/script")


def render_page(data: dict, bundle=_vega_bundle) -> str:
    """The whole page as a string; `bundle()` gives the charting JavaScript, fetched only if a chart needs it."""
    specs = _specs(data)
    if not data["exists"]:
        intro = '<p class="empty" id="no-warehouse">No warehouse yet: run <code>akhbar run</code> first.</p>'
    else:
        intro = ""
    if data.get("data_docs"):
        intro += f'<p>Suites and validation results in full: <a href="../{DATA_DOCS_PAGE}">Great Expectations Data Docs</a>.</p>'
    sections = [
        intro,
        _last_run_section(data),
        _chart_section("chart-pass-rate", specs, "Expectation pass rate over runs", "No validation results yet."),
        _failures_section(data),
        _chart_section("chart-quarantine", specs, "Quarantine by reason", "Nothing quarantined.")
        + _quarantine_table(data["quarantine"]),
        _chart_section("chart-articles-per-day", specs, "Articles per day per source", "No articles yet."),
        _chart_section("chart-completeness", specs, "Field completeness over time", "No articles yet."),
        _entities_section(data["entities"]),
    ]
    scripts = ""
    if specs:
        scripts = (
            f"<script>{bundle()}</script>"
            f'<script type="application/json" id="chart-specs">{script_json(specs)}</script>'
            f"<script>{EMBED_SCRIPT}</script>"
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>akhbar · اخبار — data quality</title><style>{STYLE}</style></head><body>"
        '<h1>akhbar <span lang="ur" dir="rtl">اخبار</span> — data quality</h1>'
        f'{"".join(sections)}{scripts}</body></html>'
    )


def build_dashboard(warehouse_dir: Path) -> Path:
    """Write `<warehouse_dir>/dashboard/index.html` and return its path."""
    warehouse_dir = Path(warehouse_dir)
    page = render_page(dashboard_data(warehouse_dir))
    target = warehouse_dir / DASHBOARD_DIR / PAGE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".html.tmp")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(target)
    return target
