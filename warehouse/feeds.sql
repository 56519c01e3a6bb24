-- What the feed poller remembers between runs, and what went wrong while polling.
-- Applied idempotently with the rest of warehouse/*.sql at every connection.

-- One row per feed URL: the validators of its last good response, so an unchanged feed
-- costs one conditional GET answered by 304 Not Modified.
CREATE TABLE IF NOT EXISTS feed_state (
    feed_url         VARCHAR PRIMARY KEY,   -- as configured (seeds/feeds.toml or --source)
    etag             VARCHAR,               -- sent back as If-None-Match
    last_modified    VARCHAR,               -- sent back as If-Modified-Since, verbatim
    last_status      INTEGER,               -- HTTP status of the last poll; NULL when no response came
    last_polled_at   TIMESTAMPTZ NOT NULL,
    items_seen       INTEGER,               -- items the feed listed when it was last read (kept on 304)
    last_error       VARCHAR                -- reason code of the last poll's failure; NULL when it went well
);

-- Feed-level rows have item_url NULL: failures (the feed could not be read: timeout, 5xx
-- after retries, redirect loop, malformed XML, ...) and one note, malformed_feed_recovered
-- (a complete document with a flaw, whose items were read anyway). Item-level notes (a page
-- that failed or had no article, so the feed's description was used; robots.txt said no)
-- carry the item's URL.
CREATE TABLE IF NOT EXISTS feed_errors (
    run_id           VARCHAR NOT NULL,
    feed_url         VARCHAR NOT NULL,
    item_url         VARCHAR,
    stage            VARCHAR NOT NULL,      -- fetch, parse, robots or page
    reason           VARCHAR NOT NULL,      -- short code: timeout, http_503, redirect_loop, malformed_feed, no_article, ...
    detail           VARCHAR,
    recorded_at      TIMESTAMPTZ NOT NULL   -- "at" is a reserved word in DuckDB
);
