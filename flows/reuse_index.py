"""Find each article's source inside the warehouse and fill `articles.reuse_of` / `reuse_score`.

`pending_links` plans, before a run's transaction, the index rows of the articles the index
lacks (`reuse_docs`, the word-pair index `reuse_shingles`, MinHash `reuse_bands`; DDL in
warehouse/reuse.sql) and the decisions; `apply` writes both inside it. `link_batch` does the
same for articles already loaded. For each article it has to (re)decide, it gathers three
kinds of candidates:

- exact copies: earlier articles with the same `content_hash`, at any distance in time;
- rewrites: articles of the week before that share word pairs with it, found by joining its
  index rows with that week's rows (exact, not sampled: rewrites share too little for
  MinHash to find them). The week bounds the work: each article meets one week of the
  archive, so the cost grows with the number of articles, not with its square;
- near-duplicates older than the week: articles sharing a MinHash band bucket with it.

DuckDB computes the weighted overlaps (weights from document frequencies in the index) and
the best candidate by cosine; `transforms.reuse.choose_source` makes the decision, the same
function the in-memory `link_articles` uses.

Articles loaded out of order: a batch may hold articles published *before* some already
linked, and those may be derived from the new ones. So the articles of the week after each
new one, the later copies of its text, the later articles sharing a band with it, and the
articles that pointed at a re-ingested one are decided again with the batch: an article's
source is the earlier one, whatever order the files arrived in. What does depend on arrival
is the weights (the document frequencies of the archive at linking time) and, within one
publication date, which article counts as the earlier (the one linked first).

Cost: the batch workers compute each article's shingles and band buckets
(`transforms.reuse.reuse_text`), so a run's load only inserts them. A run links all its
articles in one pass: it meets the index rows of two weeks of articles around each date, the
band buckets of its articles, their near-duplicates' shingles, and one pass over the whole
index to count document frequencies, the one part that grows with the archive. The index
holds one `reuse_shingles` row per distinct word pair of an article (about 200) and 16
`reuse_bands` rows. Joins are written so that the pairs being scored come first: joined on a
shingle alone, the postings of one common word pair would meet every other.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from flows.warehouse import registered, transaction
from transforms.reuse import (
    COSINE_DIGITS, MIN_SHINGLES, NEAR_DUPLICATE_CONTAINMENT, WINDOW_DAYS, Candidate, Link, choose_source, reuse_text,
)

DDL = Path(__file__).resolve().parent.parent / "warehouse" / "reuse.sql"
# Near-duplicate candidates verified per article: those sharing the most bands (an estimate of
# Jaccard similarity). Bounds the work for stories reprinted by dozens of outlets.
NEAR_CANDIDATES = 10
# Targets decided together: their candidates are gathered in Python, then decided and dropped,
# so the memory a run's linking needs does not grow with the run. Their near-duplicate pairs
# (at most NEAR_CANDIDATES a target, each with the shingles the two share) make some tens of
# millions of rows at most. On a 100,000-article load, slices of 20,000 / 10,000 / 5,000
# targets: the load's process peaked at 1,236 / 1,157 / 1,116 MB, in 40.1 / 39.1 / 38.3 s.
DECIDE_SLICE = 5000
# Source postings per slice of the near-duplicate scoring: a hash table of this many rows fits in
# a few hundred MB, well inside the connection's memory cap. Replaying the linking of 200,000
# articles, slices of 1.25M / 2.5M postings peaked at 791-800 / 827-883 MB, in 106-107 / 96 s.
NEAR_SLICE_POSTINGS = 1_250_000
# Window candidates are found through the word pairs at most this many articles share, and the
# best few by their weight are then scored on all their pairs. Common pairs carry little weight
# and, in a week of many reprints of one story, would pair every article with every other.
RARE_SHINGLE_DF = 25
WINDOW_CANDIDATES = 5
TEMP_TABLES = ("_reuse_order", "_reuse_text", "_reuse_new", "_reuse_new_shingles", "_reuse_new_bands", "_reuse_near_postings", "_reuse_near_shared", "_reuse_targets", "_reuse_near", "_reuse_involved", "_reuse_weights", "_reuse_totals", "_reuse_links", "_reuse_old", "_reuse_old_ids")
TEMP_VIEWS = ("_index_docs", "_index_shingles", "_index_bands")


def ensure_schema(connection) -> None:
    """Create the reuse tables and views if missing (the warehouse applies the same file)."""
    connection.execute(DDL.read_text(encoding="utf-8"))


def link_batch(connection, article_ids: Iterable[str], staged: ds.Dataset | None = None) -> int:
    """Index these articles (already in `articles`), decide their sources and those of the articles they affect.

    `staged` holds the articles' shingles and band buckets (`transforms.reuse.reuse_text`) as the
    batch workers computed them; articles it lacks are shingled here from their bodies.
    Returns the number of decided articles that now have a source. Runs in a transaction
    (the caller's, if it holds one); rerunning it for the same articles is harmless.
    """
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return 0
    ensure_schema(connection)
    try:
        with transaction(connection):
            return apply(connection, _plan(connection, ids, staged, "articles"))
    finally:
        _drop_temp(connection)


@contextmanager
def pending_links(connection, staged: ds.Dataset | None = None, articles: str | None = None):
    """Decide, before the run's transaction, every article the index lacks or holds an older text of.

    `articles` names a table of the run's articles, not loaded yet (`warehouse.run_articles`):
    with the warehouse's own, they are what the index will hold. The deciding reads only
    committed tables and temporary tables made outside a transaction. Inside one, DuckDB scans
    the rows the transaction wrote on one thread, and scores and joins them 2-3 times slower:
    100,000 articles linked in 43.8 s inside the load's transaction, 30.3 s outside it.
    Yields the plan for `apply`, to run inside the transaction; the plan's tables last until
    the block ends. One pass for all: the document frequencies are counted once, and every
    article is decided with the same weights whatever order it arrived in.
    """
    ensure_schema(connection)
    source = "articles"
    if articles:
        columns = "article_id, published_date, ingested_at, content_hash, body"
        source = f"(SELECT {columns} FROM {articles} UNION ALL SELECT {columns} FROM articles ANTI JOIN {articles} USING (article_id))"
    try:
        ids = [
            row[0]
            for row in connection.execute(
                f"""SELECT a.article_id FROM {source} a
                    LEFT JOIN reuse_docs r ON r.article_id = a.article_id
                    WHERE r.article_id IS NULL OR r.content_hash IS DISTINCT FROM a.content_hash
                    ORDER BY a.published_date, a.ingested_at, a.article_id"""
            ).fetchall()
        ]
        yield _plan(connection, ids, staged, source)
    finally:
        _drop_temp(connection)


def link_pending(connection, staged: ds.Dataset | None = None) -> int:
    """Link every article in `articles` the index lacks or holds an older text of, all in one pass."""
    with pending_links(connection, staged) as plan, transaction(connection):
        return apply(connection, plan)


@dataclass
class Plan:
    """Sources decided for a set of articles (`_reuse_links`), with their index rows, in temporary tables."""

    linked: int = 0  # decided articles that have a source
    indexed: int = 0  # the articles given that exist, and get index rows


def _plan(connection, ids: list[str], staged: ds.Dataset | None, articles: str) -> Plan:
    """`articles`: the table (or subquery) of the articles' dates, content hashes and bodies."""
    indexed = _index(connection, ids, staged, articles) if ids else 0
    if not indexed:
        return Plan()
    _collect_targets(connection)
    return Plan(_decide(connection), indexed)


def apply(connection, plan: Plan) -> int:
    """Write a plan's index rows and sources; return how many decided articles now have a source."""
    if not plan.indexed:
        return 0
    for table in ("reuse_shingles", "reuse_bands", "reuse_docs"):
        connection.execute(f"DELETE FROM {table} WHERE doc IN (SELECT doc FROM _reuse_old)")
    connection.execute("INSERT INTO reuse_docs BY NAME SELECT * FROM _reuse_new")
    connection.execute("INSERT INTO reuse_shingles SELECT * FROM _reuse_new_shingles")
    connection.execute("INSERT INTO reuse_bands SELECT * FROM _reuse_new_bands")
    _write(connection)
    return plan.linked


# --- indexing ----------------------------------------------------------------------------------


def _index(connection, ids: list[str], staged: ds.Dataset | None, articles: str) -> int:
    """Stage the index rows of these articles in temporary tables; they get new doc numbers, as the last linked.

    The views `_index_docs`, `_index_shingles` and `_index_bands` show the index as it will be
    once `apply` writes them: its tables without these articles' old rows, with their new ones.
    Returns how many of the articles exist in `articles` (the others are ignored).
    """
    numbers = connection.execute(f"SELECT nextval('reuse_doc_numbers') FROM range({len(ids)})").fetchall()
    order = pa.table({"article_id": pa.array(ids, pa.string()), "doc": pa.array(sorted(n for (n,) in numbers), pa.int32())})
    with registered(connection, "_reuse_order_arrow", order):
        connection.execute(
            f"""CREATE OR REPLACE TEMP TABLE _reuse_order AS
               SELECT o.doc, a.article_id, a.published_date, a.content_hash
               FROM _reuse_order_arrow o JOIN {articles} a ON a.article_id = o.article_id"""
        )
    connection.execute("CREATE OR REPLACE TEMP TABLE _reuse_text (article_id VARCHAR, shingles UBIGINT[], bands UBIGINT[])")
    with registered(connection, "_reuse_staged", staged) as present:
        if present:
            # An article staged twice is kept once, its first row; grouping every row by article
            # instead held all the lists in one hash table (out of memory under a 400 MB cap at
            # 200,000 articles).
            connection.execute(
                """INSERT INTO _reuse_text SELECT s.article_id, s.shingles, s.bands
                   FROM _reuse_staged s SEMI JOIN _reuse_order o ON o.article_id = s.article_id"""
            )
            twice = connection.execute("SELECT count(*) > count(DISTINCT article_id) FROM _reuse_text").fetchone()[0]
            if twice:
                connection.execute("CREATE OR REPLACE TEMP TABLE _reuse_text AS SELECT DISTINCT ON (article_id) * FROM _reuse_text")
    _shingle_missing(connection, articles)
    present = connection.execute("SELECT count(*) FROM _reuse_order").fetchone()[0]
    if not present:
        return 0
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE _reuse_new AS
           SELECT o.doc, o.article_id, o.published_date, o.content_hash, len(t.shingles)::INTEGER AS shingles
           FROM _reuse_order o JOIN _reuse_text t ON t.article_id = o.article_id"""
    )
    # Articles that pointed at a re-ingested article are decided again (its text changed).
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE _reuse_old AS
           SELECT doc, article_id FROM reuse_docs WHERE article_id IN (SELECT article_id FROM _reuse_new)"""
    )
    connection.execute("CREATE OR REPLACE TEMP TABLE _reuse_old_ids AS SELECT DISTINCT article_id FROM _reuse_old")
    # In doc order, which is date order: the window's queries read a date range and a doc range
    # of it, and DuckDB skips the row groups outside them (unordered, each of the 24 window
    # queries of 200,000 articles scanned everything: 33 s against 6 s).
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE _reuse_new_shingles AS
           SELECT unnest(t.shingles) AS shingle, n.doc, n.published_date FROM _reuse_new n JOIN _reuse_text t ON t.article_id = n.article_id ORDER BY n.doc"""
    )
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE _reuse_new_bands AS
           SELECT n.doc, unnest(range(len(t.bands)))::UTINYINT AS band, unnest(t.bands) AS bucket, n.published_date
           FROM _reuse_new n JOIN _reuse_text t ON t.article_id = n.article_id"""
    )
    connection.execute("DROP TABLE _reuse_text")
    replaced = connection.execute("SELECT count(*) FROM _reuse_old").fetchone()[0]
    for view, table, columns in (
        ("_index_docs", "reuse_docs", "doc, article_id, published_date, content_hash, shingles"),
        ("_index_shingles", "reuse_shingles", "shingle, doc, published_date"),
        ("_index_bands", "reuse_bands", "doc, band, bucket, published_date"),
    ):
        kept = f"SELECT {columns} FROM {table}" + (" WHERE doc NOT IN (SELECT doc FROM _reuse_old)" if replaced else "")
        new = "_reuse_new" if view == "_index_docs" else f"_reuse_new_{view.removeprefix('_index_')}"
        connection.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {kept} UNION ALL SELECT {columns} FROM {new}")
    return present


def _shingle_missing(connection, articles: str, chunk: int = 5000) -> None:
    """Shingle, from their bodies, the articles to index that no batch worker shingled."""
    missing = [row[0] for row in connection.execute(
        "SELECT o.article_id FROM _reuse_order o ANTI JOIN _reuse_text t ON t.article_id = o.article_id ORDER BY o.doc"
    ).fetchall()]
    for i in range(0, len(missing), chunk):
        rows = connection.execute(
            f"SELECT article_id, body FROM {articles} WHERE article_id IN (SELECT unnest(?))", [missing[i : i + chunk]]
        ).fetchall()
        text = reuse_text([row[0] for row in rows], [row[1] for row in rows])
        with registered(connection, "_reuse_text_arrow", text):
            connection.execute("INSERT INTO _reuse_text SELECT * FROM _reuse_text_arrow")


# --- whom to decide ----------------------------------------------------------------------------


def _collect_targets(connection) -> None:
    """The new articles, and the already linked ones whose source the new ones may change."""
    connection.execute(
        f"""CREATE OR REPLACE TEMP TABLE _reuse_targets AS
        WITH later_in_window AS (
            SELECT r.doc FROM _index_docs r
            JOIN (SELECT DISTINCT published_date FROM _reuse_new) n
              ON r.published_date > n.published_date AND r.published_date <= n.published_date + {WINDOW_DAYS}
        ),
        -- A re-ingested article is now the last of its day: its same-day peers lose it as a
        -- candidate, and may now choose another.
        same_day_as_changed AS (
            SELECT r.doc FROM _index_docs r
            JOIN (SELECT DISTINCT published_date FROM _reuse_new WHERE article_id IN (SELECT article_id FROM _reuse_old_ids)) n
              ON r.published_date = n.published_date
        ),
        later_copies AS (
            SELECT r.doc FROM _index_docs r JOIN _reuse_new n ON r.content_hash = n.content_hash
            WHERE r.published_date > n.published_date
        ),
        -- The bands' own dates, so that the only join is on the bucket (joined through the
        -- docs, DuckDB chose to pair every new article with every later one by date first).
        later_in_bands AS (
            SELECT rb.doc FROM _index_bands nb
            JOIN _index_bands rb ON rb.band = nb.band AND rb.bucket = nb.bucket
            WHERE nb.doc IN (SELECT doc FROM _reuse_new) AND rb.published_date > nb.published_date
        ),
        pointing_at_changed AS (
            SELECT r.doc FROM _index_docs r JOIN articles a ON a.article_id = r.article_id
            WHERE a.reuse_of IN (SELECT article_id FROM _reuse_new)
        )
        SELECT r.* FROM _index_docs r
        WHERE r.doc IN (
            SELECT doc FROM _reuse_new UNION SELECT doc FROM later_in_window UNION SELECT doc FROM later_copies
            UNION SELECT doc FROM later_in_bands UNION SELECT doc FROM pointing_at_changed
            UNION SELECT doc FROM same_day_as_changed
        )"""
    )


# --- candidates and decisions ------------------------------------------------------------------


def _decide(connection) -> int:
    """Decide every target, from its best window candidate, near-duplicates and copies; return how many have a source.

    The decisions go to `_reuse_links` a slice of targets at a time, so that what the process
    holds of them does not grow with the run (a dict of 100,000 decisions held 21 MB).
    """
    documents = connection.execute("SELECT count(*) FROM _index_docs").fetchone()[0]
    connection.execute(
        f"""CREATE OR REPLACE TEMP TABLE _reuse_near AS
        WITH matches AS MATERIALIZED (
            SELECT tb.doc AS target, sb.doc AS source, any_value(sb.published_date) AS source_date, count(*) AS bands
            FROM _index_bands tb
            JOIN _index_bands sb ON sb.band = tb.band AND sb.bucket = tb.bucket
            WHERE tb.doc IN (SELECT doc FROM _reuse_targets) AND sb.published_date < tb.published_date - {WINDOW_DAYS}
            GROUP BY tb.doc, sb.doc
        )
        SELECT target, source FROM matches
        QUALIFY row_number() OVER (PARTITION BY target ORDER BY bands DESC, source_date, source) <= {NEAR_CANDIDATES}"""
    )
    spans = _date_spans([row[0] for row in connection.execute("SELECT DISTINCT published_date FROM _reuse_targets ORDER BY 1").fetchall()])
    window_sources = " UNION ".join(
        f"SELECT doc FROM _index_docs WHERE published_date BETWEEN DATE '{lo - timedelta(days=WINDOW_DAYS)}' AND DATE '{hi}'"
        for lo, hi in spans
    )
    connection.execute(
        f"""CREATE OR REPLACE TEMP TABLE _reuse_involved AS
        SELECT doc FROM _reuse_targets UNION SELECT source FROM _reuse_near UNION {window_sources}"""
    )
    connection.execute(
        f"""CREATE OR REPLACE TEMP TABLE _reuse_weights AS
        SELECT shingle, ln(1 + {documents} / count(*)) AS idf, count(*) AS df
        FROM _index_shingles
        WHERE shingle IN (SELECT p.shingle FROM _index_shingles p SEMI JOIN _reuse_involved i ON i.doc = p.doc)
        GROUP BY shingle"""
    )
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE _reuse_totals AS
        SELECT p.doc, sum(w.idf) AS weight
        FROM _index_shingles p SEMI JOIN _reuse_involved i ON i.doc = p.doc
        JOIN _reuse_weights w ON w.shingle = p.shingle
        GROUP BY p.doc"""
    )
    _score_near(connection)
    connection.execute("CREATE OR REPLACE TEMP TABLE _reuse_links (article_id VARCHAR, reuse_of VARCHAR, reuse_score DOUBLE)")
    slices = connection.execute(
        f"""SELECT min(doc), max(doc) FROM (SELECT doc, (row_number() OVER (ORDER BY doc) - 1) // {DECIDE_SLICE} AS slice FROM _reuse_targets)
            GROUP BY slice ORDER BY 1"""
    ).fetchall()
    linked = 0
    for first, last in slices:
        part = connection.execute(
            "SELECT doc, article_id, published_date FROM _reuse_targets WHERE doc BETWEEN $1 AND $2 ORDER BY doc", [first, last]
        ).fetchall()
        candidates = _candidates(connection, first, last, sorted({day for _, _, day in part}))
        links = [choose_source(candidates.get(doc, ())) for doc, _, _ in part]
        linked += sum(link is not None for link in links)
        _stage_links(connection, [article_id for _, article_id, _ in part], links)
    return linked


def _score_near(connection) -> None:
    """The exact overlap of every near-duplicate pair (`_reuse_near_shared`), by slices of sources.

    Each posting of the pairs' articles carries its weight, so the shared shingles (most of them,
    for near-duplicates) never meet the weights table, and each join builds its hash table on a
    slice of the sources' postings and streams the targets' postings through it. Intersecting the
    two sides' shingle lists instead cost twice as much, mostly in building and unnesting the
    lists. The slices keep the hash table within DuckDB's memory cap: built on all the sources'
    postings at once (20M rows at 100,000 articles) it spilled to disk, three times slower.
    """
    # Pairs `choose_source` would never take: a near-duplicate needs a containment of
    # NEAR_DUPLICATE_CONTAINMENT and the shared weight is at most the source's whole weight, so a
    # source lighter than that part of the target's weight cannot qualify (the margin absorbs the
    # sums' rounding); nor can a target with too few shingles.
    connection.execute(
        f"""DELETE FROM _reuse_near WHERE (target, source) IN (
               SELECT n.target, n.source FROM _reuse_near n
               JOIN _reuse_targets t ON t.doc = n.target
               JOIN _reuse_totals tt ON tt.doc = n.target
               JOIN _reuse_totals st ON st.doc = n.source
               WHERE t.shingles < {MIN_SHINGLES} OR st.weight < {NEAR_DUPLICATE_CONTAINMENT} * tt.weight * (1 - 1e-9))"""
    )
    connection.execute(
        """CREATE OR REPLACE TEMP TABLE _reuse_near_postings AS
           SELECT p.doc, p.shingle, w.idf FROM _index_shingles p
           SEMI JOIN (SELECT target AS doc FROM _reuse_near UNION SELECT source FROM _reuse_near) d ON d.doc = p.doc
           JOIN _reuse_weights w ON w.shingle = p.shingle"""
    )
    connection.execute("CREATE OR REPLACE TEMP TABLE _reuse_near_shared (target INTEGER, source INTEGER, shared DOUBLE)")
    sources = connection.execute(
        "SELECT doc, shingles FROM _index_docs WHERE doc IN (SELECT source FROM _reuse_near) ORDER BY doc"
    ).fetchall()
    # The order is fixed as written (each join builds its hash table on its right side): inside a
    # transaction DuckDB estimates these new tables at ~0 rows and would join the two sides'
    # postings on the shingle alone first.
    connection.execute("SET disabled_optimizers = 'join_order'")
    try:
        for first, last in _slices(sources, NEAR_SLICE_POSTINGS):
            connection.execute(
                """INSERT INTO _reuse_near_shared
                   SELECT n.target, n.source, sum(tp.idf) AS shared
                   FROM _reuse_near_postings tp
                   JOIN (SELECT target, source FROM _reuse_near WHERE source BETWEEN $1 AND $2) n ON n.target = tp.doc
                   JOIN (SELECT doc, shingle FROM _reuse_near_postings WHERE doc BETWEEN $1 AND $2) sp
                     ON sp.doc = n.source AND sp.shingle = tp.shingle
                   GROUP BY n.target, n.source""",
                [first, last],
            )
    finally:
        connection.execute("RESET disabled_optimizers")
    connection.execute("DROP TABLE _reuse_near_postings")


def _slices(docs: list[tuple[int, int]], postings: int) -> list[tuple[int, int]]:
    """Consecutive ranges of these (doc, postings) rows, sorted by doc, of about `postings` each."""
    slices: list[tuple[int, int]] = []
    start, total = 0, 0
    for i, (doc, count) in enumerate(docs):
        total += count
        if total >= postings or i == len(docs) - 1:
            slices.append((docs[start][0], doc))
            start, total = i + 1, 0
    return slices


def _candidates(connection, first: int, last: int, dates: list[date]) -> dict[int, list[Candidate]]:
    """Every candidate source of the targets numbered first..last: its best rewrite source in the
    window, its near-duplicates' exact overlaps, its earliest exact copy."""
    candidates: dict[int, list[Candidate]] = {}
    for lo, hi in _date_spans(dates):
        _add(candidates, connection.execute(_WINDOW_BEST, [lo, hi, lo - timedelta(days=WINDOW_DAYS), hi, first, last]).fetchall())
    _add(candidates, connection.execute(_NEAR_SCORES, [first, last]).fetchall())
    _add(candidates, connection.execute(_COPIES, [first, last]).fetchall())
    return candidates


def _date_spans(dates: list[date]) -> list[tuple[date, date]]:
    """Group sorted dates into spans of at most a window each, so each query meets 2 weeks of index."""
    spans: list[tuple[date, date]] = []
    for day in dates:
        if spans and day <= spans[-1][0] + timedelta(days=WINDOW_DAYS):
            spans[-1] = (spans[-1][0], day)
        else:
            spans.append((day, day))
    return spans


def _add(candidates: dict[int, list[Candidate]], rows: list[tuple]) -> None:
    for target, source_id, source_date, source_doc, shared, target_weight, source_weight, days, target_shingles, exact in rows:
        candidates.setdefault(target, []).append(
            Candidate(source_id, (source_date, source_doc), shared or 0.0, target_weight or 0.0, source_weight or 0.0, days, target_shingles, exact)
        )


# Columns of every candidate query: target doc, source article_id, source date, source doc,
# shared weight, target weight, source weight, days between, target shingles, exact copy.
_EARLIER = "(s.published_date < t.published_date OR (s.published_date = t.published_date AND s.doc < t.doc))"

# The best rewrite candidate (highest cosine, then earliest) of each target dated in [$1, $2],
# among the articles of the week before it.
_WINDOW_BEST = f"""
WITH t AS (SELECT doc, published_date, shingles FROM _reuse_targets WHERE published_date BETWEEN $1 AND $2 AND doc BETWEEN $5 AND $6),
tp AS MATERIALIZED (SELECT p.shingle, p.doc, p.published_date FROM _index_shingles p WHERE p.doc IN (SELECT doc FROM t)),
sp AS MATERIALIZED (SELECT shingle, doc, published_date FROM _index_shingles WHERE published_date BETWEEN $3 AND $4),
candidates AS MATERIALIZED (
    SELECT tp.doc AS target, sp.doc AS source
    FROM tp
    JOIN sp ON sp.shingle = tp.shingle
    JOIN _reuse_weights w ON w.shingle = tp.shingle AND w.df <= {RARE_SHINGLE_DF}
    WHERE sp.published_date >= tp.published_date - {WINDOW_DAYS}
      AND (sp.published_date < tp.published_date OR (sp.published_date = tp.published_date AND sp.doc < tp.doc))
    GROUP BY tp.doc, sp.doc
    QUALIFY row_number() OVER (PARTITION BY tp.doc ORDER BY sum(w.idf) DESC, sp.doc) <= {WINDOW_CANDIDATES}
),
candidate_postings AS MATERIALIZED (  -- as in _NEAR_SCORES: the pairs' target shingles first
    SELECT c.target, c.source, tp.shingle FROM candidates c JOIN tp ON tp.doc = c.target
),
pairs AS MATERIALIZED (
    SELECT c.target, c.source, sum(w.idf) AS shared
    FROM candidate_postings c
    JOIN sp ON sp.doc = c.source AND sp.shingle = c.shingle
    JOIN _reuse_weights w ON w.shingle = c.shingle
    GROUP BY c.target, c.source
)
SELECT p.target, s.article_id, s.published_date, p.source, p.shared, tt.weight, st.weight,
       t.published_date - s.published_date, t.shingles, false
FROM pairs p
JOIN t ON t.doc = p.target
JOIN _index_docs s ON s.doc = p.source
JOIN _reuse_totals tt ON tt.doc = p.target
JOIN _reuse_totals st ON st.doc = p.source
QUALIFY row_number() OVER (
    PARTITION BY p.target
    ORDER BY round(p.shared / sqrt(tt.weight * st.weight), {COSINE_DIGITS}) DESC, s.published_date, p.source
) = 1
"""

# Near-duplicate candidates from the bands, older than the window, with their exact overlap
# (`_score_near`): of each target, those `choose_source` could take. It takes a near-duplicate of
# at least NEAR_DUPLICATE_CONTAINMENT, and of those the best cosine rounded to COSINE_DIGITS, so
# the rows within 10^-COSINE_DIGITS of the best are kept: all that can tie with it after
# rounding, and the decision stays Python's. Of 768,910 such rows on a load of 100,000
# recombined articles, 95,964 are kept.
_NEAR_SCORES = f"""
WITH pairs AS (SELECT * FROM _reuse_near_shared WHERE target BETWEEN $1 AND $2)
SELECT p.target, s.article_id, s.published_date, s.doc, p.shared, tt.weight, st.weight,
       t.published_date - s.published_date, t.shingles, false
FROM pairs p
JOIN _reuse_targets t ON t.doc = p.target
JOIN _index_docs s ON s.doc = p.source
JOIN _reuse_totals tt ON tt.doc = p.target
JOIN _reuse_totals st ON st.doc = p.source
WHERE tt.weight > 0 AND p.shared / tt.weight >= {NEAR_DUPLICATE_CONTAINMENT}
QUALIFY p.shared / sqrt(tt.weight * st.weight)
        >= max(p.shared / sqrt(tt.weight * st.weight)) OVER (PARTITION BY p.target) - 1e-{COSINE_DIGITS}
"""

# The earliest earlier article with the same content hash: an exact copy.
_COPIES = f"""
SELECT t.doc, s.article_id, s.published_date, s.doc, NULL, NULL, NULL,
       t.published_date - s.published_date, t.shingles, true
FROM _reuse_targets t
JOIN _index_docs s ON s.content_hash = t.content_hash AND {_EARLIER}
WHERE t.doc BETWEEN $1 AND $2
QUALIFY row_number() OVER (PARTITION BY t.doc ORDER BY s.published_date, s.doc) = 1
"""


# --- writing -----------------------------------------------------------------------------------


def _stage_links(connection, article_ids: list[str], links: list[Link | None]) -> None:
    table = pa.table(
        {
            "article_id": pa.array(article_ids, pa.string()),
            "reuse_of": pa.array([link.source_id if link else None for link in links], pa.string()),
            "reuse_score": pa.array([link.score if link else None for link in links], pa.float64()),
        }
    )
    with registered(connection, "_reuse_links_arrow", table):
        connection.execute("INSERT INTO _reuse_links SELECT * FROM _reuse_links_arrow")


def _write(connection) -> None:
    connection.execute(
        """UPDATE articles SET reuse_of = l.reuse_of, reuse_score = l.reuse_score
           FROM _reuse_links l
           WHERE articles.article_id = l.article_id
             AND (articles.reuse_of IS DISTINCT FROM l.reuse_of OR articles.reuse_score IS DISTINCT FROM l.reuse_score)"""
    )


def _drop_temp(connection) -> None:
    statements = [f"DROP VIEW IF EXISTS {name}" for name in TEMP_VIEWS] + [f"DROP TABLE IF EXISTS {name}" for name in TEMP_TABLES]
    for statement in statements:
        try:
            connection.execute(statement)
        except Exception:
            pass
