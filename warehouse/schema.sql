-- The warehouse's curated tables. Tools outside akhbar query these names and columns:
-- extend them, never rename them. Applied idempotently at the start of every run.

CREATE TABLE IF NOT EXISTS articles (
    article_id       VARCHAR PRIMARY KEY,   -- stable across reruns: derived from source_uri
    source_uri       VARCHAR NOT NULL,
    source_name      VARCHAR,
    published_date   DATE NOT NULL,
    headline         VARCHAR NOT NULL,
    headline_origin  VARCHAR NOT NULL,      -- 'header', 'feed', 'html' or 'derived'
    dateline_city    VARCHAR,
    agencies         VARCHAR[],
    body             VARCHAR NOT NULL,      -- normalized display text
    word_count       INTEGER,
    sentence_count   INTEGER,
    paragraph_count  INTEGER,
    urdu_ratio       DOUBLE,
    content_hash     VARCHAR NOT NULL,      -- sha256 of the body's match key
    reuse_of         VARCHAR,
    reuse_score      DOUBLE,
    run_id           VARCHAR NOT NULL,
    ingested_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    run_id           VARCHAR NOT NULL,
    source_uri       VARCHAR NOT NULL,
    reason           VARCHAR NOT NULL,      -- short code: empty, binary, undecodable, too_large, no_date_header, invalid_date, or an expectation's name
    detail           VARCHAR,
    raw_sha256       VARCHAR,
    quarantined_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    run_id           VARCHAR PRIMARY KEY,
    flow             VARCHAR NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ,
    status           VARCHAR NOT NULL,      -- running, completed, failed
    n_seen           INTEGER,
    n_new            INTEGER,
    n_loaded         INTEGER,
    n_quarantined    INTEGER,
    n_skipped        INTEGER
);

CREATE TABLE IF NOT EXISTS dq_results (
    run_id           VARCHAR NOT NULL,
    suite            VARCHAR NOT NULL,
    expectation      VARCHAR NOT NULL,
    "column"         VARCHAR,
    success          BOOLEAN NOT NULL,
    unexpected_count BIGINT,
    observed         VARCHAR,
    evaluated_at     TIMESTAMPTZ NOT NULL,
    severity         VARCHAR,
    batch            INTEGER
);

-- Every input item the pipeline has finished with, by source and content: a rerun skips
-- what is here. Quarantined items are here too, so they are not quarantined twice.
CREATE TABLE IF NOT EXISTS manifest (
    source_uri       VARCHAR NOT NULL,
    raw_sha256       VARCHAR NOT NULL,
    article_id       VARCHAR NOT NULL,
    outcome          VARCHAR NOT NULL,      -- loaded or quarantined
    run_id           VARCHAR NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL,
    size_bytes       BIGINT,                -- a file's size and modification time when read (NULL
    mtime_ns         BIGINT,                -- for feed items): equal on disk, the file is not read again
    PRIMARY KEY (source_uri, raw_sha256)
);
ALTER TABLE manifest ADD COLUMN IF NOT EXISTS size_bytes BIGINT;
ALTER TABLE manifest ADD COLUMN IF NOT EXISTS mtime_ns BIGINT;
