"""The words the search index holds of an article: the match key of its headline and body, split.

Every run of characters that is not a letter, digit or mark separates words (so "2014" is a
word and "کیا۔" is "کیا"), Latin words are lowercased ("PTI" finds "pti"); Urdu has no case.
No stemmer and no stop words: there is no Urdu stemmer to trust, and BM25's idf already
weighs common words down. Computed where the articles are (the batch workers), so a run's
load only inserts the rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from transforms.key_words import key_words

# Word separators (RE2): anything but letters, digits and marks.
SEPARATORS = r"[^\p{L}\p{N}\p{M}]+"

SEARCH_TERMS = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("term", pa.string(), nullable=False),
        pa.field("tf", pa.int32(), nullable=False),  # how often the word occurs in the article
    ]
)


def search_terms(article_ids: Sequence[str], headlines: Sequence[str | None], bodies: Sequence[str | None]) -> pa.Table:
    """One row per distinct word of each article, with its count (articles with no word have none).

    The words come from `key_words`, which finds most rows' words without building their match
    keys. The counting stays an Arrow group-by over the strings: the order of its rows is the
    one its hash table gives, which stored tables have always had.
    """
    if not article_ids:
        return SEARCH_TERMS.empty_table()
    texts = [f"{headline or ''}\n{body or ''}" for headline, body in zip(headlines, bodies)]
    terms, rows = key_words(texts, SEPARATORS, lower=True)
    owners = pa.array(article_ids, pa.string()).take(pa.array(rows))
    counted = (
        pa.table({"article_id": owners, "term": terms.cast(pa.string())})
        .group_by(["article_id", "term"], use_threads=False)
        .aggregate([("term", "count")])
    )
    return pa.table(
        [counted.column("article_id"), counted.column("term"), pc.cast(counted.column("term_count"), pa.int32())],
        schema=SEARCH_TERMS,
    )
