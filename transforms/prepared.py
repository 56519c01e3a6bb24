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
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress
from operator import add

from transforms.offsets import Keyed, keyed

__all__ = ["Prepared", "breaks", "prepare", "split_words"]

# What `offsets.flatten` turns into a space, less the space itself: one character a match.
_NOT_WORD_OR_SPACE = re.compile(r"[^\w ]|_")
# The same without "_", which few texts hold: one character class, which the regex engine
# scans for faster than an alternation.
_NOT_WORD_NOR_SPACE = re.compile(r"[^\w ]")


class Prepared:
    """One body's display text, matching form (`keyed`, `key`) and flat form (`flat`).

    `marks` holds the offsets of the characters the flat form writes as spaces (punctuation,
    line breaks): news has a few dozen in a text of hundreds of words.
    """

    __slots__ = ("body", "keyed", "key", "flat", "marks")

    def __init__(self, body: str, doc: Keyed, flat: str, marks: list[int]):
        self.body = body
        self.keyed = doc
        self.key = doc.key
        self.flat = flat
        self.marks = marks


def prepare(body: str) -> Prepared:
    """The forms of `body` the extractors share, built once."""
    doc = keyed(body)
    key = doc.key
    pattern = _NOT_WORD_OR_SPACE if "_" in key else _NOT_WORD_NOR_SPACE
    marks = [m.start() for m in pattern.finditer(key)]
    if not marks:
        return Prepared(body, doc, key, marks)
    parts = []
    previous = 0
    for mark in marks:
        parts.append(key[previous:mark])
        previous = mark + 1
    parts.append(key[previous:])
    return Prepared(body, doc, " ".join(parts), marks)


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
    brk = [False] * n
    if not n:
        return brk
    brk[0] = True
    for mark in marks:
        i = bisect_right(starts, mark)
        if i < n:
            brk[i] = True
    if "  " in key:
        at = key.find("  ")
        while at >= 0:
            i = bisect_right(starts, at)
            if i < n:
                brk[i] = True
            at = key.find("  ", at + 2)
    return brk
