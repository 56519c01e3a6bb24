"""The batch entry point: Arrow tables with the warehouse's schemas, loadable as they are."""

from pathlib import Path

import duckdb
import pyarrow as pa

from transforms.fields import DATE_MENTIONS_SCHEMA, ENTITIES_SCHEMA, QUANTITIES_SCHEMA, extract_fields
from transforms.gazetteer import load_gazetteer, place_country

FIELDS_SQL = Path(__file__).resolve().parent.parent / "warehouse" / "fields.sql"

ARTICLES = [
    ("a1", "اسلام آباد میں وزیر خارجہ محمد اسحاق ڈار نے کہا کہ تجارت میں 40 فیصد اضافہ ہوگا۔ اجلاس نومبر 2025 میں ہوگا۔"),
    ("a2", "تجارت کا حجم تین ارب ڈالر تک پہنچانے کا ہدف ہے۔ 10 محرم الحرام کو جلوس نکلا۔"),
    ("a3", ""),
]


def test_tables_have_the_contract_schemas():
    entities, quantities, dates = extract_fields(ARTICLES)
    assert entities.schema == ENTITIES_SCHEMA
    assert quantities.schema == QUANTITIES_SCHEMA
    assert dates.schema == DATE_MENTIONS_SCHEMA
    assert entities.schema.names[0] == quantities.schema.names[0] == dates.schema.names[0] == "article_id"
    assert entities.schema.field("char_start").type == pa.int32()
    assert quantities.schema.field("value").type == pa.float64()
    assert dates.schema.field("year").type == pa.int32() and dates.schema.field("year").nullable


def test_rows_and_offsets():
    entities, quantities, dates = extract_fields(ARTICLES)
    bodies = dict(ARTICLES)
    assert set(entities.column("article_id").to_pylist()) == {"a1"}
    assert ("PERSON", "محمد اسحاق ڈار") in zip(entities.column("entity_type").to_pylist(), entities.column("surface").to_pylist())
    assert [(r["article_id"], r["kind"], r["value"], r["unit"]) for r in quantities.to_pylist()] == [
        ("a1", "percent", 40.0, "%"),
        ("a2", "money", 3e9, "USD"),
    ]
    rows = dates.to_pylist()
    assert [(r["article_id"], r["surface"], r["year"], r["month"], r["day"], r["calendar"]) for r in rows] == [
        ("a1", "نومبر 2025", 2025, 11, None, "gregorian"),
        ("a2", "10 محرم الحرام", None, None, None, "hijri"),
    ]
    for table in (entities, quantities, dates):
        for r in table.to_pylist():
            assert bodies[r["article_id"]][r["char_start"] : r["char_end"]] == r["surface"]


def test_empty_batch():
    entities, quantities, dates = extract_fields([])
    assert entities.num_rows == quantities.num_rows == dates.num_rows == 0
    assert entities.schema == ENTITIES_SCHEMA


def test_ddl_is_idempotent_and_tables_load(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ddl = FIELDS_SQL.read_text(encoding="utf-8")
    con.execute(ddl)
    con.execute(ddl)
    entities, quantities, dates = extract_fields(ARTICLES)
    for name, table in (("entities", entities), ("quantities", quantities), ("date_mentions", dates)):
        con.register("batch", table)
        # the loader's pattern: replace the batch's articles whole
        con.execute(f"DELETE FROM {name} WHERE article_id IN (SELECT DISTINCT article_id FROM batch)")
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM batch")
        con.execute(f"DELETE FROM {name} WHERE article_id IN (SELECT DISTINCT article_id FROM batch)")
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM batch")
        con.unregister("batch")
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == table.num_rows
    got = con.execute("SELECT surface FROM date_mentions WHERE month = 11").fetchall()
    assert got == [("نومبر 2025",)]  # the Hijri mention does not answer a question about November


# --- the shared reading of a body (transforms.prepared) ------------------------------------

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.offsets import flatten, keyed
from transforms.prepared import breaks, prepare, split_words

# Letters, digits, marks and ZWNJ (dropped from the key), punctuation, spaces and line breaks.
_PIECES = st.lists(
    st.sampled_from(["پاکستان", "اسلام", "آباد", "2014", "5", "ء", "ِ", "\u200c", "،", "۔", "(", ")", "-", "/", "_", "%",
                     "abc", " ", " ", " ", "  ", "\n", "\t"]),
    max_size=40,
)


def _reference_words(key: str) -> tuple[list[str], list[int], list[bool]]:
    """What the entity extractor computed before sharing: regex tokens of the flattened key."""
    flat = flatten(key)
    bounds = [(m.start(), m.end()) for m in re.finditer(r"\S+", flat)]
    brk = [True] + [b[0] - a[1] != 1 or key[a[1]] != " " for a, b in zip(bounds, bounds[1:])]
    return [flat[s:e] for s, e in bounds], [s for s, _ in bounds], brk[: len(bounds)]


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_prepared_words_match_the_regex_tokens(pieces):
    body = "".join(pieces)
    prepared = prepare(body)
    assert prepared.key == keyed(body).key
    assert prepared.flat == flatten(prepared.key)
    words, starts = split_words(prepared.flat)
    ref_words, ref_starts, ref_brk = _reference_words(prepared.key)
    assert (words, starts) == (ref_words, ref_starts)
    assert breaks(prepared.key, starts, prepared.marks) == ref_brk


def test_fields_are_the_same_with_and_without_a_shared_reading():
    from transforms.date_mentions import extract_dates
    from transforms.entities import extract_entities
    from transforms.quantities import extract_quantities

    for _, body in ARTICLES[:2]:
        prepared = prepare(body)
        assert extract_entities(body, None, prepared) == extract_entities(body)
        assert extract_quantities(body, None, prepared) == extract_quantities(body)
        assert extract_dates(body, None, prepared) == extract_dates(body)


def test_the_article_s_date_resolves_the_dates_mentioned(tmp_path):
    from datetime import date

    _, _, dates = extract_fields(ARTICLES + [("a4", "وزیر اعظم پیر کو 28 دسمبر کی تقریب میں گئے۔")],
                                 {"a1": date(2025, 10, 2), "a4": date(2025, 1, 1)})
    rows = {(r["article_id"], r["surface"]): (r["weekday"], r["resolved_year"], r["resolved_date"]) for r in dates.to_pylist()}
    assert rows[("a1", "نومبر 2025")] == (None, 2025, None)
    assert rows[("a4", "پیر")] == (1, 2024, date(2024, 12, 30))  # 1 January 2025 was a Wednesday
    assert rows[("a4", "28 دسمبر")] == (None, 2024, date(2024, 12, 28))
    assert rows[("a2", "10 محرم الحرام")] == (None, None, None)  # no date given for a2, and Hijri


def test_an_older_date_mentions_table_gains_the_resolved_columns(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE TABLE date_mentions (article_id VARCHAR NOT NULL, surface VARCHAR NOT NULL, year INTEGER, month INTEGER, "
                "day INTEGER, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, calendar VARCHAR NOT NULL DEFAULT 'gregorian')")
    con.execute("INSERT INTO date_mentions VALUES ('old', 'نومبر', NULL, 11, NULL, 0, 5, 'gregorian')")
    con.execute(FIELDS_SQL.read_text(encoding="utf-8"))
    assert [d[0] for d in con.execute("SELECT * FROM date_mentions").description][-3:] == ["weekday", "resolved_year", "resolved_date"]
    assert con.execute("SELECT surface, resolved_year FROM date_mentions").fetchall() == [("نومبر", None)]


def test_the_dateline_the_parse_found_is_the_one_taken():
    """The pipeline passes each article's `dateline_city`; without it the body's dateline is read."""
    body = "انچیون ۔ 23 ستمبر (اے پی پی) ٹیم نے میچ جیت لیا۔"
    places = lambda table: [s for t, s in zip(table.column("entity_type").to_pylist(), table.column("surface").to_pylist()) if t == "LOCATION"]
    assert places(extract_fields([("a", body)])[0]) == ["انچیون"]
    assert places(extract_fields([("a", body)], datelines={"a": "انچیون"})[0]) == ["انچیون"]
    assert places(extract_fields([("a", body)], datelines={"a": None})[0]) == []


def test_a_bare_currency_is_read_from_the_dateline_the_parse_found():
    body = "ممبئی (نیٹ نیوز) اداکار نے فلم کیلئے پچاس کروڑ روپے معاوضہ لیا، ان کی پاکستان آمد متوقع ہے۔"
    units = lambda datelines=None: extract_fields([("a", body)], datelines=datelines)[1].column("unit").to_pylist()
    assert units() == ["INR"]
    assert units({"a": "ممبئی"}) == ["INR"]
    assert units({"a": None}) == ["PKR"]
    assert units({"a": "لاہور"}) == ["PKR"]


def test_place_country():
    gazetteer = load_gazetteer()
    assert [place_country(gazetteer, name) for name in ("لاہور", "ممبئی", "بھارت", "ریاض", "نامعلوم", None)] == ["PK", "IN", "IN", "SA", "", ""]
