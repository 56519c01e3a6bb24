"""A body read once for the three extractors: its matching form, flat form and words.

Entities, quantities and dates all read a body through its matching form (`transforms.offsets`)
and its flat form (punctuation as spaces). Building those, and splitting the flat form into
words, cost each extractor as much as much of its own work; `prepare` does it once per body and
`transforms.fields` hands the result to all three. Each extractor still accepts a bare body.

The pieces are computed with whole-string operations rather than Python work per word:

- `prepare` finds the few characters that flatten to a space (punctuation, line breaks; a
  space stays a space) and joins the text around them, which gives the same string as
  `offsets.flatten`;
- `split_words` splits the flat form with `str.split(" ")` and sums the word lengths to get
  their offsets (the flat form holds word characters and single-character spaces only, so its
  words are exactly the regex `\\S+` matches);
- `breaks` marks the word after each of those characters (and after a double space) as not
  joined to the one before, instead of looking at the gap before every word.

The three extractors also look for phrases in the flat form (reference names, unit words, month
names), each with an Aho-Corasick automaton over " flat ". A `PhraseScan` merges those automata
into one, so `prepare` reads the text once for all three and hands each its own matches
(`Prepared.matches`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from itertools import accumulate, compress, repeat
from operator import add

import ahocorasick

from transforms.offsets import DROPPED as _DROPPED
from transforms.offsets import Keyed, keyed

__all__ = ["BEYOND_BMP", "PhraseScan", "Prepared", "bmp_class", "breaks", "prepare", "split_words"]

# What `offsets.flatten` turns into a space, less the space itself: one character a match.
_NOT_WORD_OR_SPACE = re.compile(r"[^\w ]|_")
# The same without "_", which few texts hold: one character class, which the regex engine
# scans for faster than an alternation.
_NOT_WORD_NOR_SPACE = re.compile(r"[^\w ]")
_MATCH_START = re.Match.start
# A character beyond the Basic Multilingual Plane: a text holding none may be read with
# `bmp_class` patterns.
BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def bmp_class(wanted) -> str:
    """A regex character class body: the characters of the Basic Multilingual Plane `wanted` says yes to.

    The regex engine checks `\\w` and `\\d` with calls into the Unicode database for each
    character; a set of BMP characters is one table lookup, two to three times faster. Such a
    set says nothing of the characters beyond the BMP, so a text holding one (`BEYOND_BMP`) is
    read with the original pattern.
    """
    ranges, first = [], None
    for code in range(0x10000):
        if wanted(chr(code)):
            if first is None:
                first = code
        elif first is not None:
            ranges.append((first, code - 1))
            first = None
    if first is not None:
        ranges.append((first, 0xFFFF))
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)


@cache
def _marks_pattern() -> re.Pattern[str]:
    """`_NOT_WORD_OR_SPACE` as a plain set of characters, plus every character beyond the BMP.

    The regex engine checks `\\w` with calls into the Unicode database for each character; a set
    of BMP characters is one table lookup, which halves the scan. Characters beyond the BMP (not
    in Urdu news) are all in the set, so a text holding one is read again with `\\w` itself.
    Built on first use (30 ms), from the same Unicode data as `\\w`: str.isalnum.
    """
    # written as the complement of the BMP's alphanumerics and the space, which holds every
    # character beyond the BMP too: one set for the regex engine to test a character, not two
    return re.compile("[^" + bmp_class(lambda ch: ch.isalnum() or ch == " ") + "]")


if any(ch.isalnum() or ch in " _" for ch in _DROPPED):
    raise AssertionError("`prepare` reads the dropped marks as flat-form marks: each must be one")


def _marks(key: str) -> tuple[list[int], bool]:
    """Offsets of the characters the flat form writes as spaces (`_NOT_WORD_OR_SPACE`), and
    whether the text holds a character beyond the BMP (all of which the first scan finds)."""
    marks = list(map(_MATCH_START, _marks_pattern().finditer(key)))
    wide = bool(marks) and max(map(key.__getitem__, marks)) > "\uffff"
    if wide:
        pattern = _NOT_WORD_OR_SPACE if "_" in key else _NOT_WORD_NOR_SPACE
        marks = list(map(_MATCH_START, pattern.finditer(key)))
    return marks, wide


class Prepared:
    """One body's display text, matching form (`keyed`, `key`) and flat form (`flat`).

    `marks` holds the offsets of the characters the flat form writes as spaces (punctuation,
    line breaks): news has a few dozen in a text of hundreds of words. `wide` says whether the
    text holds a character beyond the BMP (see `bmp_class`).
    """

    __slots__ = ("body", "keyed", "key", "flat", "marks", "found", "wide")

    def __init__(self, body: str, doc: Keyed, flat: str, marks: list[int], wide: bool = True):
        self.body = body
        self.wide = wide
        self.keyed = doc
        self.key = doc.key
        self.flat = flat
        self.marks = marks
        self.found: dict[ahocorasick.Automaton, list[tuple[int, object]]] | None = None  # see `PhraseScan`

    def matches(self, automaton: ahocorasick.Automaton):
        """`automaton.iter(" " + flat + " ")`: (end, value) of each phrase found in the padded
        flat form, from the shared scan when `prepare` made one for this automaton."""
        if self.found is not None:
            found = self.found.get(automaton)
            if found is not None:
                return found
        return automaton.iter(f" {self.flat} ")


class PhraseScan:
    """Several Aho-Corasick automata run as one over the padded flat form.

    Each phrase of the merged automaton holds the (automaton, value) pairs it stands for. At one
    end position an automaton reports its phrases longest first; the merged one does the same
    for all of them, so each automaton's share of the merged matches comes in the order it
    would have reported them itself.
    """

    def __init__(self, automata: list[ahocorasick.Automaton]):
        self.automata = tuple(automata)
        merged: dict[str, list[tuple[ahocorasick.Automaton, object]]] = {}
        for automaton in self.automata:
            for phrase, value in automaton.items():
                merged.setdefault(phrase, []).append((automaton, value))
        self._automaton = ahocorasick.Automaton()
        for phrase, pairs in merged.items():
            self._automaton.add_word(phrase, tuple(pairs))
        if merged:
            self._automaton.make_automaton()

    def scan(self, flat: str) -> dict[ahocorasick.Automaton, list[tuple[int, object]]]:
        """Each automaton's matches in `" " + flat + " "`."""
        found: dict[ahocorasick.Automaton, list[tuple[int, object]]] = {a: [] for a in self.automata}
        if len(self._automaton):
            for end, pairs in self._automaton.iter(f" {flat} "):
                for automaton, value in pairs:
                    found[automaton].append((end, value))
        return found


def prepare(body: str, scan: PhraseScan | None = None) -> Prepared:
    """The forms of `body` the extractors share, built once (and its phrases found, with `scan`)."""
    # Every dropped mark (diacritic, ZWNJ) is a mark of the flat form too, so the scan for marks
    # tells at once whether the body holds any: most news text holds none, and then the body is
    # its own matching form, with these marks.
    # (the matching form drops BMP characters only, so it is as wide as the body)
    marks, wide = _marks(body)
    if _DROPPED.isdisjoint(map(body.__getitem__, marks)):
        doc = Keyed(body, body, None)
    else:
        doc = keyed(body)
        marks = _marks(doc.key)[0]
    key = doc.key
    if not marks:
        prepared = Prepared(body, doc, key, marks, wide)
    else:
        parts = []
        previous = 0
        for mark in marks:
            parts.append(key[previous:mark])
            previous = mark + 1
        parts.append(key[previous:])
        prepared = Prepared(body, doc, " ".join(parts), marks, wide)
    if scan is not None:
        prepared.found = scan.scan(prepared.flat)
    return prepared


def split_words(flat: str) -> tuple[list[str], list[int]]:
    """The words of a flat form (its `\\S+` runs) and where each starts."""
    pieces = flat.split(" ")
    lengths = list(map(len, pieces))
    # piece k starts after the k pieces and k spaces before it
    offsets = map(add, accumulate(lengths, initial=0), range(len(pieces)))
    return list(filter(None, pieces)), list(compress(offsets, lengths))


def breaks(key: str, starts: list[int], marks: list[int]) -> list[bool]:
    """brk[i]: punctuation or a line break (or the text's start) stands before word i.

    Two words are joined when exactly one character separates them and it is a space in the
    matching form: the word after a flattened character (`marks`) or after two spaces is not.
    """
    n = len(starts)
    if not n:
        return []
    # one slot past the end takes the marks after the last word, and is cut off
    brk = [False] * (n + 1)
    brk[0] = True
    for i in map(bisect_right, repeat(starts), marks):
        brk[i] = True
    del brk[n]
    if "  " in key:
        at = key.find("  ")
        while at >= 0:
            i = bisect_right(starts, at)
            if i < n:
                brk[i] = True
            at = key.find("  ", at + 2)
    return brk
