"""Entities, quantities and date mentions for a batch of articles, as Arrow tables.

The pipeline extracts fields a batch at a time (a Prefect task per article would cost more than
the extraction), so this is the one entry point it calls: (article_id, body) pairs in, three
tables out, each with an explicit schema that matches `warehouse/fields.sql` column for column
(article_id first, then the contract's columns; offsets int32, value float64, year/month/day
nullable int32). Reference data is loaded once per process and reused for every batch.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from transforms.date_mentions import extract_dates, load_date_lexicon
from transforms.entities import extract_entities
from transforms.gazetteer import load_gazetteer
from transforms.quantities import extract_quantities, load_quantity_lexicon

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
    ]
)


def _table(rows: dict[str, list], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_arrays([pa.array(rows[f.name], f.type) for f in schema], schema=schema)


def extract_fields(articles: Iterable[tuple[str, str]]) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(entities, quantities, date_mentions) tables for (article_id, body) pairs.

    Bodies are normalized display text (as `parse_article` returns them); a None or empty body
    yields no rows.
    """
    gazetteer = load_gazetteer()
    quantity_lexicon = load_quantity_lexicon()
    date_lexicon = load_date_lexicon()
    entities = {f.name: [] for f in ENTITIES_SCHEMA}
    quantities = {f.name: [] for f in QUANTITIES_SCHEMA}
    dates = {f.name: [] for f in DATE_MENTIONS_SCHEMA}
    for article_id, body in articles:
        if not body:
            continue
        for item in extract_entities(body, gazetteer):
            entities["article_id"].append(article_id)
            for name, value in zip(item._fields, item):
                entities[name].append(value)
        for item in extract_quantities(body, quantity_lexicon):
            quantities["article_id"].append(article_id)
            for name, value in zip(item._fields, item):
                quantities[name].append(value)
        for item in extract_dates(body, date_lexicon):
            dates["article_id"].append(article_id)
            for name, value in zip(item._fields, item):
                dates[name].append(value)
    return (
        _table(entities, ENTITIES_SCHEMA),
        _table(quantities, QUANTITIES_SCHEMA),
        _table(dates, DATE_MENTIONS_SCHEMA),
    )
