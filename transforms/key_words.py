"""The words of texts' match keys, found without building the keys for most rows.

The reuse index and the search index both want the words of `match_key(text)`: the runs of
word characters between separators, under a regular expression (`[^\\pL\\pN_]+` for reuse,
`[^\\p{L}\\p{N}\\p{M}]+` after lowercasing for search). Building the key of a column takes
about ten RE2 passes and the split one more, slow ones with Unicode-wide classes; over the
nightly batches that was most of the "tokenize" stage.

Most rows need none of that. A *fast* row is made only of characters of `SIMPLE_RANGES` that
rules 1-6 of `transforms.normalize` leave alone, and that NFC leaves alone in any order: no
presentation form, letter variant, invisible, Arabic-Indic digit, character NFC replaces or
composes backward (ٓ ٔ ٕ only after a letter they cannot join), and no mark but the Arabic
marks the key drops. For such a text the key is the text with Arabic marks and ZWNJ deleted
and the spacing fixed (rule 7), and rule 7 changes words only where it puts a space between a
digit or Latin letter and an Arabic letter (`65افراد` -> `65 افراد`); everything else it does
adds or removes spaces next to a separator (a space, a line break, ۔ ، ؟ ؛). So the key's words are: the text's characters
without the dropped ones, in runs of word characters, cut where a digit or Latin letter and an
Arabic letter meet. That is counted here with numpy over the code points of the whole column.

Every other row goes the exact way (`match_key_array`, then the regular expression), and the
two kinds are merged back in row order. The character tables come from the very sets the
normalizer's RE2 patterns use, and the word classes from RE2 itself, asked about each
character; `tests/test_key_words.py` holds the two ways to the same words.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Sequence
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms import normalize as _n

__all__ = ["key_words"]

_BMP = 0x10000
_DIGIT_OR_LATIN, _ARABIC_LETTER = 1, 2


@cache
def _bmp_chars() -> pa.Array:
    """Every BMP character but the surrogates, one per row (a surrogate becomes U+FFFD, never fast)."""
    return pa.array([chr(cp) if not 0xD800 <= cp <= 0xDFFF else "\ufffd" for cp in range(_BMP)], pa.string())


# The marks that compose with a letter before them (ا + ٓ = آ, ی + ٔ = ئ, ا + ٕ = إ): fast only
# after a letter they cannot compose with, the only place a display form keeps them.
_COMPOSING_MARKS = (0x0653, 0x0654, 0x0655)


@cache
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fast, dropped, script) per BMP code point; see the module's docstring for `fast`."""
    slow = (
        (_n._MARKS - _n._ARABIC_MARKS)
        | _n._UNICODE["not_nfc"]
        | _n._UNICODE["composes_backward"]
        | _n._LATER_RULE_TRIGGERS
    ) - set(_COMPOSING_MARKS)
    fast = np.zeros(_BMP, dtype=bool)
    fast[sorted(_n._SIMPLE - slow - set(range(0xD800, 0xE000)))] = True
    dropped = np.zeros(_BMP, dtype=bool)
    dropped[sorted(_n._KEY_DROPPED & _n._SIMPLE)] = True
    script = np.zeros(_BMP, dtype=np.uint8)
    # The classes rule 7's Arrow steps space between (`{N}` and `{A}`, cut to the simple blocks).
    script[sorted(_n._SIMPLE & _n._CLASS_SETS["N"][0])] = _DIGIT_OR_LATIN
    script[sorted(_n._SIMPLE & _n._CLASS_SETS["A"][0])] = _ARABIC_LETTER
    return fast, dropped, script


@cache
def _composing_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(composing mark, mark, base) per BMP code point.

    A base is a letter NFC composes one of `_COMPOSING_MARKS` with, or a carrier
    `compose_hamza` puts the hamza on.
    """
    composing, mark, base = (np.zeros(_BMP, dtype=bool) for _ in range(3))
    composing[list(_COMPOSING_MARKS)] = True
    mark[sorted(cp for cp in _n._MARKS if cp < _BMP)] = True
    bases = {ord(ch) for ch in _n._HAMZA_CARRIERS}
    for cp in range(_BMP):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<") and int(parts[1], 16) in _COMPOSING_MARKS:
            bases.add(int(parts[0], 16))
    base[sorted(bases)] = True
    return composing, mark, base


def _composing_marks_after_bases(points: np.ndarray, found: np.ndarray) -> np.ndarray:
    """Of the positions `found` of `_COMPOSING_MARKS`, those whose nearest character before
    them that is not a mark is a base: NFC or `compose_hamza` may join the two, so the row is not fast."""
    _, mark, base = _composing_tables()
    before = found - 1
    while True:
        inside = (before >= 0) & mark[points[np.maximum(before, 0)]]
        if not inside.any():
            break
        before -= inside
    return found[(before >= 0) & base[points[np.maximum(before, 0)]]]


@cache
def _lowercase() -> tuple[np.ndarray, np.ndarray]:
    """(lower, single) per BMP code point: Arrow's `utf8_lower` of it, and whether that is one BMP character."""
    lowered = pc.utf8_lower(_bmp_chars()).to_pylist()
    single = np.array([len(ch) == 1 and ord(ch) < _BMP for ch in lowered], dtype=bool)
    lower = np.array([ord(ch) if ok else 0 for ch, ok in zip(lowered, single)], dtype=np.uint16)
    return lower, single


@cache
def _word_table(separators: str, lower: bool) -> np.ndarray:
    """Per BMP code point: whether RE2 keeps it in a word under `separators` (after lowercasing)."""
    chars = _bmp_chars()
    if lower:
        chars = pc.utf8_lower(chars)
    return np.asarray(pc.invert(pc.match_substring_regex(chars, f"\\A(?:{separators})\\z")), dtype=bool)


# The bits of `_flags`: one table lookup per character answers every question `_fast_words` asks.
_FAST = 1  # the row may take the fast way (and, when lowercasing, the character lowercases to one)
_DROPPED = 2  # the key deletes it
_WORD = 4  # a word character (after lowercasing)
_DIGIT_OR_LATIN_BIT, _ARABIC_LETTER_BIT = 8, 16  # the classes rule 7 spaces between
_COMPOSING = 32  # one of `_COMPOSING_MARKS`, fast only after a letter it cannot join
_WIDTH_SHIFT = 6  # two bits: the UTF-8 length of the (lowercased) character, less one
_SCRIPT_MEET = _DIGIT_OR_LATIN_BIT | _ARABIC_LETTER_BIT


@cache
def _flags(separators: str, lower: bool) -> np.ndarray:
    """Per BMP code point, the bits above for words under `separators` (lowercased first when `lower`).

    Built once per process from the separate tables: looking a column's characters up in six
    tables cost six passes over it (and as many conversions of the code points to indexes).
    """
    fast, dropped, script = _tables()
    composing, _, _ = _composing_tables()
    word = _word_table(separators, lower)
    points = np.arange(_BMP, dtype=np.uint32)
    if lower:
        lowercase, single = _lowercase()
        fast, points = fast & single, lowercase
    width = (points >= 0x80).astype(np.uint8) + (points >= 0x800)
    flags = (
        fast * np.uint8(_FAST)
        | dropped * np.uint8(_DROPPED)
        | word[points] * np.uint8(_WORD)
        | (script == _DIGIT_OR_LATIN) * np.uint8(_DIGIT_OR_LATIN_BIT)
        | (script == _ARABIC_LETTER) * np.uint8(_ARABIC_LETTER_BIT)
        | composing * np.uint8(_COMPOSING)
        | width << np.uint8(_WIDTH_SHIFT)
    )
    return flags.astype(np.uint8)


def _string_array(points: np.ndarray, widths: np.ndarray, starts: np.ndarray) -> pa.Array:
    """An Arrow array of the words whose code points are `points` (of UTF-8 lengths `widths`),
    each word beginning where `starts` is set."""
    # Fast words hold no surrogates and nothing beyond the BMP: one UTF-16 unit a character.
    data = codecs.utf_16_le_decode(points.astype(np.uint16, copy=False))[0].encode("utf-8")
    if not len(points):
        return pa.LargeStringArray.from_buffers(0, pa.py_buffer(np.zeros(1, np.int64)), pa.py_buffer(b""))
    # 32-bit running sums when the words' bytes allow (always, in practice): half the memory of 64-bit ones.
    ends = np.cumsum(widths, dtype=np.int32 if len(data) < 2**31 else np.int64)
    offsets = np.concatenate([[0], ends[np.flatnonzero(starts[1:])], ends[-1:]]).astype(np.int64)
    return pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))


def _lookup(table: np.ndarray, indexes: np.ndarray) -> np.ndarray:
    """`table[indexes]` (read-only), by Arrow's take: numpy first widens 16-bit indexes to 64
    bits, and gathers several times slower."""
    return pc.take(pa.array(table), pa.array(indexes)).to_numpy()


def _bmp_code_points(text: str) -> np.ndarray:
    """The text's code points, each beyond the BMP as U+FFFF (which is never fast).

    As 16-bit units when the whole text is in the BMP (news text nearly always is): half the
    memory to encode, look up and filter as 32-bit code points.
    """
    encoded = text.encode("utf-16-le", "surrogatepass")
    if len(encoded) == 2 * len(text):
        return np.frombuffer(encoded, dtype="<u2")
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return np.minimum(points, _BMP - 1)


def _rare_positions(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of the characters that are not fast, of the composing marks and of the dropped
    characters: all rare, so one pass finds them together and their flags tell them apart."""
    rare = np.flatnonzero((flags & (_FAST | _COMPOSING | _DROPPED)) != _FAST)
    rare_flags = flags[rare]
    return (
        rare[(rare_flags & _FAST) == 0],
        rare[(rare_flags & _COMPOSING) != 0],
        rare[(rare_flags & _DROPPED) != 0],
    )


def _slow_rows(
    points: np.ndarray, not_fast: np.ndarray, composing: np.ndarray, row_starts: np.ndarray, count: int
) -> np.ndarray:
    """Which rows hold a character that is not fast, or a composing mark after a letter it joins."""
    slow_rows = np.zeros(count, dtype=bool)
    joined = _composing_marks_after_bases(points, composing)
    for positions in (not_fast, joined):
        if len(positions):
            slow_rows[np.searchsorted(row_starts, positions, side="right") - 1] = True
    return slow_rows


def _fast_words(
    texts: Sequence[str], separators: str, lower: bool
) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """Words of the fast rows, their rows, and which rows were not fast.

    The column is one array of code points (the texts joined by line breaks, which separate
    words); every question about a character is a bit of its `_flags`. A slow row's flags are
    cleared, so it has no words here.
    """
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    row_ends = np.cumsum(lengths)
    row_starts = row_ends - lengths
    points = _bmp_code_points("\n".join(texts) + "\n")
    flags = _lookup(_flags(separators, lower), points)
    not_fast, composing, dropped = _rare_positions(flags)
    slow_rows = _slow_rows(points, not_fast, composing, row_starts, len(texts))
    if slow_rows.any():
        flags = flags.copy()
        for row in np.flatnonzero(slow_rows).tolist():
            flags[row_starts[row] : row_ends[row]] = 0
        dropped = dropped[(flags[dropped] & _DROPPED) != 0]  # those of fast rows
    if len(dropped):
        keep = np.ones(len(points), dtype=bool)
        keep[dropped] = False
        points, flags = points[keep], flags[keep]
        row_ends = row_ends - np.searchsorted(dropped, row_ends)
    in_word = (flags & _WORD).astype(bool)
    # A word starts at a word character after a separator, or where scripts meet inside a run.
    starts = in_word.copy()
    starts[1:] &= ~in_word[:-1] | (((flags[1:] | flags[:-1]) & _SCRIPT_MEET) == _SCRIPT_MEET)
    firsts = np.flatnonzero(starts)
    # A row owns the words that start before its end (its closing line break) and after the row before.
    per_row = np.diff(np.searchsorted(firsts, row_ends), prepend=0)
    rows = np.repeat(np.arange(len(texts)), per_row)
    word_points = points[in_word]
    if lower:
        word_points = _lookup(_lowercase()[0], word_points)
    widths = (flags[in_word] >> np.uint8(_WIDTH_SHIFT)) + np.uint8(1)
    return _string_array(word_points, widths, starts[in_word]), rows, slow_rows


def _exact_words(texts: Sequence[str], separators: str, lower: bool) -> tuple[pa.Array, np.ndarray]:
    """The words the long way: the match keys, then the regular expression."""
    keys = _n.match_key_array(pa.array(texts, pa.large_string()))
    if lower:
        keys = pc.utf8_lower(keys)
    pieces = pc.split_pattern_regex(keys, separators)
    flat = pc.list_flatten(pieces)
    owner = pc.list_parent_indices(pieces).to_numpy(zero_copy_only=False)
    kept = pc.not_equal(flat, "")
    return pc.filter(flat, kept), owner[np.asarray(kept, dtype=bool)]


def key_words(texts: Sequence[str], separators: str, lower: bool = False) -> tuple[pa.Array, np.ndarray]:
    """The non-empty pieces of `split(match_key(text), separators)` (lowercased first when `lower`).

    Returns (words, rows): every word of every text, text by text and in order, as one Arrow
    large_string array, and for each word the index of its text. `separators` is the RE2
    pattern of what separates words; it must not match across a word character.
    """
    if not texts:
        return pa.array([], pa.large_string()), np.empty(0, dtype=np.int64)
    words, rows, slow_rows = _fast_words(texts, separators, lower)
    if not slow_rows.any():
        return words, rows
    slow = np.flatnonzero(slow_rows)
    slow_words, slow_owner = _exact_words([texts[i] for i in slow], separators, lower)
    rows = np.concatenate([rows, slow[slow_owner]])
    order = np.argsort(rows, kind="stable")
    words = pa.concat_arrays([words, slow_words.cast(pa.large_string())]).take(pa.array(order))
    return words, rows[order]
