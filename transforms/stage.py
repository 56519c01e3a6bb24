"""From raw article text to the staged `articles` rows: normalize, parse, count, hash.

Works on a whole batch at once (an Arrow table of raw items) so the normalizer runs over a
column, not row by row. Items whose header cannot give a publication date are returned as
rejects with the parser's reason; everything else becomes a row for validation.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import pyarrow as pa

from transforms.article import parse_article, text_stats
from transforms.normalize import match_key, normalize_array
from transforms.reference import Reference


class Reject(NamedTuple):
    """An item that will not load, and why: it becomes a `quarantine` row."""

    source_uri: str
    reason: str
    detail: str
    raw_sha256: str | None
    article_id: str


def article_id_for(source_uri: str) -> str:
    """Article ids follow the source, not the content, so a changed file replaces its row."""
    return hashlib.sha256(source_uri.encode("utf-8")).hexdigest()[:20]


def content_hash(body: str) -> str:
    """Hash of the match key: spelling variants and stray spaces do not change it."""
    return hashlib.sha256(match_key(body).encode("utf-8")).hexdigest()


def stage_articles(raw: pa.Table, reference: Reference) -> tuple[list[dict], list[Reject]]:
    """Parse a batch of raw items into article rows (without run metadata) and rejects.

    Rows carry `raw_sha256` beside the contract's columns, for the manifest and quarantine.
    """
    texts = normalize_array(raw.column("raw_text")).to_pylist()
    rows: list[dict] = []
    rejects: list[Reject] = []
    for item, text in zip(raw.select(["article_id", "source_uri", "source_name", "raw_sha256"]).to_pylist(), texts):
        parsed = parse_article(text, reference)
        if parsed.published_date is None:
            code, _, detail = (parsed.date_problem or "no_date_header").partition(":")
            rejects.append(Reject(item["source_uri"], code.strip(), detail.strip() or code, item["raw_sha256"], item["article_id"]))
            continue
        stats = text_stats(parsed.body)
        rows.append(
            {
                "article_id": item["article_id"],
                "source_uri": item["source_uri"],
                "source_name": item["source_name"],
                "published_date": parsed.published_date,
                "headline": parsed.headline,
                "headline_origin": parsed.headline_origin,
                "dateline_city": parsed.dateline_city,
                "agencies": list(parsed.agencies) or None,
                "body": parsed.body,
                "word_count": stats.word_count,
                "sentence_count": stats.sentence_count,
                "paragraph_count": stats.paragraph_count,
                "urdu_ratio": stats.urdu_ratio,
                "content_hash": content_hash(parsed.body),
                "reuse_of": None,
                "reuse_score": None,
                "raw_sha256": item["raw_sha256"],
            }
        )
    return rows, rejects
