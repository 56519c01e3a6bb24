"""Reuse links in a real DuckDB warehouse file: link_batch, re-linking, the stories view."""

import hashlib
from datetime import date, datetime, timedelta, timezone

import pytest

from flows import reuse_index, warehouse
from flows.reuse_index import link_batch, link_pending
from transforms.normalize import match_key
from transforms.reuse import ArticleText, link_articles

AGENCY = (
    "اسلام آباد (اے پی پی) وفاقی کابینہ نے ملک بھر میں بجلی کی قیمتوں میں کمی کی منظوری دے دی ہے۔ "
    "وزیر توانائی نے اجلاس کے بعد صحافیوں کو بتایا کہ گھریلو صارفین کے لیے فی یونٹ نرخ تین روپے کم کیے جائیں گے۔ "
    "انہوں نے کہا کہ اس فیصلے سے کروڑوں خاندانوں کو ریلیف ملے گا اور صنعتی پیداوار میں بھی اضافہ ہو گا۔ "
    "نئے نرخوں کا اطلاق اگلے ماہ کی پہلی تاریخ سے ہو گا۔"
)
PAPER = (
    "اسلام آباد (خبر نگار) کابینہ نے بجلی کی قیمتوں میں کمی کی منظوری دے دی۔ "
    "وزیر توانائی نے صحافیوں کو بتایا کہ گھریلو صارفین کے لیے فی یونٹ نرخ تین روپے کم کیے جائیں گے۔ "
    "نئے نرخوں کا اطلاق اگلے ماہ کی پہلی تاریخ سے ہو گا۔ "
    "اپوزیشن جماعتوں نے اس اعلان کو ناکافی قرار دیا ہے۔"
)
FLOOD = (
    "سکھر (نامہ نگار) دریائے سندھ میں پانی کی سطح بلند ہونے کے بعد کچے کے علاقے خالی کرا لیے گئے ہیں۔ "
    "ضلعی انتظامیہ نے متاثرین کے لیے امدادی کیمپ قائم کر دیے ہیں جہاں خوراک اور ادویات فراہم کی جا رہی ہیں۔ "
    "محکمہ آبپاشی کے مطابق آئندہ چوبیس گھنٹے انتہائی اہم ہیں۔"
)
DAY = date(2024, 5, 6)
AT = datetime(2024, 5, 7, tzinfo=timezone.utc)


@pytest.fixture
def connection(tmp_path):
    connection = warehouse.connect(tmp_path)
    yield connection
    connection.close()


def insert(connection, article_id, body, days=0, source="outlet"):
    connection.execute(
        """INSERT OR REPLACE INTO articles (article_id, source_uri, source_name, published_date, headline, headline_origin,
                                            body, content_hash, run_id, ingested_at)
           VALUES (?, ?, ?, ?, ?, 'header', ?, ?, 'test', ?)""",
        [article_id, f"file:///{article_id}.txt", source, DAY + timedelta(days=days), f"headline {article_id}", body,
         hashlib.sha256(match_key(body).encode("utf-8")).hexdigest(), AT],
    )


def links(connection):
    return {a: (r, s) for a, r, s in connection.execute("SELECT article_id, reuse_of, reuse_score FROM articles").fetchall()}


def test_link_batch_fills_reuse_of_and_the_stories_view(connection):
    insert(connection, "agency", AGENCY, 0, "APP")
    insert(connection, "paper", PAPER, 1, "Jang")
    insert(connection, "copy", AGENCY, 2, "Express")
    insert(connection, "flood", FLOOD, 1, "Dunya")
    assert link_batch(connection, ["agency", "paper", "copy", "flood"]) == 2

    found = links(connection)
    assert found["paper"][0] == "agency" and 0.065 < found["paper"][1] < 1
    assert found["copy"] == ("agency", 1.0)
    assert found["agency"] == (None, None) and found["flood"] == (None, None)

    stories = {row[0]: row for row in connection.execute(
        "SELECT story_id, first_source, first_published, articles, outlets, article_ids FROM stories").fetchall()}
    assert set(stories) == {"agency", "flood"}
    assert stories["agency"][1:] == ("APP", DAY, 3, ["APP", "Express", "Jang"], ["agency", "paper", "copy"])
    assert stories["flood"][3] == 1


def test_linking_again_changes_nothing(connection):
    insert(connection, "agency", AGENCY)
    insert(connection, "paper", PAPER, 1)
    link_batch(connection, ["agency", "paper"])
    before = links(connection)
    link_batch(connection, ["paper", "agency"])
    assert links(connection) == before
    counts = connection.execute("SELECT (SELECT count(*) FROM reuse_docs), (SELECT count(DISTINCT doc) FROM reuse_shingles)").fetchone()
    assert counts == (2, 2)


def test_an_earlier_article_arriving_later_becomes_the_source(connection):
    insert(connection, "paper", PAPER, 1)
    insert(connection, "copy", PAPER, 3)
    link_batch(connection, ["paper", "copy"])
    assert links(connection)["paper"] == (None, None)

    insert(connection, "agency", AGENCY, 0)
    insert(connection, "first copy", PAPER, 0)
    link_batch(connection, ["agency", "first copy"])
    found = links(connection)
    assert found["first copy"][0] == "agency"  # the rewrite came out the same day as its source
    assert found["paper"] == ("first copy", 1.0)
    assert found["copy"] == ("first copy", 1.0)


def test_a_changed_article_is_linked_afresh(connection):
    insert(connection, "agency", AGENCY)
    insert(connection, "paper", PAPER, 1)
    link_batch(connection, ["agency", "paper"])
    insert(connection, "agency", FLOOD)  # the file was replaced by another story
    link_batch(connection, ["agency"])
    assert links(connection)["paper"] == (None, None)
    assert connection.execute("SELECT count(*) FROM reuse_docs WHERE article_id = 'agency'").fetchone()[0] == 1


def test_link_pending_links_what_the_index_lacks(connection):
    insert(connection, "agency", AGENCY)
    insert(connection, "paper", PAPER, 1)
    assert link_pending(connection) == 1
    assert link_pending(connection) == 0
    assert links(connection)["paper"][0] == "agency"


def index_rows(connection):
    return [connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("reuse_docs", "reuse_shingles", "reuse_bands")]


def stage(connection, rows):
    """A run's articles as `warehouse.run_articles` leaves them: a table beside `articles`, not in it yet."""
    connection.execute("CREATE OR REPLACE TEMP TABLE _run AS SELECT * FROM articles LIMIT 0")
    for article_id, body, days in rows:
        connection.execute(
            "INSERT INTO _run (article_id, source_uri, source_name, published_date, headline, headline_origin, body, content_hash, run_id, ingested_at) "
            "VALUES (?, ?, 'outlet', ?, 'h', 'header', ?, ?, 'run', ?)",
            [article_id, f"file:///{article_id}.txt", DAY + timedelta(days=days), body, hashlib.sha256(match_key(body).encode("utf-8")).hexdigest(), AT],
        )


def test_a_plan_is_made_before_the_run_loads_and_writes_nothing_until_applied(connection):
    insert(connection, "agency", AGENCY)
    link_pending(connection)
    before = index_rows(connection)
    stage(connection, [("paper", PAPER, 1), ("flood", FLOOD, 1)])  # staged, not loaded
    with reuse_index.pending_links(connection, None, "_run") as plan:
        assert plan.indexed == 2
    assert index_rows(connection) == before  # a run killed before its transaction leaves the index as it was

    with reuse_index.pending_links(connection, None, "_run") as plan:
        with warehouse.transaction(connection):
            connection.execute("INSERT INTO articles SELECT * FROM _run")
            assert reuse_index.apply(connection, plan) == 1
    assert links(connection)["paper"][0] == "agency"
    assert links(connection)["flood"] == (None, None)
    assert index_rows(connection)[0] == 3


def test_a_plan_sees_a_staged_article_that_replaces_a_loaded_one(connection):
    insert(connection, "agency", AGENCY)
    insert(connection, "paper", PAPER, 1)
    link_pending(connection)
    stage(connection, [("agency", FLOOD, 0)])  # the file now holds another story
    with reuse_index.pending_links(connection, None, "_run") as plan, warehouse.transaction(connection):
        connection.execute("INSERT OR REPLACE INTO articles SELECT * FROM _run")
        assert reuse_index.apply(connection, plan) == 0
    assert links(connection)["paper"] == (None, None)
    assert connection.execute("SELECT count(*) FROM reuse_docs WHERE article_id = 'agency'").fetchone()[0] == 1


@pytest.mark.parametrize("slice_size, near_slice", [(20000, 2_500_000), (2, 1)])
def test_the_warehouse_agrees_with_the_in_memory_linker(connection, monkeypatch, slice_size, near_slice):
    monkeypatch.setattr(reuse_index, "DECIDE_SLICE", slice_size)  # decided all at once, or two targets at a time
    monkeypatch.setattr(reuse_index, "NEAR_SLICE_POSTINGS", near_slice)  # near-duplicates scored one source at a time
    bodies = [AGENCY, PAPER, FLOOD, AGENCY, PAPER + " دوبارہ شائع۔", FLOOD.replace("سکھر", "لاڑکانہ")]
    days = [0, 1, 1, 2, 20, 3]
    ids = [f"a{i}" for i in range(len(bodies))]
    for article_id, body, day in zip(ids, bodies, days):
        insert(connection, article_id, body, day)
    link_batch(connection, ids)
    rows = connection.execute("SELECT article_id, published_date, body, content_hash FROM articles").fetchall()
    by_id = {row[0]: row for row in rows}
    expected = link_articles([ArticleText(*by_id[article_id]) for article_id in ids])
    found = links(connection)
    for article_id in ids:
        link = expected.get(article_id)
        assert found[article_id] == ((link.source_id, link.score) if link else (None, None)), article_id


def test_empty_batches_and_unknown_ids_are_harmless(connection):
    assert link_batch(connection, []) == 0
    assert link_batch(connection, ["nowhere"]) == 0


def test_of_several_old_near_duplicates_the_warehouse_takes_the_one_the_in_memory_linker_takes(connection):
    # Older than the window, candidates count only as near-duplicates: the SQL keeps of each
    # target the rows that can win, and the decision must stay the in-memory linker's.
    sentences = AGENCY.split("۔ ")
    bodies = {
        "whole": AGENCY,
        "shorter": "۔ ".join(sentences[:-1]) + "۔",
        "changed": AGENCY.replace("کروڑوں خاندانوں", "لاکھوں گھرانوں"),
        "other": FLOOD,
        "target": AGENCY + " " + "حکومت نے اس فیصلے کا اعلان کل شام کیا۔",
    }
    days = {"whole": 0, "shorter": 3, "changed": 5, "other": 4, "target": 30}
    for article_id, body in bodies.items():
        insert(connection, article_id, body, days[article_id])
    link_batch(connection, list(bodies))
    rows = connection.execute("SELECT article_id, published_date, body, content_hash FROM articles").fetchall()
    expected = link_articles([ArticleText(*row) for row in sorted(rows, key=lambda r: (r[1], r[0]))])
    assert expected["target"].kind == "near_duplicate"
    near = connection.execute(
        "SELECT count(*) FROM reuse_bands t JOIN reuse_bands s USING (band, bucket) JOIN reuse_docs d ON d.doc = s.doc "
        "WHERE t.doc = (SELECT doc FROM reuse_docs WHERE article_id = 'target') AND d.article_id <> 'target'"
    ).fetchone()[0]
    assert near > 16  # more than one old article shares its bands: there was a choice to make
    found = links(connection)
    assert found["target"] == (expected["target"].source_id, expected["target"].score)


def test_an_article_staged_twice_is_indexed_once(connection):
    import pyarrow as pa
    import pyarrow.dataset as ds

    from transforms.reuse import reuse_text

    insert(connection, "agency", AGENCY)
    insert(connection, "paper", PAPER, 1)
    staged = reuse_text(["agency", "paper"], [AGENCY, PAPER])
    twice = ds.dataset(pa.concat_tables([staged, staged.slice(1)]))  # the paper's rows in two batches
    assert link_batch(connection, ["agency", "paper"], twice) == 1
    assert index_rows(connection)[0] == 2
    assert index_rows(connection)[1] == sum(len(s) for s in staged.column("shingles").to_pylist())
    assert links(connection)["paper"][0] == "agency"
