"""Checks on normalized article text that the data-quality suites count per article.

`mixed_script(text)` says whether a word of the text mixes Arabic-script letters with letters
of another script: `پاکستانi`, `کراچیмосква`, `भारतپاکستان`. Such a word survives normalization
(rule 7 of `transforms.normalize` puts a space between an Urdu and a Latin letter, but not
between an Urdu letter and a Devanagari, Cyrillic or Greek one, nor across a joiner or a mark)
and it breaks search: the index keeps it as one token that no query for either part finds.

The rule, exactly:

- A *word* is a maximal run of letters, digits and combining marks (Unicode categories L, N,
  M) and of ZWNJ/ZWJ: the characters the search index keeps together once `match_key` has
  dropped the joiners (`flows.search.SEPARATORS`). Anything else (spaces, punctuation,
  symbols, emoji) separates words, so `UN-کی` or `PTI،` are two words, not one.
- An *Arabic-script letter* is a letter whose Unicode name begins with ARABIC: the Arabic
  blocks, presentation forms and ligatures, Arabic Extended and the Arabic mathematical letters.
  (This equals Unicode's Script=Arabic for letters, but for tatweel, which is Common.)
- A *letter of another script* is any other letter: Latin (fullwidth too), Devanagari,
  Cyrillic, Greek, Hebrew, Syriac, CJK...
- *Neutral* are digits, marks, joiners and modifier letters (category Lm: ʼ ʻ ˆ, tatweel),
  which typists put next to any script: `2014ء`, `G20`, `کیاʼ` are not mixed.
- A text is mixed when one of its words holds an Arabic-script letter and a letter of another
  script. Digits glued to Urdu (`65افراد`) are a spacing problem that normalization fixes, not
  a script mix.

`surfaces_at_offsets(bodies, article_ids, starts, ends, surfaces)` says, for each extracted row,
whether its offsets lie inside its article's body and cut exactly its surface out of it: the
contract the entities, quantities and date_mentions tables promise (`body[start:end] == surface`).

`mixed_script_array(values)` answers the same question for a whole Arrow column of texts, and
`text_stats_many(bodies)` gives `transforms.article.text_stats` (the word count and Urdu ratio the
suites check, with sentence and paragraph counts) for many bodies at once.

Pure functions, no state but lazily built character tables.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "ARABIC",
    "NEUTRAL",
    "OTHER",
    "char_class",
    "mixed_script",
    "mixed_script_array",
    "mixed_words",
    "surfaces_at_offsets",
    "text_stats_many",
]

ARABIC, OTHER, NEUTRAL = "A", "O", "N"
JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ


def char_class(ch: str) -> str | None:
    """ARABIC, OTHER or NEUTRAL for a word character; None for a character that separates words."""
    if ch in JOINERS:
        return NEUTRAL
    category = unicodedata.category(ch)
    if category[0] in "NM" or category == "Lm":
        return NEUTRAL
    if category[0] == "L":
        return ARABIC if unicodedata.name(ch, "").startswith("ARABIC") else OTHER
    return None


def _words(text: str):
    """(word, classes) for each word of the text: the slow reference the fast path agrees with."""
    word, classes = [], set()
    for ch in text + " ":
        kind = char_class(ch)
        if kind is None:
            if word:
                yield "".join(word), classes
            word, classes = [], set()
        else:
            word.append(ch)
            classes.add(kind)


def mixed_words(text: str | None) -> list[str]:
    """The words of `text` that mix Arabic-script letters with letters of another script."""
    if not text:
        return []
    return [word for word, classes in _words(text) if ARABIC in classes and OTHER in classes]


def _spans(code_points: list[int]) -> list[list[int]]:
    """Sorted code points as runs [first, last] of consecutive ones."""
    spans: list[list[int]] = []
    for cp in code_points:
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return spans


def _class_pattern(code_points: list[int]) -> str:
    """A regular-expression class for sorted BMP code points, every one escaped."""
    body = "".join(f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _spans(code_points))
    return f"[{body}]"


@cache
def _bmp_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two searches over text of the Basic Multilingual Plane: another-script letter, and a mixed pair.

    A word holds letters of both kinds exactly when, somewhere in it, a letter of one kind is
    followed by a letter of the other with only neutral characters between them. The second
    pattern finds another-script letter followed so by an Arabic-script one; `mixed_script`
    runs it on the text and on the text reversed (for the other order). Both patterns start
    with the rare class, so the regex engine skips over Urdu text in C without trying a match
    at each letter, and text with no other-script letter at all is done after one such scan.
    Classes limited to the BMP compile to bitmaps, so a miss costs no range-by-range scan.
    """
    classes: dict[str, list[int]] = {ARABIC: [], OTHER: [], NEUTRAL: []}
    for cp in range(0x10000):
        kind = char_class(chr(cp))
        if kind is not None:
            classes[kind].append(cp)
    a, o, n = (_class_pattern(classes[k]) for k in (ARABIC, OTHER, NEUTRAL))
    return re.compile(o), re.compile(f"{o}{n}*+{a}")


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
_ARABIC_LETTER_HINT = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def mixed_script(text: str | None) -> bool:
    """Whether a word of `text` mixes Arabic-script letters with letters of another script.

    None and "" are not mixed. Pure ASCII text, text with no Arabic-script letter (in the BMP
    blocks) and text with no letter of another script are answered after one scan; text
    beyond the BMP (rare in news) takes the exact character-by-character path.
    """
    if not text or text.isascii():
        return False
    if _BEYOND_BMP.search(text):
        return bool(mixed_words(text))
    other, pair = _bmp_patterns()
    if not other.search(text) or not _ARABIC_LETTER_HINT.search(text):
        return False
    return pair.search(text) is not None or pair.search(text[::-1]) is not None


# The blocks of Urdu news text: ASCII and Latin, Arabic, general punctuation. Over a column,
# RE2 searches with classes cut down to these blocks (it builds a pattern's classes on every
# call, and classes spanning all of Unicode cost more than the search); a text holding a
# character beyond them is checked by `mixed_script` itself.
SIMPLE_RANGES = ((0x0000, 0x024F), (0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0x2000, 0x206F))


def _re2_class(code_points: list[int], negate: bool = False) -> str:
    """An RE2 class for sorted code points, every one escaped."""
    body = "".join(f"\\x{{{lo:x}}}" if lo == hi else f"\\x{{{lo:x}}}-\\x{{{hi:x}}}" for lo, hi in _spans(code_points))
    return f"[{'^' if negate else ''}{body}]"


@cache
def _column_patterns() -> tuple[str, str]:
    """RE2 searches: a mixed pair (either order) in text of the simple blocks, and a character beyond them."""
    classes: dict[str, list[int]] = {ARABIC: [], OTHER: [], NEUTRAL: []}
    simple = [cp for lo, hi in SIMPLE_RANGES for cp in range(lo, hi + 1)]
    for cp in simple:
        kind = char_class(chr(cp))
        if kind is not None:
            classes[kind].append(cp)
    a, o, n = (_re2_class(classes[k]) for k in (ARABIC, OTHER, NEUTRAL))
    return f"{o}{n}*{a}|{a}{n}*{o}", _re2_class(simple, negate=True)


def mixed_script_array(values: pa.Array | pa.ChunkedArray) -> pa.BooleanArray:
    """`mixed_script` over a column of texts, as a boolean array without nulls (null is not mixed)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        values = values.cast(pa.string())
    pair, beyond = _column_patterns()
    mixed = pc.fill_null(pc.match_substring_regex(values, pair), False)
    elsewhere = pc.fill_null(pc.match_substring_regex(values, beyond), False)
    if pc.any(elsewhere).as_py():
        checked = [mixed_script(text) for text in pc.filter(values, elsewhere).to_pylist()]
        mixed = pc.replace_with_mask(mixed, elsewhere, pa.array(checked, pa.bool_()))
    return mixed


# ---------------------------------------------------------------------------------------------
# Text statistics over many bodies at once.

_SPACE, _ALNUM, _LETTER, _NON_ARABIC_LETTER, _DIGIT, _LINE_BREAK, _SENTENCE_MARK, _DOT = (1 << i for i in range(8))


def _flags_of(ch: str) -> int:
    """The classes `transforms.article.text_stats` tells a character by, as bits."""
    from transforms.article import _ALNUM as ALNUM, _LETTER as LETTER, _NON_ARABIC_LETTER as NON_ARABIC_LETTER

    flags = 0
    for bit, pattern in (
        (_SPACE, _WHITESPACE),
        (_ALNUM, ALNUM),
        (_LETTER, LETTER),
        (_NON_ARABIC_LETTER, NON_ARABIC_LETTER),
        (_DIGIT, _DECIMAL),
    ):
        if pattern.match(ch):
            flags |= bit
    if len(f"a{ch}a".splitlines()) > 1:
        flags |= _LINE_BREAK
    if ch == ".":
        flags |= _DOT
    elif _SENTENCE_END_MARK.match(ch):
        flags |= _SENTENCE_MARK
    return flags


_WHITESPACE = re.compile(r"\s")
_DECIMAL = re.compile(r"\d")
_SENTENCE_END_MARK = re.compile("[\u06d4\u061f?!]")


@cache
def _bmp_flags():
    import numpy as np

    return np.array([_flags_of(chr(cp)) for cp in range(0x10000)], dtype=np.uint8)


# How far `_runs_with` looks back with whole-column shifts, then one position at a time over
# the few hits still open, before it falls back to a running maximum over the whole column.
_SHIFTED_LOOKBACK = 2
_STEPPED_LOOKBACK = 8


def _runs_with(hit, outside, neither, starts):
    """Per row (`starts`: where each row begins), the maximal runs of inside positions holding a *hit*.

    Each position is exactly one of `hit` (inside and wanted), `outside` or `neither` (inside,
    not wanted). Counts each run's first hit: a hit is first exactly when the nearest position
    before it that is outside or a hit is outside, or when there is none. Nearly always that
    position is one or two before it (a word after a space), which a few shifted comparisons of
    the whole column settle; the few hits after longer stretches of `neither` ("(((", runs of
    spaces) are looked back over one step at a time, and any still open after
    `_STEPPED_LOOKBACK` steps through the running maximum of the positions that settle. (Runs
    never cross rows: every row ends with a line break, outside them all.)
    """
    first, open_hits = _first_hits_shifted(hit, outside, neither)
    _settle_stepping(first, open_hits, open_hits - _SHIFTED_LOOKBACK - 1, outside, neither)
    return _count_per_row(first, starts)


def _count_per_row(mask, starts) -> list[int]:
    """How many positions of `mask` are set in each row (`starts`: where each row begins).

    `count_nonzero` over each row's slice counts a byte array several times faster than
    `add.reduceat` or locating the set positions, even with its Python call per row.
    """
    import numpy as np

    bounds = starts.tolist() + [len(mask)]
    count = np.count_nonzero
    return [count(mask[start:end]) for start, end in zip(bounds[:-1], bounds[1:])]


def _first_hits_shifted(hit, outside, neither):
    """Whether each position is a hit that starts a run, as far as `_SHIFTED_LOOKBACK` positions
    tell; and the positions of the hits still open, with only `neither` positions that far back."""
    import numpy as np

    first = np.zeros(len(hit), dtype=bool)
    chain = hit.copy()  # at step k: the hits with `neither` at each of the k - 1 positions before them
    for k in range(1, _SHIFTED_LOOKBACK + 1):
        first[k:] |= chain[k:] & outside[:-k]
        if k <= len(hit):  # the row starts at the column's start: nothing before it
            first[k - 1] |= chain[k - 1]
            chain[k - 1] = False
        chain[k:] &= neither[:-k]
    return first, np.flatnonzero(chain)


def _settle_stepping(first, pending, before, outside, neither):
    """Mark in `first` which of the hits at `pending` start a run, looking back from `before`."""
    import numpy as np

    for _ in range(_STEPPED_LOOKBACK):
        if not len(pending):
            return
        moving = (before >= 0) & neither[np.maximum(before, 0)]
        settled = before[~moving]
        first[pending[~moving]] = (settled < 0) | outside[np.maximum(settled, 0)]
        pending, before = pending[moving], before[moving] - 1
    if len(pending):
        settling = np.where(neither, -1, np.arange(len(first)))
        np.maximum.accumulate(settling, out=settling)
        last = np.where(before >= 0, settling[np.maximum(before, 0)], -1)
        first[pending] = (last < 0) | outside[np.maximum(last, 0)]


_HIT, _OUTSIDE, _NEITHER = 1, 2, 3


@cache
def _flag_tables():
    """Per value of a character's flags, what the counts ask of it, each one lookup over the column.

    Words: a hit is a letter or digit that is not a space, outside a space, neither the rest.
    Paragraphs: a hit is neither a line break nor a space, outside a line break, neither a space.
    Then: a sentence mark, a full stop, a digit (as 0 or 1).
    """
    import numpy as np

    flags = np.arange(256)
    space, alnum, line_break = (flags & _SPACE) > 0, (flags & _ALNUM) > 0, (flags & _LINE_BREAK) > 0
    word = np.where(space, _OUTSIDE, np.where(alnum, _HIT, _NEITHER))
    paragraph = np.where(line_break, _OUTSIDE, np.where(space, _NEITHER, _HIT))
    marks = ((flags & _SENTENCE_MARK) > 0, (flags & _DOT) > 0, (flags & _DIGIT) > 0)
    return tuple(table.astype(np.uint8) for table in (word, paragraph, *marks))


def _by_flags(table, flags):
    """`table[flags]`, by Arrow's take; a 0/1 table gives a bool array."""
    values = _lookup(table, flags)
    return values.view(bool) if table.max() <= 1 else values


def _lookup(table, indexes):
    """`table[indexes]` by Arrow's take: numpy first widens 16-bit indexes to 64 bits, and
    gathers several times slower."""
    return pc.take(pa.array(table), pa.array(indexes)).to_numpy()


def text_stats_many(bodies: list[str]) -> list:
    """`transforms.article.text_stats` of each body, counted over all of them at once.

    The bodies, each followed by a line break, become one array of code points; a table gives
    each character's classes (from the very patterns `text_stats` uses), and the counts are sums
    and runs over that array: words are runs of non-space holding a letter or digit, paragraphs
    runs between line breaks holding a non-space, sentences runs between line breaks and
    sentence ends (., except between two digits, and ۔ ؟ ? !) holding a letter or digit; letters
    and non-Arabic letters are summed per body. No Python work per character.
    """
    import numpy as np

    from transforms.article import TextStats

    if not bodies:
        return []
    starts = np.zeros(len(bodies), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, bodies[:-1]), dtype=np.int64, count=len(bodies) - 1) + 1, out=starts[1:])
    text = "\n".join(bodies) + "\n"
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) == 2 * len(text):  # all in the BMP (news text nearly always is): one unit a character
        flags = _lookup(_bmp_flags(), np.frombuffer(units, dtype="<u2"))
    else:
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        in_bmp = points < 0x10000
        flags = np.empty(len(points), dtype=np.uint8)
        flags[in_bmp] = _bmp_flags()[points[in_bmp]]
        beyond, inverse = np.unique(points[~in_bmp], return_inverse=True)
        flags[~in_bmp] = np.array([_flags_of(chr(cp)) for cp in beyond.tolist()], dtype=np.uint8)[inverse]

    word, paragraph, sentence_mark, dot, digit = (_by_flags(table, flags) for table in _flag_tables())
    # A full stop between two digits (1.5) ends no sentence.
    between_digits = np.zeros(len(flags), dtype=bool)
    between_digits[1:-1] = digit[:-2] & digit[2:]
    line_break = paragraph == _OUTSIDE
    sentence_bound = line_break | sentence_mark | (dot & ~between_digits)
    hit = word == _HIT  # a letter or digit: never a line break or a sentence end
    words = _runs_with(hit, word == _OUTSIDE, word == _NEITHER, starts)
    paragraphs = _runs_with(paragraph == _HIT, line_break, paragraph == _NEITHER, starts)
    sentences = _runs_with(hit, sentence_bound, ~(sentence_bound | hit), starts)
    letters = _count_per_row(flags & _LETTER, starts)
    non_arabic = _count_per_row(flags & _NON_ARABIC_LETTER, starts)
    return [
        TextStats(word_count=w, sentence_count=s, paragraph_count=p, urdu_ratio=(n - x) / n if n else 0.0)
        for w, s, p, n, x in zip(words, sentences, paragraphs, letters, non_arabic)
    ]


def surfaces_at_offsets(bodies: dict[str, str], article_ids, starts, ends, surfaces) -> list[bool]:
    """For each row: 0 <= start < end <= len(body) and body[start:end] == surface (False for an unknown article)."""
    checks = []
    for article_id, start, end, surface in zip(article_ids, starts, ends, surfaces):
        body = bodies.get(article_id)
        checks.append(body is not None and 0 <= start < end <= len(body) and body[start:end] == surface)
    return checks
