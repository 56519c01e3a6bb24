"""Great Expectations Data Docs for the warehouse, readable offline, in `<warehouse>/docs/`.

    docs/index.html                                   the suites, and the stored results of the latest runs
    docs/expectations/<suite>.html                    one page per suite in expectations/
    docs/validations/<suite>/<run_id>/<batch>.html    one page per stored validation result

A run keeps GX's result of each validation (`flows.validate.save_validation`) at
`lake/validations/run_id=<run_id>/<suite>-<batch:05d>.json` (`<suite>-run.json` for a suite that
runs once per run): `validation_path` and `validation_parts` name that place for both sides.

GX renders the pages (ExpectationSuitePageRenderer, ValidationResultsPageRenderer,
DefaultJinjaPageView), but its page templates fetch Bootstrap, jQuery, Font Awesome and Vega from
CDNs, its logo from S3, and add a newsletter footer. Those templates are replaced here by offline
ones: an inline stylesheet covering the Bootstrap classes the pages use, characters for the Font
Awesome icons GX draws, a few lines of plain JavaScript for the collapsible blocks and the
"Failed Only" filter, and the Vega bundle from vl-convert, inlined only in a page with a chart
(none of the suites' expectations draws one today). Pages reference no http(s) resource at all.

Each page opens with akhbar's own table of the expectations by the names `dq_results` uses,
with their severity (GX's page shows neither). The build is incremental: a result's page is
rendered again only when its JSON is newer, pages of results outside the latest runs are
removed, and everything is rebuilt when the page format or GX's version changes.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

from flows.dashboard import FONT_STACK
from flows.lake import FOLDER, Lake
from flows.validate import EXPECTATIONS_DIR, describe_observed, expectation_name

DOCS_DIR = "docs"
VALIDATIONS_DIR = "validations"
INDEX = "index.html"
PER_RUN = "run"  # the batch part of a per-run suite's result name
# Bump when the pages change shape: every page is then rendered again.
PAGE_FORMAT = "1"
FORMAT_FILE = ".format"
_RESULT_NAME = re.compile(r"^(?P<suite>.+)-(?P<batch>\d{5}|run)\.json$")


# --- where results are kept ------------------------------------------------------------

def validation_parts(run_id: str, suite: str, batch: int | None = None) -> tuple[str, str, str]:
    """The path of a stored result below the lake: ("validations", "run_id=…", "<suite>-<batch:05d>.json").

    `batch` None (or negative) is a suite validated once per run: "<suite>-run.json".
    """
    name = PER_RUN if batch is None or batch < 0 else f"{batch:05d}"
    return VALIDATIONS_DIR, f"run_id={run_id}", f"{suite}-{name}.json"


def validation_path(warehouse_dir: Path, run_id: str, suite: str, batch: int | None = None) -> Path:
    """`<warehouse>/lake/validations/run_id=<run_id>/<suite>-<batch:05d>.json`."""
    return Path(warehouse_dir) / FOLDER / Path(*validation_parts(run_id, suite, batch))


@dataclass(frozen=True)
class StoredResult:
    run_id: str
    suite: str
    batch: str  # "00003", or "run"
    path: str  # inside the lake
    modified: float

    @property
    def page(self) -> str:
        """The result's page, relative to docs/."""
        return f"{VALIDATIONS_DIR}/{self.suite}/{self.run_id}/{self.batch}.html"


def stored_results(warehouse_dir: Path, runs: int = 10, lake: Lake | None = None) -> list[StoredResult]:
    """The stored results of the latest `runs` runs, newest run first (run ids start with their UTC time)."""
    lake = lake or Lake.of(warehouse_dir)
    folder = lake.path(VALIDATIONS_DIR)
    run_dirs = sorted((name for name in lake.folders(folder) if name.startswith("run_id=")), reverse=True)
    results = []
    for run_dir in run_dirs[: max(runs, 0)]:
        found = []
        for path, modified in lake.modified(f"{folder}/{run_dir}", ".json").items():
            match = _RESULT_NAME.match(path.rsplit("/", 1)[-1])
            if match:
                found.append(StoredResult(run_dir.removeprefix("run_id="), match["suite"], match["batch"], path, modified))
        # batch by batch, the per-run suites last
        results += sorted(found, key=lambda r: (r.batch == PER_RUN, r.batch, r.suite))
    return results


# --- offline pages ---------------------------------------------------------------------

STYLE = """
*, ::before, ::after { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, "Noto Sans", "DejaVu Sans", sans-serif; font-size: 15px; line-height: 1.45;
       color: #212529; background: #fff; }
a { color: #0b5ed7; } h1, h2, h3, h4, h5, h6, .h6 { margin: 0.4rem 0; font-weight: 600; }
h4 { font-size: 1.3rem; } h5 { font-size: 1.15rem; } h6, .h6 { font-size: 1rem; }
.lead { color: #555; } p { margin: 0.3rem 0 0.6rem; } ul { padding-inline-start: 20px; margin: 0.2rem 0; }
.navbar { display: flex; align-items: baseline; gap: 1.2rem; padding: 0.8rem 2rem; border-bottom: 1px solid #ddd;
          background: #f8f9fa; position: sticky; top: 0; z-index: 10; }
.navbar .brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; color: #222; }
.navbar .where { color: #555; }
.container-fluid { width: 100%; padding: 0 1rem; } .ge-page { padding: 1.5rem 2rem; }
.row { display: flex; flex-wrap: wrap; margin: 0 -0.5rem; }
.row > * { padding: 0 0.5rem; }
.col-12, .col-sm-12, .col-xs-12 { flex: 0 0 100%; max-width: 100%; }
.col-6 { flex: 0 0 50%; max-width: 50%; } .col-4 { flex: 0 0 33.3%; max-width: 33.3%; }
@media (min-width: 768px) {
  .col-md-2 { flex: 0 0 18%; max-width: 18%; } .col-md-10 { flex: 0 0 82%; max-width: 82%; }
  .col-md-6 { flex: 0 0 50%; max-width: 50%; } .d-md-block { display: block !important; }
}
.d-none { display: none; } .d-flex { display: flex; } .float-left { float: left; }
.sticky { position: sticky; top: 4.5rem; }
.m-0 { margin: 0 !important; } .p-0 { padding: 0 !important; } .mb-0 { margin-bottom: 0 !important; }
.mt-1, .my-1 { margin-top: 0.25rem; } .mb-1, .my-1 { margin-bottom: 0.25rem; } .mb-2 { margin-bottom: 0.5rem; }
.mb-3 { margin-bottom: 1rem; } .mb-4 { margin-bottom: 1.5rem; } .mt-3 { margin-top: 1rem; } .m-2 { margin: 0.5rem; }
.ge-section { clear: both; margin-bottom: 1.5rem; }
.alert { padding: 0.6rem 0.9rem; border: 1px solid transparent; border-radius: 4px; margin-bottom: 0.8rem; }
.alert-secondary { background: #e9ecef; border-color: #d6d8db; }
.card { border: 1px solid #ddd; border-radius: 4px; margin-bottom: 1rem; background: #fff; }
.card-header { padding: 0.4rem 0.6rem; background: #f3f3f3; border-bottom: 1px solid #ddd; }
.card-body { padding: 0.5rem 0.6rem; } .card-text { margin: 0 0 0.3rem; }
.nav { list-style: none; margin: 0; padding: 0; } .nav-link { display: block; padding: 0.15rem 0.3rem; text-decoration: none; }
.badge { display: inline-block; padding: 0.1rem 0.4rem; border-radius: 4px; font-size: 0.85em; }
.badge-secondary { background: #6c757d; color: #fff; } .badge-info { background: #0dcaf0; }
.btn { display: inline-block; padding: 0.25rem 0.6rem; border: 1px solid #0b5ed7; border-radius: 4px; cursor: pointer;
       background: #fff; color: #0b5ed7; margin: 0.1rem; }
.btn.active, .btn-primary.active { background: #0b5ed7; color: #fff; } .btn input { display: none; }
.text-success { color: #198754; } .text-danger { color: #dc3545; } .text-warning { color: #b58105; }
.text-muted { color: #6c757d; } .text-center { text-align: center; }
table, .table { border-collapse: collapse; margin: 0.5rem 0; max-width: 100%; }
.table { width: 100%; } th, td { border-top: 1px solid #dee2e6; padding: 0.3rem 0.5rem; text-align: start;
       vertical-align: top; unicode-bidi: plaintext; }
.table-bordered th, .table-bordered td, table.akhbar th, table.akhbar td { border: 1px solid #dee2e6; }
thead th { border-bottom: 2px solid #dee2e6; } .table-responsive { overflow-x: auto; }
td.count { text-align: right; font-variant-numeric: tabular-nums; } td.status { white-space: nowrap; }
.akhbar-summary { width: 100%; } table.akhbar td:last-child { overflow-wrap: anywhere; min-width: 14rem; }
table.akhbar td { white-space: normal; }
table.akhbar td:first-child, table.akhbar td.severity, table.akhbar td.result { white-space: nowrap; }
.show-scrollbars { overflow: auto; } td .show-scrollbars { max-height: 60vh; }
.collapse:not(.show) { display: none; }
.cooltip { display: inline-block; position: relative; cursor: pointer; }
.cooltip .top { display: none; position: absolute; z-index: 20; min-width: 200px; padding: 0.5rem 0.8rem;
                background: #222; color: #fff; border-radius: 6px; font-size: 13px; }
.cooltip:hover .top { display: block; }
.fas, .far, .fa { font-style: normal; }
.fa-check-circle::before { content: "\\2714"; } .fa-times::before { content: "\\2718"; }
.fa-exclamation-triangle::before { content: "\\26A0"; } .fa-question-circle::before { content: "?"; }
.fa-comment::before { content: "\\2026"; }
[lang="ur"], .urdu { font-family: FONTS; }
.akhbar-summary { margin-bottom: 1.5rem; } .akhbar-summary caption { text-align: start; font-weight: 600; padding: 0.3rem 0; }
tr.failed.critical td { background: #fbe9eb; } tr.failed.warning td { background: #fff6dc; }
.severity-critical { color: #b02a37; font-weight: 600; } .severity-warning { color: #8a6200; font-weight: 600; }
""".replace("FONTS", FONT_STACK)

SCRIPT = """
document.addEventListener("click", function (event) {
  var link = event.target.closest('[data-toggle="collapse"]');
  if (!link) return;
  event.preventDefault();
  var target = document.getElementById((link.getAttribute("href") || "").slice(1));
  if (target) target.classList.toggle("show");
});
function akhbarFailedOnly(on) {
  var show = function (el) { if (el) el.style.display = on ? "none" : ""; };
  document.querySelectorAll(".hide-succeeded-validation-target-child").forEach(function (el) { show(el.parentElement); });
  document.querySelectorAll(".hide-succeeded-validation-target").forEach(show);
  document.querySelectorAll(".hide-succeeded-validations-column-section-target-child").forEach(function (el) {
    var section = el.parentElement && el.parentElement.parentElement;
    show(section);
    if (section && section.id) document.querySelectorAll('a[href$="' + section.id + '"]').forEach(show);
  });
  document.querySelectorAll(".akhbar-filter .btn").forEach(function (b) {
    b.classList.toggle("active", (b.dataset.failed === "1") === on);
  });
}
function showAllValidations() { akhbarFailedOnly(false); }
function hideSucceededValidations() { akhbarFailedOnly(true); }
"""

VEGA_MARK = "<!--akhbar:vega-->"
ICONS = {
    "failed": '<i class="fas fa-times text-danger"></i>',
    "warnings": '<i class="fas fa-exclamation-triangle text-warning"></i>',
    "passed": '<i class="fas fa-check-circle text-success"></i>',
}

# GX's page templates that reach the network, replaced; its content-block templates stay.
TEMPLATES = {
    "page.j2": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page_title | e }} · akhbar Data Docs</title>
<style>{{ akhbar_style }}</style>
""" + VEGA_MARK + """
</head>
<body>
{% include 'top_navbar.j2' %}
<div class="container-fluid ge-page">
  <div class="row">
    {% include 'sidebar.j2' %}
    <div class="col-md-10 col-12">
      {{ akhbar_summary }}
      {% for section in sections %}
        {% set section_loop = loop -%}
        {% include 'section.j2' %}
      {% endfor %}
    </div>
  </div>
</div>
<script>{{ akhbar_script }}</script>
</body>
</html>
""",
    "top_navbar.j2": """<nav class="navbar"><a class="brand" href="{{ akhbar_home }}">akhbar · Data Docs</a>
<span class="where">{{ page_title | e }}</span></nav>
""",
    "page_action_card.j2": """<div class="card mb-3">
  <div class="card-header"><strong>Actions</strong></div>
  <div class="card-body akhbar-filter">
    <p class="card-text">Validation Filter:</p>
    <button type="button" class="btn btn-primary active" data-failed="0" onclick="showAllValidations()">Show All</button>
    <button type="button" class="btn btn-primary" data-failed="1" onclick="hideSucceededValidations()">Failed Only</button>
  </div>
</div>
""",
    "js_script_imports.j2": "",
    "favicon.j2": "",
    "cloud-footer.j2": "",
}


def _view():
    """GX's page view with the offline templates in front of its own."""
    from great_expectations.render.view import DefaultJinjaPageView
    from jinja2 import ChoiceLoader, DictLoader

    view = DefaultJinjaPageView()
    view.env.loader = ChoiceLoader([DictLoader(TEMPLATES), view.env.loader])
    return view


def _vega_bundle() -> str:
    import vl_convert

    return vl_convert.javascript_bundle().replace("</script", "<\\/script")


def _finish(page: str) -> str:
    """Inline the charting library where GX drew a chart; drop the marker elsewhere."""
    script = f"<script>{_vega_bundle()}</script>" if "vegaEmbed(" in page else ""
    return page.replace(VEGA_MARK, script, 1)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _e(value) -> str:
    return "—" if value is None else html.escape(str(value))


def _mostly_urdu(value) -> bool:
    """Text whose letters are mostly Arabic script: set in an Urdu face, right to left."""
    if not isinstance(value, str):
        return False
    arabic = sum(1 for ch in value if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff")
    return arabic > 0 and arabic >= sum(1 for ch in value if ch.isascii() and ch.isalpha())


def _td(value, css: str = "") -> str:
    attrs = f' class="{css}"' if css else ""
    if _mostly_urdu(value):
        attrs += ' dir="auto" lang="ur"'
    return f"<td{attrs}>{_e(value)}</td>"


def _severity(config: dict) -> str:
    severity = config.get("severity") or "critical"
    return getattr(severity, "value", str(severity))


def _name(config: dict) -> str:
    return expectation_name(SimpleNamespace(type=config.get("type"), kwargs=config.get("kwargs") or {}, meta=config.get("meta") or {}))


# --- akhbar's tables on each page ------------------------------------------------------

def result_rows(raw: dict) -> list[dict]:
    """Each expectation of a stored result as `dq_results` has it: name, severity, success, counts."""
    rows = []
    for item in raw.get("results") or []:
        config = item.get("expectation_config") or {}
        details = item.get("result") or {}
        rows.append({
            "expectation": _name(config),
            "column": (config.get("kwargs") or {}).get("column"),
            "severity": _severity(config),
            "success": bool(item.get("success")),
            "unexpected_count": int(details.get("unexpected_count") or 0),
            "observed": describe_observed(details),
        })
    return rows


def _result_summary(rows: list[dict]) -> str:
    body = "".join(
        f'<tr class="{"passed" if r["success"] else "failed"} {r["severity"]}" data-expectation="{_e(r["expectation"])}">'
        f'<td><code>{_e(r["expectation"])}</code></td><td class="severity severity-{_e(r["severity"])}">{_e(r["severity"])}</td>'
        f'<td class="result">{"passed" if r["success"] else "failed"}</td>'
        f'<td class="count">{r["unexpected_count"]}</td>{_td(r["observed"])}</tr>'
        for r in rows
    )
    failed = {s: sum(1 for r in rows if not r["success"] and r["severity"] == s) for s in ("critical", "warning")}
    return (
        '<table class="akhbar akhbar-summary" id="akhbar-summary"><caption>Expectations of this batch, as dq_results names them: '
        f'<span id="failed-critical">{failed["critical"]}</span> critical and '
        f'<span id="failed-warning">{failed["warning"]}</span> warnings failed</caption>'
        "<thead><tr><th>expectation</th><th>severity</th><th>result</th><th>unexpected</th><th>observed</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _suite_summary(spec: dict) -> str:
    body = "".join(
        f'<tr data-expectation="{_e(_name(e))}"><td><code>{_e(_name(e))}</code></td>'
        f'<td class="severity severity-{_e(_severity(e))}">{_e(_severity(e))}</td>{_td((e.get("meta") or {}).get("why"))}</tr>'
        for e in spec.get("expectations", [])
    )
    notes = (spec.get("meta") or {}).get("notes")
    return (
        (f"<p>{_e(notes)}</p>" if notes else "")
        + '<table class="akhbar akhbar-summary" id="akhbar-summary"><caption>Expectations, as dq_results names them</caption>'
        "<thead><tr><th>expectation</th><th>severity</th><th>why</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


# --- rendering -------------------------------------------------------------------------

def _suite_specs() -> dict[str, dict]:
    specs = {}
    for path in sorted(EXPECTATIONS_DIR.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        specs[spec["name"]] = spec
    return specs


def render_suite_page(spec: dict, view=None) -> str:
    import great_expectations as gx
    from great_expectations.render.renderer import ExpectationSuitePageRenderer

    suite = gx.ExpectationSuite(name=spec["name"], expectations=spec["expectations"], meta=spec.get("meta"))
    document = ExpectationSuitePageRenderer().render(suite)
    page = (view or _view()).render(
        document, akhbar_style=STYLE, akhbar_script=SCRIPT, akhbar_home="../" + INDEX, akhbar_summary=_suite_summary(spec)
    )
    return _finish(page)


def _escaped(value):
    """Strings escaped for HTML, inside lists and dicts too."""
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


# Where a result carries values of the data. GX puts them into its tables of unexpected values
# without escaping them: article text would be markup in the page (a script, an image
# fetched from the web), so they are escaped before GX sees them.
_DATA_KEYS = ("partial_unexpected_list", "unexpected_list", "partial_unexpected_counts", "observed_value",
              "partial_unexpected_index_list", "unexpected_index_list", "details")


def _without_markup(raw: dict) -> dict:
    results = []
    for item in raw.get("results") or []:
        details = item.get("result") or {}
        results.append(dict(item, result={k: _escaped(v) if k in _DATA_KEYS else v for k, v in details.items()}))
    return dict(raw, results=results)


def render_result_page(raw: dict, run_id: str, batch: str, view=None) -> str:
    from great_expectations.core.expectation_validation_result import expectationSuiteValidationResultSchema
    from great_expectations.render.renderer import ValidationResultsPageRenderer

    summary = _result_summary(result_rows(raw))  # escapes as it writes
    meta = dict(raw.get("meta") or {})
    when = meta.get("validation_time") or run_id.split("-", 1)[0]
    meta["run_id"] = {"run_name": f"{run_id} · batch {batch}", "run_time": when}
    result = expectationSuiteValidationResultSchema.load(dict(_without_markup(raw), meta=meta))
    document = ValidationResultsPageRenderer().render(result)
    page = (view or _view()).render(
        document, akhbar_style=STYLE, akhbar_script=SCRIPT, akhbar_home="../../../" + INDEX, akhbar_summary=summary
    )
    # GX links the suite as if the page sat one folder deeper, as in its own site's layout.
    return _finish(page).replace('href="../../../../expectations/', 'href="../../../expectations/')


def _index_page(specs: dict[str, dict], entries: list[tuple[StoredResult, list[dict]]], runs: int, seconds: float) -> str:
    from great_expectations import __version__ as gx_version

    suite_rows = "".join(
        f'<tr data-suite="{_e(name)}"><td><a href="expectations/{_e(name)}.html">{_e(name)}</a></td>'
        f'<td class="count">{len(spec["expectations"])}</td>'
        f'<td class="count">{sum(1 for e in spec["expectations"] if _severity(e) == "critical")}</td>'
        f'<td class="count">{sum(1 for e in spec["expectations"] if _severity(e) == "warning")}</td>'
        f'<td>{_e((spec.get("meta") or {}).get("notes"))}</td></tr>'
        for name, spec in specs.items()
    )
    by_run: dict[str, list[tuple[StoredResult, list[dict]]]] = {}
    for stored, rows in entries:
        by_run.setdefault(stored.run_id, []).append((stored, rows))
    run_sections = []
    for run_id, items in by_run.items():
        body = ""
        for stored, rows in items:
            failed = [r for r in rows if not r["success"]]
            critical = sum(1 for r in failed if r["severity"] == "critical")
            status = "failed" if critical else ("warnings" if failed else "passed")
            icon = ICONS[status]
            names = ", ".join(f'<code>{_e(r["expectation"])}</code> ({r["unexpected_count"]})' for r in failed)
            body += (
                f'<tr class="result {status}" data-run="{_e(run_id)}" data-suite="{_e(stored.suite)}" data-batch="{_e(stored.batch)}">'
                f'<td><a href="{_e(stored.page)}">{_e(stored.suite)}</a></td><td>{_e(stored.batch)}</td>'
                f'<td class="status">{icon} {status}</td>'
                f'<td class="count">{len(rows)}</td><td class="count failed-critical">{critical}</td>'
                f'<td class="count failed-warning">{len(failed) - critical}</td><td>{names or "—"}</td></tr>'
            )
        run_sections.append(
            f'<h3 id="run-{_e(run_id)}">Run <code>{_e(run_id)}</code></h3><table class="akhbar table">'
            "<thead><tr><th>suite</th><th>batch</th><th>status</th><th>expectations</th><th>critical failed</th>"
            f"<th>warnings failed</th><th>failed expectations (unexpected rows)</th></tr></thead><tbody>{body}</tbody></table>"
        )
    results = "".join(run_sections) or (
        '<p class="text-muted" id="no-results">No validation results stored yet: run <code>akhbar run</code>.</p>'
    )
    built = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>akhbar · Data Docs</title><style>{STYLE}</style></head><body>"
        '<nav class="navbar"><a class="brand" href="index.html">akhbar · Data Docs</a>'
        '<span class="where">Great Expectations suites and validation results</span></nav><div class="ge-page">'
        f'<p class="text-muted">Built {built} in {seconds:.1f} s with Great Expectations {_e(gx_version)}; '
        f"results of the latest {runs} runs. The warehouse dashboard shows pass rates over all runs.</p>"
        '<h2>Expectation suites</h2><table class="akhbar table" id="suites"><thead><tr><th>suite</th><th>expectations</th>'
        f"<th>critical</th><th>warning</th><th>runs on</th></tr></thead><tbody>{suite_rows}</tbody></table>"
        f'<h2>Validation results</h2><div id="results">{results}</div></div></body></html>'
    )


def _prune(folder: Path, keep: set[Path]) -> None:
    """Remove the pages under `folder` not in `keep`, and the folders left empty."""
    if not folder.is_dir():
        return
    for page in folder.rglob("*.html"):
        if page not in keep:
            page.unlink()
    for path in sorted(folder.rglob("*"), reverse=True):  # deepest first
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def build_data_docs(warehouse_dir: Path, runs: int = 10, lake: Lake | None = None) -> Path:
    """Write the Data Docs into `<warehouse_dir>/docs/` and return the index page's path."""
    import great_expectations

    started = time.perf_counter()
    warehouse_dir = Path(warehouse_dir)
    docs = warehouse_dir / DOCS_DIR
    stamp = f"{PAGE_FORMAT} {great_expectations.__version__}"
    stamp_file = docs / FORMAT_FILE
    if docs.is_dir() and (not stamp_file.exists() or stamp_file.read_text(encoding="utf-8") != stamp):
        shutil.rmtree(docs)
    view = _view()

    specs = _suite_specs()
    for name, spec in specs.items():
        _write(docs / "expectations" / f"{name}.html", render_suite_page(spec, view))
    for stale in (docs / "expectations").glob("*.html"):
        if stale.stem not in specs:
            stale.unlink()

    entries = []
    keep = set()
    lake = lake or Lake.of(warehouse_dir)
    for stored in stored_results(warehouse_dir, runs, lake):
        raw = json.loads(lake.read_text(stored.path))
        page = docs / stored.page
        keep.add(page)
        if not page.exists() or page.stat().st_mtime < stored.modified:
            _write(page, render_result_page(raw, stored.run_id, stored.batch, view))
        entries.append((stored, result_rows(raw)))
    _prune(docs / VALIDATIONS_DIR, keep)

    index = docs / INDEX
    _write(index, _index_page(specs, entries, runs, time.perf_counter() - started))
    _write(stamp_file, stamp)
    return index
