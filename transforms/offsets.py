"""A matching form of a display text that remembers where each of its characters came from.

Extraction matches reference names on the match key (diacritics and ZWNJ dropped, one line),
so that براہِ راست finds براہ راست, but the warehouse stores offsets into the display text
(`body[char_start:char_end] == surface`). `keyed` builds the matching form and an offset map in
one pass; `Keyed.span` turns a span of the matching form back into a span of the display text.

The matching form drops the same characters as `transforms.normalize.match_key` (every Arabic
combining mark and ZWNJ) but keeps line breaks, which end names; it does not re-run the spacing rules,
so its characters map one-to-one onto the display text's characters that remain. Most news text
holds no diacritics at all, and then the form is the text itself with an identity map.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate

from transforms.normalize import ARABIC_RANGES, ZWNJ

__all__ = ["DROPPED", "Keyed", "flatten", "key_text", "keyed"]

# Arabic-script combining marks (harakat, superscript alef, Quranic signs) and ZWNJ.
DROPPED = frozenset(
    chr(cp) for lo, hi in ARABIC_RANGES for cp in range(lo, hi + 1) if unicodedata.category(chr(cp)) == "Mn"
) | {ZWNJ}
_DROPPED_RUN = re.compile("[" + "".join(re.escape(ch) for ch in sorted(DROPPED)) + "]+")
# One dropped character: whether a text holds any. The regex engine scans for a lone character
# class three times faster than for a run of one, and most news text holds none.
_DROPPED_CHAR = re.compile("[" + "".join(re.escape(ch) for ch in sorted(DROPPED)) + "]")
_KEPT_RUN = re.compile("[^" + "".join(re.escape(ch) for ch in sorted(DROPPED)) + "]+")


class Keyed:
    """A display text's matching form (`key`) and the way back to display offsets.

    The matching form is the display text's kept runs (the stretches between dropped marks) put
    end to end; a key offset maps back through the run it falls in, found by bisection, so the
    map costs a few numbers a run rather than one a character.
    """

    __slots__ = ("text", "key", "_key_starts", "_text_starts")

    def __init__(self, text: str, key: str, runs: list[tuple[int, int]] | None):
        self.text = text
        self.key = key
        if runs is None:  # the key is the text: identity
            self._key_starts = self._text_starts = None
        else:
            self._text_starts = [start for start, _ in runs]
            self._key_starts = list(accumulate((end - start for start, end in runs), initial=0))[:-1]

    @property
    def mapped(self) -> bool:
        """Whether key offsets differ from display offsets (the text holds dropped marks)."""
        return self._key_starts is not None

    def _display(self, k: int) -> int:
        """The display index of key character k."""
        run = bisect_right(self._key_starts, k) - 1
        return self._text_starts[run] + k - self._key_starts[run]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The display span of key span [start, end), with the marks that trail its last letter."""
        if self._key_starts is None:
            return start, end
        text = self.text
        display_start = self._display(start)
        display_end = self._display(end - 1) + 1 if end > start else display_start
        while display_end < len(text) and text[display_end] in DROPPED:
            display_end += 1
        return display_start, display_end


def key_text(text: str) -> str:
    """The matching form alone, for reference entries (no offsets needed)."""
    return _DROPPED_RUN.sub("", text)


def keyed(text: str) -> Keyed:
    """The matching form of a display text, with its offset map."""
    if not _DROPPED_CHAR.search(text):
        return Keyed(text, text, None)
    runs = [run.span() for run in _KEPT_RUN.finditer(text)]
    return Keyed(text, "".join(text[start:end] for start, end in runs), runs)


# Punctuation (anything that is not a letter, digit or mark) becomes a space of the same length.
_NOT_WORD = re.compile(r"[\W_]")


_last_flattened: list[str] = ["", ""]


def flatten(key: str) -> str:
    """A matching form with punctuation written as spaces, character for character.

    Names and numbers are then whole space-separated words, whatever punctuation touches
    them (پاکستان، or (اے پی پی)), and offsets stay those of the matching form. The three
    extractors flatten the same body in turn, so the last result is kept.
    """
    if key is _last_flattened[0]:
        return _last_flattened[1]
    flat = _NOT_WORD.sub(" ", key)
    _last_flattened[0], _last_flattened[1] = key, flat
    return flat
