"""Entities, quantities and date mentions for a batch of articles, as Arrow tables.

The pipeline extracts fields a batch at a time (a Prefect task per article would cost more than
the extraction), so this is the one entry point it calls: (article_id, body) pairs in, three
tables out, each with an explicit schema that matches `warehouse/fields.sql` column for column
(article_id first, then the contract's columns; offsets int32, value float64, year/month/day
nullable int32). Reference data is loaded once per process and reused for every batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pyarrow as pa

from transforms.date_mentions import DateMention, extract_dates, load_date_lexicon
from transforms.article import dateline_place
from transforms.entities import Entity, extract_entities
from transforms.gazetteer import load_gazetteer, place_country
from transforms.prepared import PhraseScan, prepare
from transforms.quantities import Quantity, extract_quantities, load_quantity_lexicon

__all__ = ["DATE_MENTIONS_SCHEMA", "ENTITIES_SCHEMA", "QUANTITIES_SCHEMA", "extract_fields"]

ENTITIES_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("entity_type", pa.string(), nullable=False),
        pa.field("surface", pa.string(), nullable=False),
        pa.field("canonical", pa.string(), nullable=False),
        pa.field("char_start", pa.int32(), nullable=False),
        pa.field("char_end", pa.int32(), nullable=False),
    ]
)
QUANTITIES_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("surface", pa.string(), nullable=False),
        pa.field("char_start", pa.int32(), nullable=False),
        pa.field("char_end", pa.int32(), nullable=False),
    ]
)
DATE_MENTIONS_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("surface", pa.string(), nullable=False),
        pa.field("year", pa.int32()),
        pa.field("month", pa.int32()),
        pa.field("day", pa.int32()),
        pa.field("char_start", pa.int32(), nullable=False),
        pa.field("char_end", pa.int32(), nullable=False),
        pa.field("calendar", pa.string(), nullable=False),
        pa.field("weekday", pa.int32()),
        pa.field("resolved_year", pa.int32()),
        pa.field("resolved_date", pa.date32()),
    ]
)


# Rows are the extractors' named tuples, taken column by column in the schema's order.
assert Entity._fields == tuple(ENTITIES_SCHEMA.names[1:])
assert Quantity._fields == tuple(QUANTITIES_SCHEMA.names[1:])
assert DateMention._fields == tuple(DATE_MENTIONS_SCHEMA.names[1:])


def _add(columns: list[list], article_id: str, items: list[tuple]) -> None:
    """Append one article's rows to the columns (article_id first), a column at a time."""
    if not items:
        return
    columns[0] += [article_id] * len(items)
    for column, values in zip(columns[1:], zip(*items)):
        column += values


def _table(columns: list[list], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_arrays([pa.array(column, f.type) for column, f in zip(columns, schema)], schema=schema)


# The merged phrase scan of the reference data in use, built once per process (the reference
# objects are kept with it, so the ids stay theirs).
_scans: dict[tuple[int, ...], tuple[PhraseScan, tuple]] = {}


def _phrase_scan(gazetteer, quantity_lexicon, date_lexicon) -> PhraseScan:
    """One Aho-Corasick pass for the gazetteer's names and the quantity and date anchors."""
    references = (gazetteer, quantity_lexicon, date_lexicon)
    ids = tuple(map(id, references))
    if ids not in _scans:
        automata = [gazetteer.automaton, quantity_lexicon.anchors.automaton, date_lexicon.anchors.automaton]
        _scans[ids] = (PhraseScan(automata), references)
    return _scans[ids][0]


def extract_fields(articles: Iterable[tuple[str, str]], published: Mapping[str, date] | None = None,
                   datelines: Mapping[str, str | None] | None = None) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(entities, quantities, date_mentions) tables for (article_id, body) pairs.

    Bodies are normalized display text (as `parse_article` returns them); a None or empty body
    yields no rows. `published` (article_id: publication date) resolves the years and days
    the dates mentioned leave out; `datelines` (article_id: the place its dateline names, as
    the parse found it) spares reading each dateline again; its place is a place entity, and its
    country says whose currency a bare روپے or ریال is. Each body is prepared once
    (matching form, flat form, and one scan for the phrases all three look for) for all three
    extractors.
    """
    gazetteer = load_gazetteer()
    quantity_lexicon = load_quantity_lexicon()
    date_lexicon = load_date_lexicon()
    scan = _phrase_scan(gazetteer, quantity_lexicon, date_lexicon)
    entities: list[list] = [[] for _ in ENTITIES_SCHEMA]
    quantities: list[list] = [[] for _ in QUANTITIES_SCHEMA]
    dates: list[list] = [[] for _ in DATE_MENTIONS_SCHEMA]
    countries: dict[str | None, str] = {}  # of the datelines' places: a batch's few hundred
    for article_id, body in articles:
        if not body:
            continue
        prepared = prepare(body, scan)
        dateline = datelines.get(article_id) if datelines is not None else dateline_place(body)
        if dateline not in countries:
            countries[dateline] = place_country(gazetteer, dateline)
        _add(entities, article_id, extract_entities(body, gazetteer, prepared, dateline))
        _add(quantities, article_id, extract_quantities(body, quantity_lexicon, prepared, countries[dateline]))
        _add(dates, article_id, extract_dates(body, date_lexicon, prepared, published.get(article_id) if published else None))
    return (
        _table(entities, ENTITIES_SCHEMA),
        _table(quantities, QUANTITIES_SCHEMA),
        _table(dates, DATE_MENTIONS_SCHEMA),
    )
