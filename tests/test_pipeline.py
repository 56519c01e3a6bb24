"""The nightly flow end to end: real files, real Parquet, real GX suite, a real DuckDB file."""

import os
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from flows.nightly import nightly

pytestmark = pytest.mark.usefixtures("prefect_harness")


def query(warehouse: Path, sql: str, params=None):
    with duckdb.connect(str(warehouse / "akhbar.duckdb"), read_only=True) as connection:
        return connection.execute(sql, params or []).fetchall()


def run_counts(warehouse: Path, run_id: str) -> dict:
    (row,) = query(warehouse, "SELECT n_seen, n_new, n_loaded, n_quarantined, n_skipped, status FROM runs WHERE run_id = ?", [run_id])
    return dict(zip(("seen", "new", "loaded", "quarantined", "skipped", "status"), row))


def test_seeds_load_with_their_fields(seed_copy, tmp_path):
    warehouse = tmp_path / "wh"
    summary = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    assert (summary["seen"], summary["loaded"], summary["quarantined"]) == (2, 2, 0)

    rows = query(
        warehouse,
        "SELECT source_uri, published_date, headline_origin, dateline_city, agencies, source_name FROM articles ORDER BY source_uri",
    )
    (uri000, date000, origin000, city000, agencies000, name000), (uri003, date003, origin003, city003, agencies003, _) = rows
    assert uri000.endswith("000_d95e7e197682fc27.txt") and uri003.endswith("003_3a629e79eff072b7.txt")
    assert (date000, origin000, city000, agencies000) == (date(2025, 12, 11), "derived", None, ["مہر خبررساں ایجنسی"])
    assert (date003, origin003, city003, agencies003) == (date(2025, 9, 10), "header", "اسلام آباد", ["اے پی پی", "دنیا نیوز"])
    assert name000 == "articles"

    # The display text is normalized: the Arabic kaf and yeh of seed 000 are gone, diacritics stay.
    (body,) = query(warehouse, "SELECT body FROM articles WHERE source_uri LIKE '%000_%'")[0]
    assert "كيا" not in body and "رابطہ کیا" in body and "براہِ راست" in body

    # Every expectation's result is kept; the lake holds raw and staged Parquet.
    assert query(warehouse, "SELECT count(*) FROM dq_results WHERE run_id = ?", [summary["run_id"]])[0][0] >= 10
    staged = list((warehouse / "lake" / "staged" / "articles").glob("published_date=*/*.parquet"))
    assert {p.parent.name for p in staged} == {"published_date=2025-12-11", "published_date=2025-09-10"}
    assert {p.name for p in staged} == {f"{summary['run_id']}-00000.parquet"}, "one file a date for the whole run"
    assert not list((warehouse / "lake").rglob("load")), "the batches' own article files stay out of the lake"
    raw = pq.read_table(next((warehouse / "lake" / "raw").glob("*/*.parquet")))
    assert raw.num_rows == 2 and "raw_text" in raw.column_names
    assert any("كيا" in t for t in raw.column("raw_text").to_pylist()), "the raw layer keeps the text as it came"
    assert not list(warehouse.rglob("*.tmp"))


def test_second_run_adds_nothing_and_changed_file_replaces_its_row(seed_copy, tmp_path):
    warehouse = tmp_path / "wh"
    nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    before = query(warehouse, "SELECT * FROM articles ORDER BY article_id")

    again = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    assert run_counts(warehouse, again["run_id"]) == {"seen": 2, "new": 0, "loaded": 0, "quarantined": 0, "skipped": 2, "status": "completed"}
    assert query(warehouse, "SELECT * FROM articles ORDER BY article_id") == before

    seed = seed_copy / "003_3a629e79eff072b7.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("40 فیصد", "50 فیصد"), encoding="utf-8")
    changed = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    assert run_counts(warehouse, changed["run_id"])["loaded"] == 1
    assert query(warehouse, "SELECT count(*) FROM articles")[0][0] == 2
    (body,) = query(warehouse, "SELECT body FROM articles WHERE source_uri LIKE '%003_%'")[0]
    assert "50 فیصد" in body and "40 فیصد" not in body


def test_a_file_with_its_recorded_size_and_mtime_is_not_read_and_a_touched_one_is_restamped(seed_copy, tmp_path):
    warehouse = tmp_path / "wh"
    nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    seed, other = seed_copy / "003_3a629e79eff072b7.txt", seed_copy / "000_d95e7e197682fc27.txt"
    stamps = dict(((uri.rsplit("/", 1)[1], (size, mtime)) for uri, size, mtime in query(warehouse, "SELECT source_uri, size_bytes, mtime_ns FROM manifest")))
    assert stamps[seed.name] == (seed.stat().st_size, seed.stat().st_mtime_ns)

    # Same size and mtime: the quick check trusts the stamp and does not read the file.
    stat = seed.stat()
    seed.write_text(seed.read_text(encoding="utf-8").replace("40 فیصد", "50 فیصد"), encoding="utf-8")
    os.utime(seed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    quick = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    assert (quick["loaded"], quick["skipped"]) == (0, 2)

    # A new mtime: the file is read, its new content loads.
    os.utime(seed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))["loaded"] == 1
    assert "50 فیصد" in query(warehouse, "SELECT body FROM articles WHERE source_uri LIKE '%003_%'")[0][0]

    # Touched, content as it was: hashed once, skipped, and its stamp moves to the new mtime.
    os.utime(other, ns=(other.stat().st_atime_ns, other.stat().st_mtime_ns + 10**9))
    touched = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    assert (touched["loaded"], touched["skipped"]) == (0, 2)
    (mtime,) = query(warehouse, "SELECT mtime_ns FROM manifest WHERE source_uri LIKE '%000_%'")[0]
    assert mtime == other.stat().st_mtime_ns


def test_encodings_load_and_a_single_file_is_a_source(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # Windows-1256 has neither ی nor ۔: text written in it uses ي, which normalization unifies.
    text = " date 2024-03-01 کراچی میں بارش\nکراچی (اے پی پی) شہر میں آج صبح سے وقفے وقفے سے بارش ہو رہی ہے اور موسم خوشگوار ہو گیا ہے\n"
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (folder / "u16.txt").write_bytes(text.encode("utf-16"))
    (folder / "win.txt").write_bytes(text.replace("ی", "ي").encode("cp1256"))
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.txt").write_bytes(text.encode())
    (folder / "notes.md").write_text("not an article")
    warehouse = tmp_path / "wh"
    summary = nightly(sources=[str(folder), str(folder / "bom.txt")], warehouse_dir=str(warehouse))
    assert (summary["seen"], summary["loaded"]) == (4, 4)
    assert {row[0] for row in query(warehouse, "SELECT body FROM articles")} == {
        "کراچی (اے پی پی) شہر میں آج صبح سے وقفے وقفے سے بارش ہو رہی ہے اور موسم خوشگوار ہو گیا ہے"
    }
    assert sorted(e for (e,) in query(warehouse, "SELECT encoding FROM read_parquet(?)", [str(warehouse / "lake/raw/*/*.parquet")])) == [
        "utf-16", "utf-8", "utf-8-sig", "windows-1256"
    ]


def test_bad_input_is_quarantined_with_reasons_and_counts_add_up(seed_copy, tmp_path):
    future = (date.today() + timedelta(days=30)).isoformat()
    body = "\nاسلام آباد (اے پی پی) وفاقی وزیر نے آج ایک اجلاس کی صدارت کی جس میں ملک کی معاشی صورت حال کا جائزہ لیا گیا۔\n"
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 8,
        "no_date.txt": ("اسلام آباد میں اجلاس" + body).encode(),
        "impossible.txt": (" date 2025-02-30 اجلاس" + body).encode(),
        "future.txt": (f" date {future} اجلاس" + body).encode(),
        "latin.txt": b" date 2024-05-01 Cabinet meets\nISLAMABAD (APP) The federal cabinet met today and approved the budget.\n",
        "undecodable.txt": b" date 2024-05-01 \xff\xfe\xfa caf\xe9 na\xefve \x81\x8d\x8f\x90 cr\xe8me",
        "huge.txt": (" date 2024-05-01 بڑی فائل" + body * 280_000).encode(),
    }
    for name, data in bad.items():
        (seed_copy / name).write_bytes(data)
    assert (seed_copy / "huge.txt").stat().st_size > 50 * 1024 * 1024
    warehouse = tmp_path / "wh"
    summary = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))

    reasons = dict(query(warehouse, "SELECT regexp_extract(source_uri, '[^/]+$'), reason FROM quarantine"))
    assert reasons == {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "no_date.txt": "no_date_header",
        "impossible.txt": "invalid_date",
        "future.txt": "expect_column_values_to_be_between(published_date)",
        "latin.txt": "expect_column_values_to_be_between(urdu_ratio)",
        "undecodable.txt": "undecodable",
        "huge.txt": "too_large",
    }
    assert all(detail for (detail,) in query(warehouse, "SELECT detail FROM quarantine"))
    counts = run_counts(warehouse, summary["run_id"])
    assert counts == {"seen": 10, "new": 10, "loaded": 2, "quarantined": 8, "skipped": 0, "status": "completed"}
    assert counts["seen"] == counts["new"] + counts["skipped"]
    assert counts["new"] == counts["loaded"] + counts["quarantined"]

    # Quarantined items are seen items: the next run skips them instead of quarantining again.
    again = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    assert run_counts(warehouse, again["run_id"])["skipped"] == 10
    assert query(warehouse, "SELECT count(*) FROM quarantine")[0][0] == 8

    failed = query(warehouse, "SELECT expectation, unexpected_count FROM dq_results WHERE run_id = ? AND NOT success AND severity = 'critical'", [summary["run_id"]])
    assert ("expect_column_values_to_be_between(urdu_ratio)", 1) in failed


def test_run_publishes_its_summary_as_prefect_artifacts(seed_copy, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    (seed_copy / "latin.txt").write_text(" date 2024-05-01 Cabinet\nISLAMABAD (APP) The cabinet met today and approved the budget.\n")
    summary = nightly(sources=[str(seed_copy)], warehouse_dir=str(tmp_path / "wh"))
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["nightly-summary", "nightly-failed-expectations"])))
    latest = {a.key: a for a in sorted(artifacts, key=lambda a: a.created)}
    assert summary["run_id"] in latest["nightly-summary"].data
    assert "expect_column_values_to_be_between(urdu_ratio)" in str(latest["nightly-failed-expectations"].data)


def test_extracted_fields_load_with_offsets_into_the_body(seed_copy, tmp_path):
    warehouse = tmp_path / "wh"
    (seed_copy / "dates.txt").write_text(
        " date 2025-01-03 اسلام آباد میں تقریب\nاسلام آباد ( اے پی پی ) وزیر اعظم نے 28 دسمبر کی تقریب کے بعد پیر کو کابینہ کا اجلاس بلایا۔"
        " اجلاس میں صوبوں کے وزرائے اعلیٰ نے بھی شرکت کی اور ترقیاتی منصوبوں کا جائزہ لیا گیا۔\n", encoding="utf-8")
    nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    for table in ("entities", "quantities", "date_mentions"):
        mismatched = query(
            warehouse,
            f"SELECT count(*) FROM {table} t JOIN articles a USING (article_id) "
            "WHERE substr(a.body, t.char_start + 1, t.char_end - t.char_start) <> t.surface",
        )[0][0]
        assert mismatched == 0, table
    people = {c for (c,) in query(warehouse, "SELECT canonical FROM entities WHERE entity_type = 'PERSON'")}
    assert {"مسعود پزشکیان", "محمد اسحاق ڈار"} <= people
    assert ("money", 3e9, "USD") in query(warehouse, "SELECT kind, value, unit FROM quantities")
    assert ("percent", 40.0, "%") in query(warehouse, "SELECT kind, value, unit FROM quantities")
    # what a date mentioned leaves out is taken from the article's date
    resolved = query(warehouse, "SELECT surface, weekday, year, resolved_year, resolved_date FROM date_mentions d "
                                "JOIN articles a USING (article_id) WHERE a.source_uri LIKE '%/dates.txt' ORDER BY char_start")
    assert resolved == [("28 دسمبر", None, None, 2024, date(2024, 12, 28)), ("پیر", 1, None, 2025, date(2025, 1, 6))]  # a Friday: the Monday after
    # The extracted rows were validated by their own suites, and every critical check passed.
    checks = query(warehouse, "SELECT suite, expectation, success FROM dq_results WHERE suite IN ('entities', 'quantities') AND severity = 'critical'")
    assert {suite for suite, _, _ in checks} == {"entities", "quantities"}
    assert ("entities", "surface_at_offsets(char_start, char_end)", True) in checks
    assert ("quantities", "money_in_iso_4217(unit)", True) in checks
    assert all(success for _, _, success in checks)

    # A changed article's fields are replaced, not added to.
    before = query(warehouse, "SELECT count(*) FROM entities")[0][0]
    seed = seed_copy / "003_3a629e79eff072b7.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nاسحاق ڈار نے کہا کہ تعاون جاری رہے گا۔\n", encoding="utf-8")
    nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    assert query(warehouse, "SELECT count(*) FROM entities")[0][0] == before + 1


def test_a_rewrite_links_to_its_source_and_search_finds_both(tmp_path):
    story = (
        "وفاقی وزیر خزانہ نے آج قومی اسمبلی میں آئندہ مالی سال کا بجٹ پیش کیا جس میں دفاع کے لیے 2 ہزار ارب روپے رکھے گئے ہیں۔ "
        "انہوں نے کہا کہ حکومت ٹیکس کا دائرہ بڑھائے گی اور تنخواہ دار طبقے پر بوجھ کم کیا جائے گا۔ "
        "بجٹ میں ترقیاتی منصوبوں کے لیے ایک ہزار ارب روپے مختص کیے گئے ہیں جبکہ صحت اور تعلیم کے بجٹ میں بھی اضافہ کیا گیا ہے۔ "
        "اپوزیشن جماعتوں نے بجٹ کو عوام دشمن قرار دیتے ہوئے ایوان سے واک آؤٹ کیا۔"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "agency.txt").write_text(f" date 2024-06-10 قومی بجٹ پیش\nاسلام آباد (اے پی پی) {story}\n", encoding="utf-8")
    (folder / "paper.txt").write_text(f" date 2024-06-11 بجٹ میں دفاع کے لیے 2 ہزار ارب\nاسلام آباد (وقت نیوز) {story} اجلاس کل دوبارہ ہوگا۔\n", encoding="utf-8")
    (folder / "other.txt").write_text(" date 2024-06-11 کراچی میں بارش\nکراچی (اے پی پی) شہر میں آج صبح سے وقفے وقفے سے بارش ہو رہی ہے اور موسم خوشگوار ہو گیا ہے۔\n", encoding="utf-8")
    warehouse = tmp_path / "wh"
    nightly(sources=[str(folder)], warehouse_dir=str(warehouse))

    links = dict(query(warehouse, "SELECT regexp_extract(a.source_uri, '[^/]+$'), regexp_extract(s.source_uri, '[^/]+$') FROM articles a LEFT JOIN articles s ON a.reuse_of = s.article_id"))
    assert links == {"agency.txt": None, "paper.txt": "agency.txt", "other.txt": None}

    from flows.search import search_warehouse

    hits = search_warehouse(warehouse, "بجٹ ميں دفاع")  # Arabic yeh in the query
    assert {hit.headline for hit in hits[:2]} == {"قومی بجٹ پیش", "بجٹ میں دفاع کے لیے 2 ہزار ارب"}
    assert all(hit.headline == "کراچی میں بارش" for hit in hits[2:])  # shares only the word میں


def test_a_source_that_goes_silent_is_flagged(tmp_path):
    folder = tmp_path / "outlet"
    folder.mkdir()
    warehouse = tmp_path / "wh"
    for day in (1, 2):
        (folder / f"{day}.txt").write_text(
            f" date 2024-03-0{day} خبر {day}\nکراچی (اے پی پی) شہر میں آج دن {day} کو وقفے وقفے سے بارش ہوئی اور موسم خوشگوار رہا۔\n",
            encoding="utf-8",
        )
        nightly(sources=[str(folder)], warehouse_dir=str(warehouse))
    quiet = nightly(sources=[str(folder)], warehouse_dir=str(warehouse))  # nothing new from the outlet

    steady, silent = (
        query(warehouse, "SELECT success, observed FROM dq_results WHERE run_id = ? AND suite = 'sources'", [run])
        for run in (query(warehouse, "SELECT run_id FROM runs ORDER BY started_at")[1][0], quiet["run_id"])
    )
    assert steady[0][0] is True
    assert silent[0][0] is False and "0.0" in silent[0][1]
