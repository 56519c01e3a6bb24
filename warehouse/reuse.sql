-- Text reuse: the shingle index that finds each article's source, and the stories it makes.
-- Filled by flows/reuse_index.py (link_batch) after each batch is loaded. Idempotent.

-- One row per linked article. `doc` is a compact key for the index below, numbered in the
-- order articles were linked, which breaks ties between articles of the same date.
CREATE SEQUENCE IF NOT EXISTS reuse_doc_numbers;

CREATE TABLE IF NOT EXISTS reuse_docs (
    doc              INTEGER NOT NULL,
    article_id       VARCHAR NOT NULL,
    published_date   DATE NOT NULL,
    content_hash     VARCHAR,
    shingles         INTEGER NOT NULL       -- distinct word pairs of the story text
);

-- The inverted index: which articles hold which word pair (64-bit hash). Rewrites are found
-- by joining a new article's rows with those of the week before it; document frequencies
-- for the weights are counted here too. The date is repeated so that the week's rows are
-- a plain range, and the join needs no other table.
CREATE TABLE IF NOT EXISTS reuse_shingles (
    shingle          UBIGINT NOT NULL,
    doc              INTEGER NOT NULL,
    published_date   DATE NOT NULL
);

-- MinHash LSH: 16 bands of 4 rows per article. Articles sharing a (band, bucket) are
-- near-duplicate candidates at any distance in time.
CREATE TABLE IF NOT EXISTS reuse_bands (
    doc              INTEGER NOT NULL,
    band             UTINYINT NOT NULL,
    bucket           UBIGINT NOT NULL,
    published_date   DATE NOT NULL
);

-- Each article with the story it belongs to: the article at the end of its reuse_of chain
-- (the first publisher). Links always point to an earlier article, so chains end.
CREATE OR REPLACE VIEW story_articles AS
WITH RECURSIVE chain (article_id, story_id, depth) AS (
    SELECT article_id, article_id, 0 FROM articles WHERE reuse_of IS NULL
    UNION ALL
    SELECT a.article_id, c.story_id, c.depth + 1
    FROM articles a JOIN chain c ON a.reuse_of = c.article_id
)
SELECT article_id, story_id, depth FROM chain;

-- One row per story: who published it first, and every outlet and date that carried it.
CREATE OR REPLACE VIEW stories AS
SELECT
    s.story_id,
    first_a.headline                                        AS headline,
    first_a.source_name                                     AS first_source,
    first_a.published_date                                  AS first_published,
    max(a.published_date)                                   AS last_published,
    count(*)                                                AS articles,
    list(DISTINCT a.source_name ORDER BY a.source_name)     AS outlets,
    list(a.article_id ORDER BY a.published_date, a.article_id)     AS article_ids,
    list(DISTINCT a.published_date ORDER BY a.published_date)      AS dates
FROM story_articles s
JOIN articles a ON a.article_id = s.article_id
JOIN articles first_a ON first_a.article_id = s.story_id
GROUP BY s.story_id, first_a.headline, first_a.source_name, first_a.published_date;
