"""Full-text search over the warehouse: BM25 from DuckDB's fts extension, on match-key text.

The index is built on `search_documents`, one row per article holding the match key of its
headline and body (`transforms.normalize.match_key`: one spelling of each letter, no
diacritics, tatweel or presentation forms). Queries go through the same `match_key`, so
"پاکستان" finds text typed "پاكستان", "پَاکِستان" or "پاکـــستان", and the other way round.

The extension's own text handling is set so that it changes nothing match_key has decided:
- `stemmer='none'`, `stopwords='none'`: it has no Urdu stemmer or stop list (its English ones
  would mangle Latin words and leave Urdu alone anyway);
- `ignore`: the characters that separate words. Its default strips digits and only ASCII
  punctuation, so "2014" would be lost and "کیا۔" kept as one token with its full stop; here
  every run of characters that is not a letter, digit or mark separates words;
- `strip_accents=0`: stripping accents decomposes ئ into ي plus hamza and آ into ا plus madda,
  merging letters Urdu keeps apart (match_key has already removed the diacritics);
- `lower=1`: lowercases Latin words ("PTI" finds "pti"); Urdu has no case.

DuckDB's FTS index does not follow inserts: `rebuild_index` brings `search_documents` up to date
with `articles` (only changed rows are re-keyed) and rebuilds the index, after each nightly load.

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

import importlib.resources
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from transforms.normalize import PRESENTATION_FORM_RANGES, match_key, match_key_array

DOCUMENTS = "search_documents"
INDEX_SCHEMA = f"fts_main_{DOCUMENTS}"
# Word separators for the extension's tokenizer (RE2): anything but letters, digits and marks.
SEPARATORS = r"[^\p{L}\p{N}\p{M}]+"
SNIPPET_CHARS = 160
HEADLINE_CHARS = 100
KEY_BATCH = 5000

_DDL = f"""
CREATE TABLE IF NOT EXISTS {DOCUMENTS} (
    article_id    VARCHAR NOT NULL,
    content_hash  VARCHAR,
    headline      VARCHAR,
    text          VARCHAR NOT NULL     -- match key of headline and body: what the index holds
)
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


# --- the extension -----------------------------------------------------------------------------


def extension_path(connection) -> Path:
    """The fts extension shipped in the duckdb-extension-fts wheel, for this DuckDB version."""
    import duckdb_extension_fts

    version = connection.execute("PRAGMA version").fetchone()[0]
    return Path(str(importlib.resources.files(duckdb_extension_fts))) / "extensions" / version / "fts.duckdb_extension"


def load_extension(connection) -> None:
    """Load fts from the wheel's file: offline, and nothing is written to the user's home."""
    path = extension_path(connection)
    if not path.exists():
        raise RuntimeError(f"the fts extension for this DuckDB version is not installed (looked for {path})")
    connection.execute(f"LOAD '{path.as_posix()}'")


# --- building the index ------------------------------------------------------------------------


def refresh_documents(connection) -> int:
    """Bring `search_documents` in line with `articles`; return the number of rows re-keyed."""
    connection.execute(_DDL)
    connection.execute(
        f"""DELETE FROM {DOCUMENTS} d WHERE NOT EXISTS (
                SELECT 1 FROM articles a WHERE a.article_id = d.article_id
                  AND a.content_hash IS NOT DISTINCT FROM d.content_hash AND a.headline IS NOT DISTINCT FROM d.headline)"""
    )
    changed = connection.execute(
        f"""SELECT a.article_id, a.content_hash, a.headline, a.body FROM articles a
            WHERE NOT EXISTS (SELECT 1 FROM {DOCUMENTS} d WHERE d.article_id = a.article_id)"""
    ).to_arrow_table()
    for start in range(0, changed.num_rows, KEY_BATCH):
        part = changed.slice(start, KEY_BATCH)
        text = pc.binary_join_element_wise(pc.fill_null(part.column("headline"), ""), pc.fill_null(part.column("body"), ""), "\n")
        rows = pa.table(
            {
                "article_id": part.column("article_id"),
                "content_hash": part.column("content_hash"),
                "headline": part.column("headline"),
                "text": match_key_array(text),
            }
        )
        connection.register("_search_rows", rows)
        try:
            connection.execute(f"INSERT INTO {DOCUMENTS} BY NAME SELECT * FROM _search_rows")
        finally:
            connection.unregister("_search_rows")
    return changed.num_rows


def rebuild_index(connection) -> IndexStats:
    """Refresh the documents, rebuild the BM25 index over them, and (re)define the SQL macros."""
    started = time.perf_counter()
    load_extension(connection)
    rekeyed = refresh_documents(connection)
    connection.execute(
        f"PRAGMA create_fts_index('{DOCUMENTS}', 'article_id', 'text', stemmer='none', stopwords='none', "
        f"ignore='{SEPARATORS}', strip_accents=0, lower=1, overwrite=1)"
    )
    for statement in _macros():
        connection.execute(statement)
    documents = connection.execute(f"SELECT count(*) FROM {DOCUMENTS}").fetchone()[0]
    return IndexStats(documents, rekeyed, round(time.perf_counter() - started, 3))


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
            SELECT a.article_id, a.published_date, a.source_name, a.headline, s.score
            FROM (SELECT article_id, {INDEX_SCHEMA}.match_bm25(article_id, search_key(q)) AS score FROM {DOCUMENTS}) s
            JOIN articles a ON a.article_id = s.article_id
            WHERE s.score IS NOT NULL
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
    load_extension(connection)
    if not _index_exists(connection):
        raise IndexNotBuilt("the warehouse has no search index yet: run `akhbar run` (or rebuild_index) first")
    rows = connection.execute(
        f"""SELECT a.article_id, a.published_date, a.source_name, a.headline, a.body, s.score
            FROM (SELECT article_id, {INDEX_SCHEMA}.match_bm25(article_id, $query) AS score FROM {DOCUMENTS}) s
            JOIN articles a ON a.article_id = s.article_id
            WHERE s.score IS NOT NULL
              AND ($since IS NULL OR a.published_date >= $since)
              AND ($source IS NULL OR a.source_name = $source)
            ORDER BY s.score DESC, a.published_date DESC, a.article_id
            LIMIT $limit""",
        {"query": " ".join(terms), "since": since, "source": source, "limit": limit},
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
        connection.execute(
            "SELECT count(*) FROM duckdb_functions() WHERE schema_name = ? AND function_name = 'match_bm25'", [INDEX_SCHEMA]
        ).fetchone()[0]
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
