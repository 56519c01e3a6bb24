-- Fields extracted from each article's body (transforms/fields.py). Offsets index the body's
-- normalized display text: substr(body, char_start + 1, char_end - char_start) = surface.
-- A load replaces an article's rows whole: DELETE WHERE article_id IN (the batch), then INSERT.
-- Applied idempotently at the start of every run. No indexes: DuckDB scans these columnar
-- tables fast, and indexes would slow the delete-then-insert load.

CREATE TABLE IF NOT EXISTS entities (
    article_id   VARCHAR NOT NULL,
    entity_type  VARCHAR NOT NULL,      -- 'PERSON', 'LOCATION' or 'ORGANIZATION'
    surface      VARCHAR NOT NULL,      -- as written in the body
    canonical    VARCHAR NOT NULL,      -- one name per entity: group by this (امریکا/امریکہ -> امریکہ)
    char_start   INTEGER NOT NULL,
    char_end     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS quantities (
    article_id   VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,      -- 'percent', 'money' or 'count'
    value        DOUBLE NOT NULL,
    unit         VARCHAR NOT NULL,      -- '%', an ISO 4217 code for money, the counted noun for a count
    surface      VARCHAR NOT NULL,
    char_start   INTEGER NOT NULL,
    char_end     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS date_mentions (
    article_id   VARCHAR NOT NULL,
    surface      VARCHAR NOT NULL,
    year         INTEGER,               -- NULL where the text does not say (Gregorian only)
    month        INTEGER,
    day          INTEGER,
    char_start   INTEGER NOT NULL,
    char_end     INTEGER NOT NULL,
    calendar     VARCHAR NOT NULL DEFAULT 'gregorian',  -- 'hijri': year, month, day are NULL
    weekday      INTEGER,               -- ISO 1 (Monday) .. 7 (Sunday), where the text names the day
    resolved_year INTEGER,              -- the text's year, or the one nearest the article's date
    resolved_date DATE                  -- the day meant, where day and month (or a weekday) are known
);
-- Warehouses made before weekdays and resolved dates: their old rows stay NULL until a backfill.
ALTER TABLE date_mentions ADD COLUMN IF NOT EXISTS weekday INTEGER;
ALTER TABLE date_mentions ADD COLUMN IF NOT EXISTS resolved_year INTEGER;
ALTER TABLE date_mentions ADD COLUMN IF NOT EXISTS resolved_date DATE;
