"""Numbers as Urdu news writes them: digits, number words, scales and fractions.

Quantities and date mentions both read numbers, so the reading lives here, once:

- digits, with thousands separators and a decimal point (5,000; 24.3; 9۔5 keeps ۔ between
  digits, and reads it as the point);
- words 0-99 (each has its own word: ایک … ننانوے), compounded with the scales سو 10², ہزار 10³,
  لاکھ 10⁵, کروڑ 10⁷, ارب 10⁹, کھرب 10¹¹ (and ملین, بلین, ٹریلین): چار سو ترپن = 453,
  تین ارب = 3×10⁹, دو ہزار پانچ = 2005, انیس سو ساٹھ = 1960, 3 کروڑ 20 لاکھ = 32×10⁶;
  a larger scale after a smaller one multiplies (ایک لاکھ کروڑ = 10¹²);
- fractions: ڈیڑھ 1.5, ڈھائی 2.5, and the modifiers سوا (+¼), ساڑھے (+½), پونے (−¼) of the number
  after them (ساڑھے تین ارب = 3.5×10⁹, سوا لاکھ = 125,000);
- اعشاریہ, the decimal point, after which each number word is a digit (دو اعشاریہ پانچ = 2.5);
- words written together (دوہزارچھ = دو ہزار چھ), split by the longest known words.

The words are data (`seeds/number_words.csv`, kinds unit, scale, fraction, plus_quarter,
plus_half, minus_quarter, decimal_point, percent).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate, compress, count
from pathlib import Path

from transforms.normalize import normalize
import ahocorasick

from transforms.offsets import Keyed, flatten, key_text
from transforms.prepared import BEYOND_BMP, Prepared, bmp_class
from transforms.reference import DEFAULT_SEEDS_DIR

__all__ = ["NumberTokens", "NumberWords", "load_number_words", "parse_digits", "read_number", "windows", "Anchors"]

NUMBER_WORDS_FILE = "number_words.csv"
_ADJUSTERS = {"plus_quarter": 0.25, "plus_half": 0.5, "minus_quarter": -0.25}


@dataclass(frozen=True)
class NumberWords:
    """Each number word's kind and value, keyed as the matching form writes it."""

    kinds: dict[str, str]
    values: dict[str, float]
    joined: re.Pattern[str]  # a token made only of number words written together
    parts: re.Pattern[str]
    counting: frozenset[str] = frozenset()  # the words that are (part of) a number's value
    # number words that are also ordinary words, and where they are not numbers: "before_adjective"
    # (نو منتخب, "newly elected") or "alone" (اسی گروپ, "the same group"; اسی ہزار is 80,000)
    ambiguous: dict[str, str] = field(default_factory=dict)

    def kind(self, word: str) -> str | None:
        """`kinds.get(word)`, which the extractors call directly in their loops (a method call
        costs a Python frame each time)."""
        return self.kinds.get(word)

    def split(self, token: str) -> list[str] | None:
        """The number words a token is made of (دوہزارچھ -> دو ہزار چھ), or None."""
        if token in self.kinds:
            return [token]
        if len(token) < 4 or not self.joined.fullmatch(token):
            return None
        return self.parts.findall(token)


def _key(word: str) -> str:
    return " ".join(key_text(normalize(word)).split())


@lru_cache(maxsize=4)
def _load(seeds_dir: Path) -> NumberWords:
    kinds: dict[str, str] = {}
    values: dict[str, float] = {}
    ambiguous: dict[str, str] = {}
    with (seeds_dir / NUMBER_WORDS_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            word, kind = _key(row["word"]), (row.get("kind") or "").strip()
            if not word or not kind:
                continue
            kinds[word] = kind
            if (row.get("ambiguous") or "").strip():
                ambiguous[word] = row["ambiguous"].strip()
            value = (row.get("value") or "").strip()
            if value:
                values[word] = float(value)
    joinable = sorted((w for w, k in kinds.items() if " " not in w and k in ("unit", "scale", "fraction")), key=len, reverse=True)
    alternation = "|".join(map(re.escape, joinable))
    if any(word[:1].isdigit() for word in kinds):
        raise ValueError(f"{NUMBER_WORDS_FILE}: a number word starts with a digit")
    counting = frozenset(w for w, k in kinds.items() if k not in ("percent", "decimal_point"))
    return NumberWords(kinds, values, re.compile(f"(?:{alternation})+"), re.compile(alternation), counting, ambiguous)


def load_number_words(seeds_dir: Path | str | None = None) -> NumberWords:
    """The number words of `seeds_dir` (default: the project's seeds/), read once."""
    return _load(Path(seeds_dir or DEFAULT_SEEDS_DIR).resolve())


_DIGITS = re.compile(r"\d+(?:[.,۔،]\d+)*")


def parse_digits(token: str) -> float | None:
    """A number written in digits: 5,000 -> 5000; 24.3 -> 24.3; 9۔5 -> 9.5; 1,2 -> None."""
    if not _DIGITS.fullmatch(token):
        return None
    token = token.replace("۔", ".").replace("،", ",")
    if "," in token:
        whole, _, fraction = token.partition(".")
        groups = whole.split(",")
        if any(len(g) != 3 for g in groups[1:]) or not 1 <= len(groups[0]) <= 3:
            return None
        token = "".join(groups) + ("." + fraction if fraction else "")
    if token.count(".") > 1:
        return None
    return float(token)


def read_number(tokens: list[str], words: NumberWords) -> float | None:
    """The value of a run of number tokens (digits and words), or None if they do not make one.

    Two numbers side by side (بیس تیس "twenty or thirty", 5 10) are not one number: None.
    """
    total = 0.0
    current: float | None = None
    after_hundred = False  # a unit may follow سو: چار سو ترپن
    adjust = 0.0  # from سوا/ساڑھے/پونے, applied to the next number
    last_scale = float("inf")
    decimals: str | None = None
    for token in tokens:
        kind = words.kinds.get(token)
        if decimals is not None:
            if kind != "unit":
                return None
            decimals += str(int(words.values[token]))
            continue
        digits = parse_digits(token) if kind is None else None
        if digits is not None or kind in ("unit", "fraction"):
            value = digits if digits is not None else words.values[token]
            if current is None:
                current = value + adjust
            elif after_hundred and value < 100 and not adjust:  # چار سو ترپن, 17 سو 65
                current += value
            else:
                return None
            adjust, after_hundred = 0.0, False
        elif kind in _ADJUSTERS:
            if current is not None and not after_hundred or adjust:
                return None
            adjust = _ADJUSTERS[kind]
        elif kind == "scale":
            scale = words.values[token]
            if scale == 100:
                if after_hundred:
                    return None
                current = (current if current is not None else 1 + adjust) * 100
                after_hundred, adjust = True, 0.0
                continue
            if current is None and total and scale > last_scale and not adjust:
                total *= scale  # ایک لاکھ کروڑ
            else:
                total += (current if current is not None else 1 + adjust) * scale
            last_scale, current, adjust, after_hundred = scale, None, 0.0, False
        elif kind == "decimal_point":
            if current is None or after_hundred:
                return None
            decimals = ""
        else:
            return None
    if adjust or decimals == "":
        return None
    if decimals:
        current = (current or 0) + float("0." + decimals)
    return total + (current or 0.0)


# Tokens of a matching form: a word, a number in digits, or a sign. The three start with different
# characters, so their order only says which the regex engine tries first: words, the most
# common.
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,۔،]\d+)*|[%$]")


@cache
def _decimal_class() -> str:
    """`\\d` as a plain set of the BMP's decimal digits (see `prepared.bmp_class`)."""
    return f"[{bmp_class(str.isdecimal)}]"


def _narrow(pattern: str) -> str:
    """`pattern` with each `\\d` spelled as `_decimal_class()`: the same matches in a text
    within the BMP, read faster. `\\d` must stand outside sets in `pattern`."""
    return pattern.replace(r"\d", _decimal_class())


@cache
def _narrow_token() -> re.Pattern[str]:
    """`_TOKEN` for text within the BMP: its letters (`[^\\W\\d_]`: alphanumeric, not a decimal
    digit) and digits as plain sets, which halves the reading of a window."""
    letters = bmp_class(lambda ch: ch.isalnum() and not ch.isdecimal())
    return re.compile(_narrow(f"[{letters}]+|\\d+(?:[.,۔،]\\d+)*|[%$]"))


@cache
def _split_tokens() -> re.Pattern[str]:
    """`_narrow_token()` as one group, so that `split` gives the gaps and the tokens in turn
    (gap, token, gap, ..., gap): one flat list, no match object nor tuple a token. Every
    character is either a token's first (alphanumeric, % or $) or a gap's, and each such
    character starts a token, so the gaps are exactly the text between the tokens."""
    return re.compile(f"({_narrow_token().pattern})")


# Whether the gap before a token breaks it from the one before: touching (2014ء) or one space
# apart is joined; punctuation or a line break is not.
_JOINED_GAPS = frozenset({"", " "})


def _read_tokens(key: str, start: int, end: int) -> tuple[list[str], list[tuple[int, int]], list[bool]]:
    """The tokens of key[start:end], their spans, and whether punctuation stands before each."""
    if BEYOND_BMP.search(key, start, end):
        bounds = [m.span() for m in _TOKEN.finditer(key, start, end)]
        words = [key[a:b] for a, b in bounds]
        brk = [True] + [b[0] != a[1] and (b[0] - a[1] != 1 or key[a[1]] != " ") for a, b in zip(bounds, bounds[1:])]
        return words, bounds, brk
    parts = _split_tokens().split(key[start:end])
    if len(parts) == 1:
        return [], [], []
    # parts[2k] is the gap before token k = parts[2k + 1]; the running length of the parts
    # gives each part's end, so token k spans [at[2k + 1], at[2k + 2])
    at = list(accumulate(map(len, parts), initial=start))
    brk = [gap not in _JOINED_GAPS for gap in parts[:-1:2]]
    brk[0] = True
    return parts[1::2], list(zip(at[1::2], at[2::2])), brk


# Number words are written together around a scale (دوہزارچھ, انیسسو): only such words are split.
_JOINED_SCALES = ("ہزار", "سو", "لاکھ", "کروڑ", "ارب")
_MAY_BE_JOINED = re.compile("|".join(_JOINED_SCALES))


class Anchors:
    """Words or phrases where a mention may sit (units, month names), found in one pass.

    Extraction reads tokens only around them, which is a small part of a news text.
    """

    def __init__(self, phrases: Iterable[str], signs: str = "", pattern: str = ""):
        # `pattern` may use \d (outside sets): a text within the BMP is read with its narrow form
        self._pattern = re.compile(pattern) if pattern else None
        self._narrow_pattern = re.compile(_narrow(pattern)) if pattern else None
        self._automaton = ahocorasick.Automaton()
        for phrase in set(phrases):
            if phrase:
                self._automaton.add_word(f" {phrase} ", len(phrase))
        self._automaton.make_automaton()
        self._signs = re.compile(f"[{re.escape(signs)}]") if signs else None
        self._sign_chars = signs

    @property
    def automaton(self) -> ahocorasick.Automaton:
        """The phrases, as " phrase " -> length, for a scan shared with other phrase lists."""
        return self._automaton

    def find(self, key: str, flat: str | None = None, prepared: Prepared | None = None) -> list[tuple[int, int]]:
        """Spans of the anchors in a matching form (and its flat form, if known), in text order.

        With `prepared` (the body's shared forms), its flat form and its shared phrase scan.
        """
        spans = []
        if prepared is not None:
            matches = prepared.matches(self._automaton) if len(self._automaton) else ()
        else:
            if flat is None:
                flat = flatten(key)
            matches = self._automaton.iter(f" {flat} ") if len(self._automaton) else ()
        for end, length in matches:
            start = end - length - 1
            spans.append((start, start + length))
        if self._signs is not None and any(sign in key for sign in self._sign_chars):
            spans.extend((m.start(), m.end()) for m in self._signs.finditer(key))
        if self._pattern is not None:
            wide = prepared.wide if prepared is not None else BEYOND_BMP.search(key) is not None
            pattern = self._pattern if wide else self._narrow_pattern
            spans.extend(m.span() for m in pattern.finditer(key))
        spans.sort()
        return spans


def windows(key: str, anchors: list[tuple[int, int]], before: int, after: int) -> list[tuple[int, int]]:
    """Stretches of `key` around each anchor, merged where they meet, cut at spaces."""
    out: list[tuple[int, int]] = []
    for a_start, a_end in anchors:
        start = max(0, a_start - before)
        if start:
            space = key.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else 0
        end = min(len(key), a_end + after)
        space = key.find(" ", end)
        end = len(key) if space < 0 else space
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


class NumberTokens:
    """The words, numbers and signs of a keyed text, with joined number words split apart.

    `brk[i]` says punctuation (or the text's start) stands before token i.
    """

    def __init__(self, doc: Keyed, numbers: NumberWords, start: int = 0, end: int | None = None):
        key = doc.key
        if end is None:
            end = len(key)
        words, bounds, brk = _read_tokens(key, start, end)
        # a joined number word holds a scale: look for one in the window (a substring search
        # for each, faster than the regex) before in each word
        window = key[start:end]
        if any(scale in window for scale in _JOINED_SCALES) and any(map(_MAY_BE_JOINED.search, words)):
            words, bounds, brk = self._split_joined(words, bounds, brk, numbers)
        self.words, self.bounds, self.brk = words, bounds, brk
        self.n = len(words)

    @staticmethod
    def _split_joined(words, bounds, brk, numbers):
        """دوہزارچھ -> دو ہزار چھ: the parts share the token's span; the first one starts it."""
        # only words holding a scale are looked at (a token in digits holds none); the lists are
        # changed from the end, so the indices still to come stay valid
        out_words, out_bounds, out_brk = list(words), list(bounds), list(brk)
        for k in reversed(list(compress(count(), map(_MAY_BE_JOINED.search, words)))):
            parts = numbers.split(words[k])
            if parts and len(parts) > 1:
                out_words[k : k + 1] = parts
                out_bounds[k : k + 1] = [bounds[k]] * len(parts)
                out_brk[k : k + 1] = [brk[k]] + [False] * (len(parts) - 1)
        return out_words, out_bounds, out_brk
