"""Explicit Arrow schemas of the lake's layers: Parquet files never depend on type inference."""

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")

RAW = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_uri", pa.string()),
        ("source_name", pa.string()),
        ("raw_sha256", pa.string()),
        ("encoding", pa.string()),
        ("raw_text", pa.string()),
        ("run_id", pa.string()),
        ("ingested_at", TIMESTAMP),
        # What a feed or web page says of the item (null for article files, whose header says it).
        ("headline_hint", pa.string()),
        ("published_hint", pa.date32()),
        ("origin_hint", pa.string()),  # 'feed' or 'html': where the headline came from
    ]
)

# Column order matches warehouse/schema.sql's `articles`.
ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("source_uri", pa.string()),
        ("source_name", pa.string()),
        ("published_date", pa.date32()),
        ("headline", pa.string()),
        ("headline_origin", pa.string()),
        ("dateline_city", pa.string()),
        ("agencies", pa.list_(pa.string())),
        ("body", pa.string()),
        ("word_count", pa.int32()),
        ("sentence_count", pa.int32()),
        ("paragraph_count", pa.int32()),
        ("urdu_ratio", pa.float64()),
        ("content_hash", pa.string()),
        ("reuse_of", pa.string()),
        ("reuse_score", pa.float64()),
        ("run_id", pa.string()),
        ("ingested_at", TIMESTAMP),
    ]
)

QUARANTINE = pa.schema(
    [
        ("run_id", pa.string()),
        ("source_uri", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("raw_sha256", pa.string()),
        ("quarantined_at", TIMESTAMP),
    ]
)

MANIFEST = pa.schema(
    [
        ("source_uri", pa.string()),
        ("raw_sha256", pa.string()),
        ("article_id", pa.string()),
        ("outcome", pa.string()),
        ("run_id", pa.string()),
        ("recorded_at", TIMESTAMP),
        ("size_bytes", pa.int64()),
        ("mtime_ns", pa.int64()),
    ]
)

DQ_RESULTS = pa.schema(
    [
        ("suite", pa.string()),
        ("expectation", pa.string()),
        ("column", pa.string()),
        ("success", pa.bool_()),
        ("unexpected_count", pa.int64()),
        ("observed", pa.string()),
        ("severity", pa.string()),
        ("run_id", pa.string()),
        ("evaluated_at", TIMESTAMP),
        ("batch", pa.int32()),
    ]
)
