"""Text reuse between news articles: shingles, weights, MinHash bands and the link decision.

Most Urdu dailies rewrite agency copy. An article is *derived* from an earlier one when a
large enough share of its wording comes from it. Everything here is a pure function; the
warehouse side (`flows/reuse_index.py`) stores shingles and bands in DuckDB and finds
candidates there, then hands the numbers back to `choose_source` for the decision.

Representation
    The story text is the body after its dateline (outlets differ there: "لاہور (اے پی پی)"
    against "لاہور (نمائندہ خصوصی)"), through `match_key` (no diacritics, one spelling of
    each letter, spacing folded), split into words. Its shingles are the distinct word pairs,
    hashed to 64 bits with a fixed hash, so they are the same in every process and run.

    Word pairs, not longer shingles: rewrites change word order and inflection, so longer
    shingles rarely survive. On counter-dev, word pairs separated derived from non-derived
    articles better than single words, word triples or character n-grams.

Weights
    A shingle's weight is its inverse document frequency over the archive, ln(1 + N / df):
    a pair of words every article uses ("کے مطابق", "انہوں نے") says little about copying,
    a rare pair says much. ln(1 + N/df) rather than ln(N/df) so that a tiny archive (two
    articles in a test) still gives shared shingles a positive weight.

Scores
    - containment: the weighted share of the newer article's shingles found in the older
      one. This is the decision measure: a short rewrite of a long agency story is wholly
      derived from it even though it covers a fraction of it.
    - cosine: shared weight over the geometric mean of both weights. This is the *selection*
      measure among an article's candidates: containment favours long candidates (a long
      article contains a little of everything), cosine does not.

Decision (`choose_source`)
    1. An earlier article with the same content hash is an exact copy: link to the earliest
       one, score 1.0, at any distance in time.
    2. Otherwise the candidates are the articles of the `WINDOW_DAYS` (7) days before it, and
       older ones that are near-duplicates (containment at least `NEAR_DUPLICATE_CONTAINMENT`,
       0.5). Take the one with the highest cosine (ties: the earliest) and link when its
       containment reaches `REWRITE_CONTAINMENT` (0.065). The score is that containment.
    3. Articles with fewer than `MIN_SHINGLES` (10) word pairs are too short for 2.

Why these numbers
    - `WINDOW_DAYS`: newspapers rewrite agency copy within a day or two (on counter-dev 286
      of 300 pairs are one day apart); a week is generous. Beyond it, an article resembling an
      older one is far more often the same topic again than a rewrite, and the chance of
      finding *some* similar article grows with every day searched. The window also keeps
      the candidate search near-linear: each article meets one week of the archive.
    - `REWRITE_CONTAINMENT`: independent reports of one event share names, numbers and stock
      phrases. 0.065 is about what such a report shares with the agency story (median 0.06
      over counter-dev's non-derived pairs), and what an article shares with its closest
      match among articles a month or more away (median 0.064, measured without labels): a
      link needs more than same-topic overlap. Derived articles nearly all pass it (all
      wholly and 97% of partly derived ones). On counter-dev, thresholds from 0.062 to 0.069
      give F1 0.885-0.902: expect about 0.89 on other pairs, not the best of that range.
    - `NEAR_DUPLICATE_CONTAINMENT`: beyond the window only a reprint counts: at least half
      of the article taken from the older one.
    - MinHash: 64 permutations in 16 bands of 4 rows, so a pair with Jaccard 0.5 shares a
      bucket with probability 0.64, 0.7 with 0.99, and unrelated articles (Jaccard about
      0.03) about 1 time in 80,000. Bands estimate Jaccard, not containment: a short reprint
      of a long article (containment 0.5, Jaccard 0.3) is found only one time in eight.
      Rewrites inside the window have Jaccard 0.02-0.1, far below anything banding can find,
      which is why the window uses the exact word-pair index instead.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.article import read_dateline
from transforms.key_words import key_words
from transforms.normalize import match_key

__all__ = [
    "BANDS",
    "MIN_SHINGLES",
    "NEAR_DUPLICATE_CONTAINMENT",
    "PERMUTATIONS",
    "REWRITE_CONTAINMENT",
    "ROWS_PER_BAND",
    "WINDOW_DAYS",
    "ArticleText",
    "Candidate",
    "Link",
    "band_buckets",
    "choose_source",
    "idf",
    "link_articles",
    "minhash_signatures",
    "shingle_batch",
    "reuse_text",
    "REUSE_TEXT",
    "shingles",
    "story_key",
    "story_words",
]

WINDOW_DAYS = 7
REWRITE_CONTAINMENT = 0.065
NEAR_DUPLICATE_CONTAINMENT = 0.5
MIN_SHINGLES = 10
BANDS = 16
ROWS_PER_BAND = 4
PERMUTATIONS = BANDS * ROWS_PER_BAND
# Cosines are compared after rounding, so that two copies of one text tie exactly however
# the floating-point sums were ordered, and the earlier copy wins.
COSINE_DIGITS = 9

_WORD = re.compile(r"\w+")
# What separates the words `_WORD` finds, in RE2 (Python's \w is letters, numbers and "_").
_NOT_WORD_RE2 = r"[^\pL\pN_]+"
_U64 = np.uint64
_GOLDEN = _U64(0x9E3779B97F4A7C15)


# --- text to shingles --------------------------------------------------------------------------


def story_key(body: str) -> str:
    """The body's match key without its dateline, the part outlets write differently."""
    _, _, start = read_dateline(body)
    return match_key(body[start:])


def story_words(body: str) -> list[str]:
    return _WORD.findall(story_key(body))


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: spreads every input bit over the whole 64-bit output."""
    x = values.astype(_U64, copy=True)
    x ^= x >> _U64(30)
    x *= _U64(0xBF58476D1CE4E5B9)
    x ^= x >> _U64(27)
    x *= _U64(0x94D049BB133111EB)
    x ^= x >> _U64(31)
    return x


def _pair_hashes(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    return _mix(first * _GOLDEN + second)


def shingle_batch(bodies: Sequence[str], starts: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Shingles of many bodies at once: (hashes, offsets), body i owning hashes[offsets[i]:offsets[i+1]].

    `starts` are where each story starts after its dateline, when the caller has them already
    (parsing the article found them; finding them again costs more than the rest).

    Each body's hashes are distinct and sorted, and equal to what `story_words` gives word by
    word. The whole batch is one column: `key_words` finds the words of the match keys
    (mostly with numpy, without building the keys), each distinct word of the batch is hashed
    once, and numpy pairs, sorts and deduplicates the hashes of all bodies together.
    """
    offsets = np.zeros(len(bodies) + 1, dtype=np.int64)
    if not bodies:
        return np.empty(0, dtype=_U64), offsets
    if starts is None:
        starts = [read_dateline(body)[2] for body in bodies]
    flat, owner = key_words([body[start:] for body, start in zip(bodies, starts)], _NOT_WORD_RE2)
    encoded = pc.dictionary_encode(flat)
    hashed = _word_hashes(encoded.dictionary.to_pylist())[encoded.indices.to_numpy(zero_copy_only=False)]
    # A pair is two neighbouring words of one body.
    same = owner[:-1] == owner[1:]
    pair_owner = owner[:-1][same]
    pairs = _pair_hashes(hashed[:-1][same], hashed[1:][same])
    np.cumsum(np.bincount(pair_owner, minlength=len(bodies)), out=offsets[1:])
    _sort_segments(pairs, offsets)
    first = np.ones(len(pairs), dtype=bool)
    first[1:] = (pairs[1:] != pairs[:-1]) | (pair_owner[1:] != pair_owner[:-1])
    pairs, pair_owner = pairs[first], pair_owner[first]
    np.cumsum(np.bincount(pair_owner, minlength=len(bodies)), out=offsets[1:])
    return pairs, offsets


# Hashes of the words met so far in this process: a worker's batches share most of their words.
_WORD_HASH_CACHE: dict[str, int] = {}
_WORD_HASH_CACHE_LIMIT = 500_000


def _word_hashes(words: list[str]) -> np.ndarray:
    """`_word_hash` of each word, remembered (up to a bound) for the next batches."""
    cache = _WORD_HASH_CACHE
    if len(cache) > _WORD_HASH_CACHE_LIMIT:
        cache.clear()

    def lookup(word: str) -> int:
        value = cache.get(word)
        if value is None:
            value = cache[word] = _word_hash(word)
        return value

    return np.fromiter(map(lookup, words), dtype=_U64, count=len(words))


def _sort_segments(values: np.ndarray, offsets: np.ndarray) -> None:
    """Sort each values[offsets[i]:offsets[i+1]] in place: one small sort per body is cheaper
    than a two-key sort of the whole batch (the bodies' segments are already in order)."""
    for start, end in zip(offsets[:-1].tolist(), offsets[1:].tolist()):
        if end - start > 1:
            values[start:end].sort()


REUSE_TEXT = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("shingles", pa.list_(pa.uint64()), nullable=False),
        pa.field("bands", pa.list_(pa.uint64()), nullable=False),  # BANDS buckets, or none
    ]
)


def reuse_text(article_ids: Sequence[str], bodies: Sequence[str], starts: Sequence[int] | None = None) -> pa.Table:
    """What the reuse index stores of each article: its shingles and its MinHash band buckets.

    Computed where the articles are (the batch workers), so the load only inserts it.
    """
    hashes, offsets = shingle_batch(bodies, starts)
    sizes = np.diff(offsets)
    buckets = band_buckets(minhash_signatures(hashes, offsets))
    band_offsets = np.concatenate([[0], np.cumsum(np.where(sizes > 0, BANDS, 0))]).astype(np.int32)
    return pa.table(
        [
            pa.array(article_ids, pa.string()),
            pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), pa.array(hashes, pa.uint64())),
            pa.ListArray.from_arrays(pa.array(band_offsets), pa.array(buckets[sizes > 0].ravel(), pa.uint64())),
        ],
        schema=REUSE_TEXT,
    )


def shingles(body: str) -> np.ndarray:
    """The distinct, sorted 64-bit hashes of the story's word pairs."""
    hashes, _ = shingle_batch([body])
    return hashes


# --- MinHash and bands -------------------------------------------------------------------------


def _permutation_seeds() -> np.ndarray:
    """Fixed seeds: signatures must be the same in every run, or stored bands would not match."""
    generator = np.random.Generator(np.random.PCG64(20140101))
    return generator.integers(0, np.iinfo(np.uint64).max, size=PERMUTATIONS, dtype=_U64, endpoint=True)


_SEEDS = _permutation_seeds()
_EMPTY = np.iinfo(np.uint64).max


def minhash_signatures(hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """One MinHash signature (PERMUTATIONS values) per body of a `shingle_batch`.

    Permutation i maps a shingle h to mix(h xor seed_i); its minimum over a body's shingles is
    signature value i. Computed a permutation at a time with one `minimum.reduceat`, instead of
    an object per article, over chunks of whole bodies small enough to stay in the CPU cache
    (`_body_chunks`): over the whole batch at once each of the 64 passes streamed the shingles
    through main memory several times, and took twice as long. A body without shingles gets
    the all-ones signature, which `band_buckets` leaves out.
    """
    count = len(offsets) - 1
    signatures = np.full((count, PERMUTATIONS), _EMPTY, dtype=_U64)
    sizes = np.diff(offsets)
    filled = np.flatnonzero(sizes > 0)
    if len(filled) == 0:
        return signatures
    starts = offsets[:-1][filled]
    ends = offsets[1:][filled]
    values = np.empty((PERMUTATIONS, len(filled)), dtype=_U64)
    chunks = _body_chunks(starts, _CHUNK_SHINGLES)
    widest = max(int(ends[last - 1] - starts[first]) for first, last in chunks)
    permuted, scratch = np.empty(widest, dtype=_U64), np.empty(widest, dtype=_U64)
    for first, last in chunks:
        low, high = int(starts[first]), int(ends[last - 1])
        shingled, local = hashes[low:high], starts[first:last] - low
        chunk, spare = permuted[: high - low], scratch[: high - low]
        for index, seed in enumerate(_SEEDS):
            np.bitwise_xor(shingled, seed, out=chunk)
            _mix_in_place(chunk, spare)
            np.minimum.reduceat(chunk, local, out=values[index, first:last])
    signatures[filled] = values.T
    return signatures


# Shingles per chunk of `minhash_signatures`: two uint64 buffers of 256 KiB fit a core's L2 cache.
_CHUNK_SHINGLES = 1 << 15


def _body_chunks(starts: np.ndarray, size: int) -> list[tuple[int, int]]:
    """Runs [first, last) of consecutive bodies, starting a run at the first body that starts
    at or after each multiple of `size` shingles: runs of about `size` shingles, a longer body alone."""
    cuts = np.searchsorted(starts, np.arange(0, int(starts[-1]) + 1, size))
    cuts = np.unique(np.append(cuts, len(starts))).tolist()
    return list(zip(cuts[:-1], cuts[1:]))


def _mix_in_place(x: np.ndarray, scratch: np.ndarray) -> None:
    """`_mix` without allocating: the signatures apply it 64 times to every shingle of a batch."""
    np.right_shift(x, _U64(30), out=scratch)
    x ^= scratch
    x *= _U64(0xBF58476D1CE4E5B9)
    np.right_shift(x, _U64(27), out=scratch)
    x ^= scratch
    x *= _U64(0x94D049BB133111EB)
    np.right_shift(x, _U64(31), out=scratch)
    x ^= scratch


def band_buckets(signatures: np.ndarray) -> np.ndarray:
    """Hash each band of ROWS_PER_BAND signature values into one bucket: shape (bodies, BANDS).

    Two bodies share a bucket in a band exactly when (barring a 2^-64 collision) all rows of
    that band agree. The band number is mixed in too, so equal rows in different bands do not
    make the same bucket.
    """
    rows = signatures.reshape(len(signatures), BANDS, ROWS_PER_BAND)
    bucket = np.broadcast_to(np.arange(BANDS, dtype=_U64), rows.shape[:2]).copy()
    for row in range(ROWS_PER_BAND):
        bucket = _pair_hashes(bucket, rows[:, :, row])
    return bucket


# --- scores and the decision -------------------------------------------------------------------


def idf(df: int, documents: int) -> float:
    """A shingle's weight: ln(1 + N / df) for a shingle in df of the archive's N articles."""
    return math.log1p(documents / df)


class Candidate(NamedTuple):
    """An earlier article an article might be derived from, with the numbers the decision needs.

    `order` sorts articles from first to last published (date, then ingestion order).
    `shared` is the weight of the shingles both have; `target_weight` and `source_weight`
    the weights of each one's own shingles. `exact` marks an identical content hash.
    A tuple: a run of 100,000 articles weighs some 700,000 of them, and a frozen dataclass
    took three times as long to make.
    """

    source_id: str
    order: tuple
    shared: float
    target_weight: float
    source_weight: float
    days_before: int
    target_shingles: int
    exact: bool = False

    @property
    def containment(self) -> float:
        return 1.0 if self.exact else (self.shared / self.target_weight if self.target_weight > 0 else 0.0)

    @property
    def cosine(self) -> float:
        if self.exact:
            return 1.0
        denominator = math.sqrt(self.target_weight * self.source_weight)
        return self.shared / denominator if denominator > 0 else 0.0


@dataclass(frozen=True)
class Link:
    source_id: str
    score: float
    kind: str  # 'copy', 'rewrite' or 'near_duplicate'


def choose_source(candidates: Iterable[Candidate]) -> Link | None:
    """The earlier article an article is derived from, or None. See the module's docstring.

    Candidates older than the window take part only as near-duplicates (containment of at
    least `NEAR_DUPLICATE_CONTAINMENT`), so an old article on the same topic never crowds out
    a recent source.
    """
    candidates = list(candidates)
    copies = [c for c in candidates if c.exact]
    if copies:
        return Link(min(copies, key=lambda c: c.order).source_id, 1.0, "copy")
    eligible = [
        c
        for c in candidates
        if c.target_shingles >= MIN_SHINGLES
        and (c.days_before <= WINDOW_DAYS or c.containment >= NEAR_DUPLICATE_CONTAINMENT)
    ]
    if not eligible:
        return None
    best = min(eligible, key=lambda c: (-round(c.cosine, COSINE_DIGITS), c.order))
    within = best.days_before <= WINDOW_DAYS
    if within and best.containment < REWRITE_CONTAINMENT:
        return None
    return Link(best.source_id, round(best.containment, 6), "rewrite" if within else "near_duplicate")


# --- a whole set of articles in memory ---------------------------------------------------------


@dataclass(frozen=True)
class ArticleText:
    article_id: str
    published_date: date
    body: str
    content_hash: str | None = None


def link_articles(articles: Sequence[ArticleText]) -> dict[str, Link]:
    """Link every article of a small set to its source: the decision without the warehouse.

    `articles` are in ingestion order, which breaks ties between articles of the same date.
    Document frequencies are counted over the set. Every earlier article is a candidate (the
    warehouse narrows candidates down with the window index and MinHash bands first; for a
    pair those find, the numbers are the same). Meant for tests and small corpora: it compares
    all pairs.
    """
    hashes, offsets = shingle_batch([a.body for a in articles])
    sets = [set(hashes[offsets[i] : offsets[i + 1]].tolist()) for i in range(len(articles))]
    df = Counter(h for s in sets for h in s)
    weight = {h: idf(n, len(articles)) for h, n in df.items()}
    totals = [sum(weight[h] for h in s) for s in sets]
    order = {a.article_id: (a.published_date, i) for i, a in enumerate(articles)}
    links: dict[str, Link] = {}
    for i, target in enumerate(articles):
        candidates = []
        for j, source in enumerate(articles):
            if order[source.article_id] >= order[target.article_id]:
                continue
            days = (target.published_date - source.published_date).days
            exact = target.content_hash is not None and target.content_hash == source.content_hash
            shared = sum(weight[h] for h in sets[i] & sets[j])
            if not exact and not shared:
                continue
            candidates.append(
                Candidate(source.article_id, order[source.article_id], shared, totals[i], totals[j], days, len(sets[i]), exact)
            )
        link = choose_source(candidates)
        if link is not None:
            links[target.article_id] = link
    return links

