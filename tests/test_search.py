"""Full-text search on Urdu typed every which way; its BM25 checked against DuckDB's fts extension."""

import hashlib
from datetime import date, datetime, timezone

import duckdb
import pytest

from flows import warehouse
from flows.search import DOCUMENTS, EmptyQuery, IndexNotBuilt, format_hits, query_terms, rebuild_index, search, snippet
from transforms.normalize import match_key
from transforms.search_terms import SEPARATORS, search_terms

BOOKS = (
    "لاہور (اے پی پی) پنجاب حکومت نے سرکاری سکولوں میں مفت کتابیں دینے کا اعلان کیا ہے۔ "
    "وزیر تعلیم کے مطابق تقسیم 2024 کے تعلیمی سال سے شروع ہو گی۔"
)
RAIN = "کراچی (اسٹاف رپورٹر) شہر میں موسلا دھار بارش سے نشیبی علاقے زیر آب آ گئے۔ محکمہ موسمیات نے مزید بارش کی پیش گوئی کی ہے۔"
CRICKET = "راولپنڈی (سپورٹس ڈیسک) قومی ٹیم نے ٹی ٹوئنٹی سیریز جیت لی۔ کپتان نے کہا کہ کھلاڑیوں نے کتابی انداز میں بیٹنگ کی۔"
# The word کتابیں ("books") as people and old software type it.
VARIANTS = {
    "plain": "کتابیں",
    "arabic kaf and yeh": "كتابيں",
    "diacritics": "کِتَابیں",
    "tatweel": "کتـــابیں",
    "presentation forms": "\ufb90\ufe98\ufe8e\ufe91\ufbff\ufb9f",
}


@pytest.fixture
def connection(tmp_path):
    connection = warehouse.connect(tmp_path)
    for article_id, body, source, published in (
        ("books", BOOKS, "APP", date(2024, 4, 1)),
        ("rain", RAIN, "Jang", date(2024, 4, 2)),
        ("cricket", CRICKET, "Dunya", date(2024, 4, 3)),
    ):
        add(connection, article_id, body, source, published)
    rebuild_index(connection)
    yield connection
    connection.close()


def add(connection, article_id, body, source, published, headline=None):
    connection.execute(
        """INSERT INTO articles (article_id, source_uri, source_name, published_date, headline, headline_origin, body,
                                 content_hash, run_id, ingested_at)
           VALUES (?, ?, ?, ?, ?, 'header', ?, ?, 'test', ?)""",
        [article_id, f"file:///{article_id}", source, published, headline or f"سرخی {article_id}", body,
         hashlib.sha256(match_key(body).encode()).hexdigest(), datetime(2024, 4, 5, tzinfo=timezone.utc)],
    )


def test_the_presentation_form_variant_is_what_the_test_means():
    assert {match_key(v) for v in VARIANTS.values()} == {"کتابیں"}


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_variant_spellings_find_the_article(connection, variant):
    hits = search(connection, variant)
    assert [hit.article_id for hit in hits] == ["books"]
    assert "کتابیں" in hits[0].snippet


def test_a_variant_spelling_in_the_text_is_found_by_the_plain_query(connection):
    add(connection, "old", BOOKS.replace("ک", "ك").replace("ی", "ي").replace("کتابیں", "کتـابیں"), "Express", date(2024, 4, 4))
    rebuild_index(connection)
    assert {hit.article_id for hit in search(connection, "کتابیں")} == {"books", "old"}


def test_ranking_prefers_articles_with_more_of_the_query(connection):
    hits = search(connection, "بارش محکمہ موسمیات")
    assert hits[0].article_id == "rain"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_numbers_and_headlines_are_searchable(connection):
    assert [h.article_id for h in search(connection, "2024")] == ["books"]
    add(connection, "headline", "متن", "APP", date(2024, 4, 9), headline="سیلابی ریلا")
    rebuild_index(connection)
    assert [h.article_id for h in search(connection, "سیلابی")] == ["headline"]


def test_a_query_with_no_hits_returns_nothing(connection):
    assert search(connection, "ہوائی جہاز") == []
    assert format_hits([]) == "no articles match"


@pytest.mark.parametrize("query", ["", "   ", "۔ ، ؟", "\u0640\u064e"])
def test_an_empty_query_is_refused(connection, query):
    with pytest.raises(EmptyQuery):
        search(connection, query)
    assert issubclass(EmptyQuery, ValueError)


def test_filters_by_date_source_and_limit(connection):
    add(connection, "rain2", RAIN.replace("کراچی", "حیدرآباد"), "APP", date(2024, 4, 10))
    rebuild_index(connection)
    assert {h.article_id for h in search(connection, "بارش")} == {"rain", "rain2"}
    assert [h.article_id for h in search(connection, "بارش", since=date(2024, 4, 5))] == ["rain2"]
    assert [h.article_id for h in search(connection, "بارش", source="Jang")] == ["rain"]
    assert len(search(connection, "بارش", limit=1)) == 1


def test_the_sql_macro_folds_the_query_itself(connection):
    for variant in VARIANTS.values():
        rows = connection.execute("SELECT article_id FROM search_articles(?, 5)", [variant]).fetchall()
        assert rows == [("books",)], variant
    assert connection.execute("SELECT search_key('كتابيں ٢٠٢٤ ﻻہور')").fetchone()[0] == "کتابیں 2024 لاہور"


def test_rebuilding_re_keys_only_changed_articles(connection):
    assert rebuild_index(connection).rekeyed == 0
    connection.execute("UPDATE articles SET body = ?, content_hash = 'changed' WHERE article_id = 'rain'", [RAIN + " اولے بھی پڑے۔"])
    stats = rebuild_index(connection)
    assert (stats.documents, stats.rekeyed) == (3, 1)
    assert [h.article_id for h in search(connection, "اولے")] == ["rain"]


def test_search_works_on_a_read_only_warehouse(connection, tmp_path):
    connection.close()
    reader = warehouse.connect(tmp_path, read_only=True)
    try:
        assert [h.article_id for h in search(reader, "كتابيں")] == ["books"]
    finally:
        reader.close()


def test_searching_before_the_index_exists_says_so(tmp_path):
    connection = duckdb.connect()
    warehouse.apply_ddl(connection)
    with pytest.raises(IndexNotBuilt, match="akhbar run"):
        search(connection, "کتابیں")


def fts_scores(connection, query: str) -> dict[str, float]:
    """The scores DuckDB's own fts extension (shipped offline as a wheel) gives the same documents."""
    import importlib.resources

    import duckdb_extension_fts

    version = connection.execute("PRAGMA version").fetchone()[0]
    path = importlib.resources.files(duckdb_extension_fts) / "extensions" / version / "fts.duckdb_extension"
    connection.execute(f"LOAD '{path}'")
    texts = [(i, match_key(f"{h}\n{b}")) for i, h, b in connection.execute("SELECT article_id, headline, body FROM articles").fetchall()]
    connection.execute("CREATE OR REPLACE TABLE reference_documents (article_id VARCHAR, text VARCHAR)")
    connection.executemany("INSERT INTO reference_documents VALUES (?, ?)", texts)
    connection.execute(
        "PRAGMA create_fts_index('reference_documents', 'article_id', 'text', stemmer='none', stopwords='none', "
        f"ignore='{SEPARATORS}', strip_accents=0, lower=1, overwrite=1)"
    )
    rows = connection.execute(
        "SELECT article_id, fts_main_reference_documents.match_bm25(article_id, ?) AS score FROM reference_documents WHERE score IS NOT NULL",
        [" ".join(query_terms(query))],
    ).fetchall()
    return {article_id: score for article_id, score in rows}


@pytest.mark.parametrize("query", ["کتابیں", "بارش", "نے کی", "2024 بارش کتابی", "Sports PTI"])
def test_scores_are_those_of_duckdbs_fts_extension(connection, query):
    add(connection, "latin", "لاہور (PTI) the PTI said 2024 بارش بارش بارش نے", "APP", date(2024, 4, 4))
    add(connection, "long", RAIN + " " + BOOKS + " " + CRICKET, "Jang", date(2024, 4, 4))
    rebuild_index(connection)
    ours = {hit.article_id: hit.score for hit in search(connection, query, limit=100)}
    expected = fts_scores(connection, query)
    assert ours.keys() == expected.keys() and expected
    for article_id, score in expected.items():
        assert ours[article_id] == pytest.approx(score, rel=1e-9), article_id


def test_a_changed_article_leaves_no_stale_words(connection):
    connection.execute("UPDATE articles SET body = ?, content_hash = 'changed' WHERE article_id = 'books'", [RAIN])
    rebuild_index(connection)
    assert search(connection, "کتابیں") == []
    connection.execute("DELETE FROM articles WHERE article_id = 'rain'")
    rebuild_index(connection)
    assert [h.article_id for h in search(connection, "بارش")] == ["books"]
    assert connection.execute("SELECT count(*) FROM search_terms WHERE article_id = 'rain'").fetchone()[0] == 0


def test_format_hits_shows_date_source_headline_and_snippet(connection):
    text = format_hits(search(connection, "کتابیں"))
    assert text.startswith(" 1. 2024-04-01  APP  سرخی books")
    assert "مفت کتابیں" in text.splitlines()[1]


def test_snippet_prefers_the_sentence_with_most_query_words():
    body = "پہلا جملہ بارش کا ہے۔ دوسرا جملہ بارش اور سیلاب کا ہے۔ تیسرا جملہ۔"
    assert snippet(body, query_terms("سیلاب بارش")) == "دوسرا جملہ بارش اور سیلاب کا ہے۔"
    long = snippet("لفظ " * 100, ["نہیں"])  # no sentence holds the word: the opening, cut at a word
    assert long.endswith("…") and len(long) <= 160 and long.startswith("لفظ لفظ")


def test_search_warehouse_opens_and_closes_the_warehouse(connection, tmp_path):
    from flows.search import search_warehouse

    connection.close()
    assert [h.article_id for h in search_warehouse(tmp_path, "بارش")] == ["rain"]
    warehouse.connect(tmp_path).close()  # nothing left holding the file


def test_words_split_at_anything_but_letters_digits_and_marks():
    table = search_terms(["a", "b", "c"], ["سرخی PTI", None, None], ["کیا۔ 2014، کیا  (PTI)_x", "", None])
    assert sorted(table.to_pylist(), key=lambda r: (r["article_id"], r["term"])) == [
        {"article_id": "a", "term": "2014", "tf": 1},
        {"article_id": "a", "term": "pti", "tf": 2},
        {"article_id": "a", "term": "x", "tf": 1},
        {"article_id": "a", "term": "سرخی", "tf": 1},
        {"article_id": "a", "term": "کیا", "tf": 2},
    ]


def test_staged_words_are_used_for_the_runs_articles(connection):
    import pyarrow as pa
    import pyarrow.dataset as ds

    add(connection, "staged", "ایک نیا مضمون", "APP", date(2024, 4, 4))
    staged = pa.table({"article_id": ["staged"], "term": ["زرافہ"], "tf": pa.array([1], pa.int32())})
    rebuild_index(connection, ds.dataset(staged))
    assert [h.article_id for h in search(connection, "زرافہ")] == ["staged"]
    assert search(connection, "مضمون") == []  # the worker's words, not split again


def test_an_index_of_the_fts_extension_era_is_replaced(connection):
    connection.execute(f"DROP TABLE {DOCUMENTS}")
    connection.execute("DROP TABLE search_terms")
    connection.execute(f"CREATE TABLE {DOCUMENTS} (article_id VARCHAR NOT NULL, content_hash VARCHAR, headline VARCHAR, text VARCHAR NOT NULL)")
    assert rebuild_index(connection).rekeyed == 3
    assert [h.article_id for h in search(connection, "کتابیں")] == ["books"]
