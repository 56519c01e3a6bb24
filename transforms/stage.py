"""From raw article text to the staged `articles` rows: normalize, parse, count, hash.

Works on a whole batch at once (an Arrow table of raw items) so the normalizer runs over a
column, not row by row. Items whose header cannot give a publication date are returned as
rejects with the parser's reason; everything else becomes a row for validation.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from transforms.article import NO_DATE_HEADER, ParsedArticle, derive_headline, parse_article, read_dateline
from transforms.text_checks import text_stats_many
from transforms.normalize import match_key_array, normalize_array
from transforms.reference import Reference


# A feed item or page with no date anywhere: quarantined rather than dated by the clock.
NO_PUBLISHED_DATE = "no_published_date"


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


def content_hashes(bodies: list[str]) -> list[str]:
    """Hashes of the bodies' match keys: spelling variants and stray spaces do not change them."""
    keys = match_key_array(pa.array(bodies, pa.string()))
    return [hashlib.sha256(key).hexdigest() for key in _utf8_values(keys)]


def _utf8_values(strings: pa.Array) -> list[memoryview]:
    """The UTF-8 bytes of each value of a string array without nulls, as views of its buffer:
    hashing them there saves making a Python string of each value and encoding it back."""
    if strings.null_count:
        raise ValueError("a string array without nulls is expected")
    width = np.int64 if pa.types.is_large_string(strings.type) else np.int32
    _, offsets, data = strings.buffers()
    bounds = np.frombuffer(offsets, dtype=width)[strings.offset : strings.offset + len(strings) + 1].tolist()
    data = memoryview(data) if data is not None else memoryview(b"")
    return [data[start:end] for start, end in zip(bounds[:-1], bounds[1:])]


def _parse_hinted(body: str, headline: str | None, published, origin: str | None, reference: Reference) -> ParsedArticle:
    """A feed item or web page: its date and headline come from the feed or the page, not a header."""
    body = body.strip()
    city, agencies, end = read_dateline(body, reference)
    if headline:
        headline_origin = origin or "feed"
    else:
        headline, headline_origin = derive_headline(body), "derived"
    return ParsedArticle(
        published_date=published,
        date_problem=None if published else f"{NO_PUBLISHED_DATE}: neither the feed nor the page gives a date",
        headline=headline,
        headline_origin=headline_origin,
        body=body,
        dateline_city=city,
        agencies=agencies,
        dateline_end=end,
    )


def stage_articles(raw: pa.Table, reference: Reference) -> tuple[list[dict], list[Reject]]:
    """Parse a batch of raw items into article rows (without run metadata) and rejects.

    Rows carry `raw_sha256` beside the contract's columns, for the manifest and quarantine, and
    `dateline_end`, where the story starts, for the reuse index.
    """
    texts = normalize_array(raw.column("raw_text")).to_pylist()
    headlines = normalize_array(raw.column("headline_hint")).to_pylist()
    items = raw.select(["article_id", "source_uri", "source_name", "raw_sha256", "published_hint", "origin_hint"]).to_pylist()
    rows: list[dict] = []
    rejects: list[Reject] = []
    for item, text, headline in zip(items, texts, headlines):
        if item["origin_hint"] is None:
            parsed = parse_article(text, reference)
        else:
            parsed = _parse_hinted(text, headline, item["published_hint"], item["origin_hint"], reference)
        if parsed.published_date is None:
            code, _, detail = (parsed.date_problem or NO_DATE_HEADER).partition(":")
            rejects.append(Reject(item["source_uri"], code.strip(), detail.strip() or code, item["raw_sha256"], item["article_id"]))
            continue
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
                "word_count": None,  # counted below, for the whole batch at once
                "sentence_count": None,
                "paragraph_count": None,
                "urdu_ratio": None,
                "content_hash": None,
                "reuse_of": None,
                "reuse_score": None,
                "raw_sha256": item["raw_sha256"],
                "dateline_end": parsed.dateline_end,
            }
        )
    bodies = [row["body"] for row in rows]
    for row, stats in zip(rows, text_stats_many(bodies)):
        row.update(word_count=stats.word_count, sentence_count=stats.sentence_count,
                   paragraph_count=stats.paragraph_count, urdu_ratio=stats.urdu_ratio)
    for row, digest in zip(rows, content_hashes(bodies)):
        row["content_hash"] = digest
    return rows, rejects
