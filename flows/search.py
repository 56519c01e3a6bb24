"""Full-text search over the warehouse: BM25 over an inverted index kept up to date in DuckDB.

The index is `search_terms`, one row per distinct word of an article with its count, and
`search_documents`, one row per article with its number of words. The words are those of the
match key of its headline and body (`transforms.search_terms`; `match_key`: one spelling of
each letter, no diacritics, tatweel or presentation forms). Queries go through the same
`match_key`, so "پاکستان" finds text typed "پاكستان", "پَاکِستان" or "پاکـــستان", and the other
way round.

Why not DuckDB's fts extension: its index cannot follow inserts and is rebuilt whole, which
costs a nightly run time in proportion to the archive (7 s at 20,000 articles) rather than to
the night's articles. Here a run re-keys only new or changed articles and deletes and inserts
their term rows; document frequencies are counted at query time, for the query's words only.
The scoring is the extension's own BM25 (k1 1.2, b 0.75, the same idf and document length),
and its tokenizer settings are reproduced; the tests check the scores against the extension.

For ad-hoc SQL, `rebuild_index` also defines two macros:
- `search_key(q)`: the query folds match_key makes that matter to the tokenizer, written in
  SQL: Arabic letter variants (ي ى ك ه ة ۀ ە), Arabic-Indic digits, single-letter presentation
  forms and lam-alef ligatures, and it deletes diacritics, tatweel, ZWNJ/ZWJ and direction
  marks. Rarer ligatures (ﷺ and the like) are not unfolded there: `search()` and the command
  line use match_key itself.
- `search_articles(q, n)`: the n best articles for q, as a table:
  `SELECT * FROM search_articles('پاکستان', 10)`.

An empty query, or one with nothing but punctuation, raises `EmptyQuery` (a ValueError): it
asks for nothing, which is a mistake to report rather than a search with no hits.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow.dataset as ds

from flows.warehouse import registered
from transforms.normalize import PRESENTATION_FORM_RANGES, match_key
from transforms.search_terms import SEPARATORS, search_terms

DOCUMENTS = "search_documents"
TERMS = "search_terms"
SNIPPET_CHARS = 160
HEADLINE_CHARS = 100
KEY_BATCH = 5000

_DDL = f"""
CREATE TABLE IF NOT EXISTS {DOCUMENTS} (
    article_id    VARCHAR NOT NULL,
    content_hash  VARCHAR,
    headline      VARCHAR,
    terms         INTEGER NOT NULL     -- its number of words, BM25's document length
);
CREATE TABLE IF NOT EXISTS {TERMS} (
    article_id    VARCHAR NOT NULL,
    term          VARCHAR NOT NULL,
    tf            INTEGER NOT NULL     -- how often the word occurs in the document
);
"""


class EmptyQuery(ValueError):
    """The query holds no word to search for."""


class IndexNotBuilt(RuntimeError):
    """The warehouse has no search index yet: no nightly run has loaded anything."""


@dataclass(frozen=True)
class Hit:
    article_id: str
    published_date: date
    source_name: str | None
    headline: str
    score: float
    snippet: str


@dataclass(frozen=True)
class IndexStats:
    documents: int
    rekeyed: int
    seconds: float


# --- building the index ------------------------------------------------------------------------


def refresh_documents(connection, staged: ds.Dataset | None = None) -> int:
    """Bring `search_documents` and `search_terms` in line with `articles`; return the rows re-keyed.

    `staged` holds the words of the run's articles as the batch workers split them
    (`transforms.search_terms`); articles it lacks are split here.
    """
    _drop_extension_index(connection)
    connection.execute(_DDL)
    connection.execute(
        f"""CREATE OR REPLACE TEMP TABLE _search_stale AS SELECT d.article_id FROM {DOCUMENTS} d WHERE NOT EXISTS (
                SELECT 1 FROM articles a WHERE a.article_id = d.article_id
                  AND a.content_hash IS NOT DISTINCT FROM d.content_hash AND a.headline IS NOT DISTINCT FROM d.headline)"""
    )
    for table in (DOCUMENTS, TERMS):
        connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _search_stale)")
    connection.execute(
        f"""CREATE OR REPLACE TEMP TABLE _search_new AS SELECT article_id, content_hash, headline FROM articles a
            WHERE NOT EXISTS (SELECT 1 FROM {DOCUMENTS} d WHERE d.article_id = a.article_id)"""
    )
    with registered(connection, "_search_staged", staged) as present:
        if present:
            connection.execute(f"INSERT INTO {TERMS} SELECT * FROM _search_staged SEMI JOIN _search_new USING (article_id)")
    missing = [row[0] for row in connection.execute(
        f"SELECT article_id FROM _search_new n WHERE NOT EXISTS (SELECT 1 FROM {TERMS} t WHERE t.article_id = n.article_id)"
    ).fetchall()]
    for start in range(0, len(missing), KEY_BATCH):
        part = connection.execute(
            "SELECT article_id, headline, body FROM articles WHERE article_id IN (SELECT unnest(?))", [missing[start : start + KEY_BATCH]]
        ).to_arrow_table()
        words = search_terms(part.column("article_id").to_pylist(), part.column("headline").to_pylist(), part.column("body").to_pylist())
        with registered(connection, "_search_words", words):
            connection.execute(f"INSERT INTO {TERMS} SELECT * FROM _search_words")
    connection.execute(
        f"""INSERT INTO {DOCUMENTS}
            SELECT n.article_id, n.content_hash, n.headline, coalesce(t.terms, 0)
            FROM _search_new n LEFT JOIN (
                SELECT article_id, sum(tf)::INTEGER AS terms FROM {TERMS} SEMI JOIN _search_new USING (article_id) GROUP BY 1
            ) t ON t.article_id = n.article_id"""
    )
    rekeyed = connection.execute("SELECT count(*) FROM _search_new").fetchone()[0]
    connection.execute("DROP TABLE _search_stale")
    connection.execute("DROP TABLE _search_new")
    return rekeyed


def _drop_extension_index(connection) -> None:
    """Warehouses from before this index kept the fts extension's: its tables go, every article is re-keyed."""
    columns = connection.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [DOCUMENTS]).fetchall()
    if ("text",) in columns:
        connection.execute(f"DROP SCHEMA IF EXISTS fts_main_{DOCUMENTS} CASCADE")
        connection.execute(f"DROP TABLE {DOCUMENTS}")


def rebuild_index(connection, staged: ds.Dataset | None = None) -> IndexStats:
    """Bring the index up to date with `articles` (re-keying only what changed) and (re)define the SQL macros."""
    started = time.perf_counter()
    rekeyed = refresh_documents(connection, staged)
    for statement in _macros():
        connection.execute(statement)
    documents = connection.execute(f"SELECT count(*) FROM {DOCUMENTS}").fetchone()[0]
    return IndexStats(documents, rekeyed, round(time.perf_counter() - started, 3))


# BM25 of every document holding a word of the table `{words}` (one row per distinct word),
# as DuckDB's fts extension scores it: idf log10((N - df + 0.5) / (df + 0.5) + 1), k1 1.2, b 0.75.
_BM25 = f"""
SELECT t.article_id,
       sum(log10((s.n - f.df + 0.5) / (f.df + 0.5) + 1) * t.tf * (1.2 + 1)
           / (t.tf + 1.2 * (1 - 0.75 + 0.75 * d.terms / s.average))) AS score
FROM {TERMS} t
JOIN (SELECT term, count(*) AS df FROM {TERMS} WHERE term IN (SELECT word FROM {{words}}) GROUP BY term) f ON f.term = t.term
JOIN {DOCUMENTS} d ON d.article_id = t.article_id
CROSS JOIN (SELECT count(*) AS n, avg(terms) AS average FROM {DOCUMENTS}) s
GROUP BY t.article_id
"""


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fold_table() -> tuple[str, str, list[tuple[str, str]]]:
    """The single-character folds of match_key as translate() strings, and the lam-alef replacements."""
    sources, targets, replacements = [], [], []
    candidates = [cp for lo, hi in PRESENTATION_FORM_RANGES for cp in range(lo, hi + 1)]
    candidates += [0x064A, 0x0649, 0x0643, 0x0647, 0x06D5, 0x06C0, 0x0629, *range(0x0660, 0x066A), *range(0x06F0, 0x06FA)]
    for cp in candidates:
        ch = chr(cp)
        folded = match_key(ch)
        if folded == ch or not folded:
            continue
        if len(folded) == 1:
            sources.append(ch)
            targets.append(folded)
        elif 0xFEF5 <= cp <= 0xFEFC or cp == 0xFDF2:  # lam-alef ligatures and ﷲ
            replacements.append((ch, folded))
    marks = [chr(cp) for cp in (*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE))]
    deleted = marks + ["\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
    return "".join(sources) + "".join(deleted), "".join(targets), replacements


def _macros() -> list[str]:
    sources, targets, replacements = _fold_table()
    folded = "lower(q)"
    for ligature, letters in replacements:
        folded = f"replace({folded}, {_sql_string(ligature)}, {_sql_string(letters)})"
    return [
        f"CREATE OR REPLACE MACRO search_key(q) AS translate({folded}, {_sql_string(sources)}, {_sql_string(targets)})",
        f"""CREATE OR REPLACE MACRO search_articles(q, n) AS TABLE
            WITH query_words AS (
                SELECT DISTINCT word FROM (SELECT unnest(regexp_split_to_array(search_key(q), '{SEPARATORS}')) AS word) WHERE word <> ''
            ),
            s AS ({_BM25.format(words="query_words")})
            SELECT a.article_id, a.published_date, a.source_name, a.headline, s.score
            FROM s JOIN articles a ON a.article_id = s.article_id
            ORDER BY s.score DESC, a.published_date DESC, a.article_id
            LIMIT n""",
    ]


# --- querying ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def query_terms(query: str) -> list[str]:
    """The words of a query as the index holds them."""
    return _WORD.findall(match_key(query).lower())


def search(connection, query: str, since: date | None = None, source: str | None = None, limit: int = 10) -> list[Hit]:
    """The best `limit` articles for `query` by BM25, newest first among equal scores.

    `since` keeps articles published on or after that date, `source` those of one source
    (its `source_name`). Raises EmptyQuery when the query has no words, and IndexNotBuilt
    when the index has not been built yet.
    """
    terms = query_terms(query)
    if not terms:
        raise EmptyQuery(f"the query {query!r} holds no word to search for")
    if limit < 1:
        return []
    if not _index_exists(connection):
        raise IndexNotBuilt("the warehouse has no search index yet: run `akhbar run` (or rebuild_index) first")
    rows = connection.execute(
        f"""WITH query_words AS (SELECT DISTINCT unnest($words::VARCHAR[]) AS word),
            s AS ({_BM25.format(words="query_words")})
            SELECT a.article_id, a.published_date, a.source_name, a.headline, a.body, s.score
            FROM s JOIN articles a ON a.article_id = s.article_id
            WHERE ($since IS NULL OR a.published_date >= $since)
              AND ($source IS NULL OR a.source_name = $source)
            ORDER BY s.score DESC, a.published_date DESC, a.article_id
            LIMIT $limit""",
        {"words": terms, "since": since, "source": source, "limit": limit},
    ).fetchall()
    return [Hit(r[0], r[1], r[2], r[3], float(r[5]), snippet(r[4], terms)) for r in rows]


def search_warehouse(warehouse_dir: Path, query: str, since: date | None = None, source: str | None = None, limit: int = 10) -> list[Hit]:
    """`search` on the warehouse in `warehouse_dir`, opened read-only for the time of the query."""
    from flows.warehouse import connect

    connection = connect(Path(warehouse_dir), read_only=True)
    try:
        return search(connection, query, since=since, source=source, limit=limit)
    finally:
        connection.close()


def _index_exists(connection) -> bool:
    return bool(
        connection.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [TERMS]).fetchone()[0]
    )


_SENTENCE = re.compile(r"[^۔؟!?\n]+[۔؟!?]?")


def snippet(body: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """The sentence of the body holding most query words (the first on ties), cut to `width`.

    Sentences are compared through match_key, so the snippet shows the article's own spelling
    of the words the query spelled another way.
    """
    wanted = set(terms)
    best, best_count = "", 0
    for match in _SENTENCE.finditer(body or ""):
        sentence = match.group().strip()
        count = len(wanted.intersection(query_terms(sentence)))
        if count > best_count:
            best, best_count = sentence, count
    if not best:
        best = (body or "").strip().split("\n", 1)[0]
    return _cut(best, width)


def _cut(text: str, width: int) -> str:
    """At most `width` characters, cut at a word and marked with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def format_hits(hits: list[Hit]) -> str:
    """Ranked hits as text: rank, date, source and headline (cut if long), then the snippet indented."""
    if not hits:
        return "no articles match"
    lines = []
    for rank, hit in enumerate(hits, 1):
        lines.append(f"{rank:>2}. {hit.published_date}  {hit.source_name or '-'}  {_cut(hit.headline, HEADLINE_CHARS)}  ({hit.score:.2f})")
        lines.append(f"    {hit.snippet}")
    return "\n".join(lines)
