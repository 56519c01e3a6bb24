"""Quantities in an article body: percentages, sums of money and counts, with display offsets.

A quantity is a number (see `transforms.numbers`: digits, words, scales, fractions) followed by
its unit:

- percent: فیصد / فی صد / % (٪ is already % after normalization) -> kind 'percent', unit '%';
- money: a currency name from `seeds/currencies.csv` -> kind 'money', unit its ISO 4217 code.
  A qualified name says which currency it is (سعودی ریال SAR, بھارتی روپے INR). A bare name
  either has a fixed reading (ڈالر USD, یورو EUR, پاؤنڈ GBP, ین JPY) or is read from the
  article (`resolve=context`): روپے is INR in a story that names بھارت more than any other
  rupee country and PKR by default; ریال and دینار take the country the article names most
  (ایران -> IRR), and are left out when it names none. "$" before a number is USD;
- count: a count noun from `seeds/count_nouns.csv` (65 افراد, 5 وکٹوں) -> kind 'count', unit
  the noun as written.

A number with no unit after it is not a quantity (years, ages, scores are not counted). In a
range (5 سے 7 فیصد, 20 تا 25 ارب روپے) the first number takes the second one's unit. Words that
only count in general (ہزاروں، لاکھوں) have no value and are skipped.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from transforms.normalize import normalize
from transforms.numbers import Anchors, NumberTokens, NumberWords, load_number_words, read_number, windows
from transforms.offsets import Keyed, key_text
from transforms.prepared import Prepared, prepare
from transforms.reference import DEFAULT_SEEDS_DIR

__all__ = ["Quantity", "QuantityLexicon", "extract_quantities", "load_quantity_lexicon"]

CURRENCIES_FILE = "currencies.csv"
COUNT_NOUNS_FILE = "count_nouns.csv"
RANGE_WORDS = frozenset({"سے", "تا", "تک"})
MAX_UNIT_WORDS = 4
# Characters read before and after a unit word: room for a long number and a range before it.
WINDOW_BEFORE, WINDOW_AFTER = 48, 0
DOLLAR_REACH = 24



class Quantity(NamedTuple):
    """One quantity mention; `body[char_start:char_end] == surface`."""

    kind: str  # 'percent', 'money' or 'count'
    value: float
    unit: str  # '%', an ISO 4217 code, or the counted noun
    surface: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class _Currency:
    code: str
    bare: str
    resolve: str  # 'fixed' or 'context'
    context: str


@dataclass(frozen=True)
class QuantityLexicon:
    numbers: NumberWords
    currencies: dict[tuple[str, ...], _Currency]
    count_nouns: frozenset[tuple[str, ...]]
    # for each bare name read from context: (context term key, code) of its qualified forms
    contexts: dict[str, tuple[tuple[str, str], ...]]
    anchors: Anchors  # unit words and signs: where a quantity may be
    # the first word of each currency name and count noun -> the most words (up to
    # MAX_UNIT_WORDS) of one that starts with it
    unit_words: dict[str, int] = field(default_factory=dict)


def _words(text: str) -> tuple[str, ...]:
    return tuple(key_text(normalize(text)).split())


@lru_cache(maxsize=4)
def _load(seeds_dir: Path) -> QuantityLexicon:
    currencies: dict[tuple[str, ...], _Currency] = {}
    contexts: dict[str, list[tuple[str, str]]] = {}
    with (seeds_dir / CURRENCIES_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            row = {k: (v or "").strip() for k, v in row.items()}
            currency = _Currency(row["code"], row["bare"], row["resolve"] or "fixed", row["context"])
            currencies[_words(row["name"])] = currency
            if currency.context and currency.code:
                contexts.setdefault(currency.bare, []).append((" ".join(_words(currency.context)), currency.code))
    with (seeds_dir / COUNT_NOUNS_FILE).open(encoding="utf-8", newline="") as handle:
        nouns = frozenset(_words(row["noun"]) for row in csv.DictReader(handle) if (row.get("noun") or "").strip())
    numbers = load_number_words(seeds_dir)
    units = [" ".join(w) for w in currencies] + [" ".join(w) for w in nouns]
    units += [w for w, k in numbers.kinds.items() if k == "percent"]
    anchors = Anchors(units, signs="%$")
    unit_words: dict[str, int] = {}
    for name in [*currencies, *nouns]:
        if name and len(name) <= MAX_UNIT_WORDS:
            unit_words[name[0]] = max(unit_words.get(name[0], 0), len(name))
    contexts = {bare: tuple(pairs) for bare, pairs in contexts.items()}
    return QuantityLexicon(numbers, currencies, nouns, contexts, anchors, unit_words)


def load_quantity_lexicon(seeds_dir: Path | str | None = None) -> QuantityLexicon:
    """Number words, currencies and count nouns from `seeds_dir` (default: seeds/), read once."""
    return _load(Path(seeds_dir or DEFAULT_SEEDS_DIR).resolve())


def _after_number(key: str, anchor: tuple[int, int], numbers: NumberWords) -> bool:
    """Whether a unit word has a number right before it (or is $, which has one after it)."""
    start, end = anchor
    if key[start:end] == "$":
        return True
    before = key[max(0, start - 24) : start].rstrip()
    if not before:
        return False
    if before[-1].isdigit():
        return True
    words = before.rsplit(None, 2)  # the last two words are all it reads
    last = words[-1] if words else ""
    if not words or numbers.kinds.get(last) in ("unit", "scale", "fraction"):
        return bool(words)
    # a qualified currency (500 سعودی ریال) or a two-word unit: the number is one word further
    return len(words) > 1 and (words[-2][-1:].isdigit() or numbers.kinds.get(words[-2]) in ("unit", "scale", "fraction"))


def _number_tokens(words: list[str], numbers: NumberWords) -> list[bool]:
    """Whether each word is part of a number: digits, or a number word that is not a sign of
    one (فیصد, اعشاریہ alone are not).

    No number word starts with a digit (`load_number_words` checks), so this is one set lookup
    a word.
    """
    counting = numbers.counting
    return [word in counting or word[0].isdigit() for word in words]


def _unit_at(tokens: NumberTokens, j: int, lexicon: QuantityLexicon) -> tuple[int, str, str, _Currency | None] | None:
    """(end token, kind, unit, currency) of the unit starting at token j, if one does."""
    if j >= tokens.n or (tokens.brk[j] and tokens.words[j] != "%"):
        return None
    word = tokens.words[j]
    if word == "%" or lexicon.numbers.kinds.get(word) == "percent":
        return j + 1, "percent", "%", None
    if j + 1 < tokens.n and lexicon.numbers.kinds.get(f"{word} {tokens.words[j + 1]}") == "percent" and not tokens.brk[j + 1]:
        return j + 2, "percent", "%", None
    longest = lexicon.unit_words.get(word)
    if longest is None:
        return None  # no currency or count noun starts with this word
    for length in range(min(longest, tokens.n - j), 0, -1):
        if True in tokens.brk[j + 1 : j + length]:
            continue
        words = tuple(tokens.words[j : j + length])
        currency = lexicon.currencies.get(words)
        if currency is not None:
            return j + length, "money", currency.code, currency
        if words in lexicon.count_nouns:
            return j + length, "count", "", None
    return None


def _resolve(currency: _Currency, doc: Keyed, lexicon: QuantityLexicon, cache: dict) -> str | None:
    """The ISO code of a currency name, reading a bare name from the article where it must."""
    if currency.resolve != "context":
        return currency.code or None
    if currency.bare not in cache:
        best, best_count, best_position = None, 0, len(doc.key)
        for term, code in lexicon.contexts.get(currency.bare, ()):
            count = doc.key.count(term)
            if count:
                position = doc.key.find(term)
                if count > best_count or (count == best_count and position < best_position):
                    best, best_count, best_position = code, count, position
        cache[currency.bare] = best or currency.code or None
    return cache[currency.bare]


def extract_quantities(body: str, lexicon: QuantityLexicon | None = None, prepared: Prepared | None = None) -> list[Quantity]:
    """Percentages, sums of money and counts in `body` (normalized display text), in text order.

    `prepared` is `transforms.prepared.prepare(body)` when the caller has it already.
    """
    if not body:
        return []
    lexicon = lexicon or load_quantity_lexicon()
    numbers = lexicon.numbers
    if prepared is None:
        prepared = prepare(body)
    doc = prepared.keyed
    out: list[Quantity] = []
    cache: dict[str, str | None] = {}
    # a window ends at its unit; "$" stands before its number, so its window reaches past it
    anchors = [
        (a, a + DOLLAR_REACH) if doc.key[a:b] == "$" else (a, b)
        for a, b in lexicon.anchors.find(doc.key, prepared=prepared)
        if _after_number(doc.key, (a, b), numbers)
    ]
    for start, end in windows(doc.key, anchors, WINDOW_BEFORE, WINDOW_AFTER):
        _read_window(NumberTokens(doc, numbers, start, end), doc, lexicon, cache, out)
    return out


def _read_window(tokens: NumberTokens, doc: Keyed, lexicon: QuantityLexicon, cache: dict, out: list[Quantity]) -> None:
    numbers, body = lexicon.numbers, doc.text
    number = _number_tokens(tokens.words, numbers)
    pending: list[tuple[int, int]] = []  # numbers waiting for the unit after a range word
    i = 0
    while i < tokens.n:
        if not number[i]:
            if pending and pending[-1][1] == i and tokens.words[i] in RANGE_WORDS:
                i += 1
                continue
            # nothing waits any more: go to the next number at once
            pending = []
            try:
                i = number.index(True, i + 1)
            except ValueError:
                return
            continue
        j = i + 1
        while j < tokens.n and not tokens.brk[j] and number[j]:
            j += 1
        unit = _unit_at(tokens, j, lexicon)
        dollar = i > 0 and tokens.words[i - 1] == "$"
        if unit is None and not dollar:
            if j < tokens.n and tokens.words[j] in RANGE_WORDS or (j < tokens.n and doc.key[tokens.bounds[j - 1][1] : tokens.bounds[j][0]].strip() == "-"):
                pending.append((i, j))
            else:
                pending = []
            i = j
            continue
        # the value: the longest run ending at the unit that reads as one number
        start, value = i, None
        while start < j:
            value = read_number(tokens.words[start:j], numbers)
            if value is not None:
                break
            start += 1
        if value is None:
            i = j
            continue
        if unit is None:  # $5 ملین
            end, kind, code, currency = j, "money", "USD", None
            begin = i - 1
        else:
            end, kind, code, currency = unit
            begin = start
            if currency is not None:
                code = _resolve(currency, doc, lexicon, cache)
                if code is None:
                    i = end
                    pending = []
                    continue
            if kind == "count":
                code = doc.text[slice(*doc.span(tokens.bounds[j][0], tokens.bounds[end - 1][1]))]
        # a scale after the second number is the first one's too: 20 تا 25 ارب
        scale_tail: list[str] = []
        k = j
        while k > start and numbers.kinds.get(tokens.words[k - 1]) == "scale":
            k -= 1
            scale_tail.insert(0, tokens.words[k])
        for p_start, p_end in pending:
            p_words = tokens.words[p_start:p_end]
            if not any(numbers.kinds.get(w) == "scale" for w in p_words):
                p_words = p_words + scale_tail
            p_value = read_number(p_words, numbers)
            if p_value is not None:
                s, e = doc.span(tokens.bounds[p_start][0], tokens.bounds[p_end - 1][1])
                out.append(Quantity(kind, p_value, code, body[s:e], s, e))
        pending = []
        s, e = doc.span(tokens.bounds[begin][0], tokens.bounds[end - 1][1])
        out.append(Quantity(kind, value, code, body[s:e], s, e))
        i = end
