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

Pure functions, no state but lazily built character tables.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["ARABIC", "NEUTRAL", "OTHER", "char_class", "mixed_script", "mixed_words"]

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


def _class_pattern(code_points: list[int]) -> str:
    """A regular-expression class for sorted BMP code points, every one escaped."""
    spans: list[list[int]] = []
    for cp in code_points:
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    body = "".join(f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in spans)
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
