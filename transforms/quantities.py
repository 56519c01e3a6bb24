"""Quantities in an article body: percentages, sums of money and counts, with display offsets.

A quantity is a number (see `transforms.numbers`: digits, words, scales, fractions) followed by
its unit:

- percent: فیصد / فی صد / % (٪ is already % after normalization) -> kind 'percent', unit '%';
- money: a currency name from `seeds/currencies.csv` -> kind 'money', unit its ISO 4217 code.
  A qualified name says which currency it is (سعودی ریال SAR, بھارتی روپے INR). A bare name
  either has a fixed reading (ڈالر USD, یورو EUR, ین JPY) or is read from the article
  (`resolve=context`): first from the dateline, when the story is filed from a country with a
  currency of that name (ممبئی: روپے INR; ریاض: ریال SAR); else روپے is INR in a story that
  names بھارت more than any other rupee country and PKR by default, پاؤنڈ EGP in one that names
  مصر more than برطانیہ, else GBP; ریال and دینار take the country the article names most
  (ایران -> IRR), and are left out when it names none. "$" before a number is USD;
- count: a count noun from `seeds/count_nouns.csv` (65 افراد, 5 وکٹوں) -> kind 'count', unit
  the noun as written.

A number with no unit after it is not a quantity (years, ages, scores are not counted). In a
range (5 سے 7 فیصد, 20 تا 25 ارب روپے) the first number takes the second one's unit, and so do
the numbers of a list that writes the unit once, at its end (5، 6 اور 7 فیصد; 10 یا 12 ارب ڈالر:
a scale too); a range rises: a higher number before تک is no range's start (2007 تک 23 ٹیسٹ: "until 2007"); two numbers
joined by a dash that do not rise (3-2 گول, 1-1) are a score, not a range, and neither counts;
a number after نمبر is a rank (نمبر ایک کھلاڑی), and digits after a Latin letter name are part
of a name (ٹی 20 میچز, ایف 16 طیارے). A number word that is also an ordinary word is no number
where `seeds/number_words.csv` says so (اسی گروپ: "the same group").
Between a number and its unit may stand:

- سے and a comparative (200 سے زائد افراد, 13 ارب سے زیادہ روپے): the number is the bound;
- one or two adjectives or demonyms before a count noun (16 مشتبہ افراد, 250 شامی تارکین وطن,
  ایک برطانوی امدادی اہلکار), but not after a year or a number word that is also an
  adjective's (نو منتخب ارکان: "newly elected").

A count noun of several words may open with a number word (پانچ ایک روزہ میچ, 50 نو جوانوں).
ایک alone before a noun of things is the indefinite article (ایک ہسپتال, "a hospital"); before
people or a sports tally it counts (ایک شخص ہلاک, ایک وکٹ).

"4،4 وکٹیں" and "50,50 ہزار روپے" (so many each) count the number once. Words that only count
in general (ہزاروں، لاکھوں) have no value and are skipped, and so is a scale after a vague
word (چند ہزار، کئی لاکھ): the scale's multiplier is never dropped to read it alone.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from transforms.normalize import normalize
from transforms.numbers import Anchors, NumberTokens, NumberWords, load_number_words, parse_digits, read_number, windows
from transforms.offsets import Keyed, key_text
from transforms.prepared import Prepared, prepare
from transforms.reference import DEFAULT_SEEDS_DIR, load_reference

__all__ = ["Quantity", "QuantityLexicon", "extract_quantities", "load_quantity_lexicon"]

CURRENCIES_FILE = "currencies.csv"
COUNT_NOUNS_FILE = "count_nouns.csv"
# Words that may stand between a number in digits and its count noun: adjectives and demonyms.
COMMON_WORDS_FILE, PLACES_FILE = "common_words.csv", "places.csv"
ENTITY_CUES_FILE = "entity_cues.csv"  # its letter names (ٹی 20 میچز: T20 matches, not 20 matches)
# Letter names that are also words before numbers: K, the postposition (ملک کے 20 اضلاع), and O,
# a misprint of اور (اننگز او 54 رنز)
WORD_LETTERS = frozenset({"کے", "او"})
RANGE_WORDS = frozenset({"سے", "تا", "تک"})
# What joins the numbers of a list that shares the last one's unit (5، 6 اور 7 فیصد).
LIST_WORDS = frozenset({"اور", "یا"})
LIST_MARKS = frozenset({"،", ","})
THAN = "سے"
RANK = "نمبر"  # نمبر ایک کھلاڑی: a rank, not a count
ONE = "ایک"  # also the indefinite article
ALONE = "alone"  # number_words.csv: a word that is no number without another number word (اسی)
COMPARATIVES = frozenset({"زائد", "ذائد", "زیادہ", "کم", "اوپر"})
# A number in digits, repeated after a comma: so many each (4،4 وکٹیں).
_EACH = re.compile(r"(\d+)[,،]\1")
MIN_YEAR_LIKE, MAX_YEAR_LIKE = 1900, 2099
MAX_UNIT_WORDS = 4
MAX_MODIFIERS = 2  # adjectives and demonyms between a number and its count noun
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
    factor: float = 1.0  # a subunit's value in the currency (پیسے: 0.01 of a rupee)


@dataclass(frozen=True)
class QuantityLexicon:
    numbers: NumberWords
    currencies: dict[tuple[str, ...], _Currency]
    count_nouns: frozenset[tuple[str, ...]]
    # for each bare name read from context: (context term key, code) of its qualified forms
    contexts: dict[str, tuple[tuple[str, str], ...]]
    anchors: Anchors  # unit words and signs: where a quantity may be
    modifiers: frozenset[str]  # adjectives and demonyms that may stand before a count noun
    number_led: frozenset[str]  # number words that open a count noun of several words (نو جوانوں, ایک روزہ میچز)
    # the first word of each currency name and count noun -> the most words (up to
    # MAX_UNIT_WORDS) of one that starts with it
    unit_words: dict[str, int] = field(default_factory=dict)
    letters: frozenset[str] = frozenset()  # Latin letter names and the like: digits after one name a thing (ٹی 20, ایف 16, ٹوئنٹی 20)
    things: frozenset[tuple[str, ...]] = frozenset()  # count nouns of things: ایک before one is "a" (ایک ہسپتال)
    # a country's ISO 3166 code -> {bare name: the code of its currency of that country}; an
    # ISO 4217 code opens with its country's code (INR: IN)
    by_country: dict[str, dict[str, str]] = field(default_factory=dict)


def _words(text: str) -> tuple[str, ...]:
    return tuple(key_text(normalize(text)).split())


def _key(text: str) -> str:
    return " ".join(_words(text))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@lru_cache(maxsize=4)
def _load(seeds_dir: Path) -> QuantityLexicon:
    currencies: dict[tuple[str, ...], _Currency] = {}
    contexts: dict[str, list[tuple[str, str]]] = {}
    for row in _rows(seeds_dir / CURRENCIES_FILE):
        currency = _Currency(row["code"], row["bare"], row["resolve"] or "fixed", row["context"], float(row.get("factor") or 1))
        currencies[_words(row["name"])] = currency
        if currency.context and currency.code:
            contexts.setdefault(currency.bare, []).append((_key(currency.context), currency.code))
    nouns = frozenset(_words(row["noun"]) for row in _rows(seeds_dir / COUNT_NOUNS_FILE) if row.get("noun"))
    modifiers = {_key(row["term"]) for row in _rows(seeds_dir / COMMON_WORDS_FILE) if row["kind"] == "adjective"}
    modifiers |= {_key(row["name"]) for row in _rows(seeds_dir / PLACES_FILE) if row["kind"] == "demonym"}
    numbers = load_number_words(seeds_dir)
    modifiers = frozenset(word for word in modifiers if word and " " not in word and word not in numbers.kinds)
    units = [" ".join(w) for w in currencies] + [" ".join(w) for w in nouns]
    units += [w for w, k in numbers.kinds.items() if k == "percent"]
    anchors = Anchors(units, signs="%$")
    unit_words: dict[str, int] = {}
    for name in [*currencies, *nouns]:
        if name and len(name) <= MAX_UNIT_WORDS:
            unit_words[name[0]] = max(unit_words.get(name[0], 0), len(name))
    contexts = {bare: tuple(pairs) for bare, pairs in contexts.items()}
    by_country: dict[str, dict[str, str]] = {}
    for bare, pairs in contexts.items():
        for _, code in pairs:
            by_country.setdefault(code[:2], {})[bare] = code
    number_led = frozenset(noun[0] for noun in nouns if len(noun) >= 2 and noun[0] in numbers.kinds)
    letters = frozenset(_key(row["term"]) for row in _rows(seeds_dir / ENTITY_CUES_FILE) if row["kind"] == "letter_name") - WORD_LETTERS
    letters |= {_key(term) for term in load_reference(seeds_dir).number_names}
    things = frozenset(_words(row["noun"]) for row in _rows(seeds_dir / COUNT_NOUNS_FILE) if row.get("kind") == "things")
    return QuantityLexicon(numbers, currencies, nouns, contexts, anchors, modifiers, number_led, unit_words, letters, things, by_country)


def load_quantity_lexicon(seeds_dir: Path | str | None = None) -> QuantityLexicon:
    """Number words, currencies and count nouns from `seeds_dir` (default: seeds/), read once."""
    return _load(Path(seeds_dir or DEFAULT_SEEDS_DIR).resolve())


def _after_number(key: str, anchor: tuple[int, int], numbers: NumberWords) -> bool:
    """Whether a unit word has a number right before it (or is $, which has one after it)."""
    start, end = anchor
    if key[start:end] == "$":
        return True
    before = key[max(0, start - 32) : start].rstrip()
    if before[-1:].isdigit():
        return True  # (most units: 65 افراد)
    words = before.rsplit(None, 4)  # the last four words are all it reads
    if len(words) > 2 and words[-2] == THAN and words[-1] in COMPARATIVES:
        del words[-2:]  # 200 سے زائد افراد
    if not words:
        return False
    last = words[-1]
    if last[-1].isdigit() or numbers.kinds.get(last) in ("unit", "scale", "fraction"):
        return True
    # a qualified currency (500 سعودی ریال), a two-word unit or adjectives before a count
    # noun (16 مشتبہ افراد, ایک برطانوی امدادی اہلکار): the number is a word or two further
    return any(word[-1:].isdigit() or numbers.kinds.get(word) in ("unit", "scale", "fraction") for word in words[-1 - MAX_MODIFIERS : -1])


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


def extract_quantities(body: str, lexicon: QuantityLexicon | None = None, prepared: Prepared | None = None,
                       country: str = "") -> list[Quantity]:
    """Percentages, sums of money and counts in `body` (normalized display text), in text order.

    `prepared` is `transforms.prepared.prepare(body)` when the caller has it already. `country`
    is the ISO 3166 code of the place the article's dateline names, if known: a story filed
    from Mumbai counts its bare rupees in Indian rupees, whatever else it names (a Bollywood
    star's fee, in a story that names Pakistan once), and one from Riyadh its riyals in Saudi ones.
    """
    if not body:
        return []
    lexicon = lexicon or load_quantity_lexicon()
    numbers = lexicon.numbers
    if prepared is None:
        prepared = prepare(body)
    doc = prepared.keyed
    out: list[Quantity] = []
    cache: dict[str, str | None] = dict(lexicon.by_country.get(country, {})) if country else {}
    # a window ends at its unit; "$" stands before its number, so its window reaches past it
    anchors = [
        (a, a + DOLLAR_REACH) if doc.key[a:b] == "$" else (a, b)
        for a, b in lexicon.anchors.find(doc.key, prepared=prepared)
        if _after_number(doc.key, (a, b), numbers)
    ]
    for start, end in windows(doc.key, anchors, WINDOW_BEFORE, WINDOW_AFTER):
        _read_window(NumberTokens(doc, numbers, start, end), doc, lexicon, cache, out)
    return out


def _unit_after(tokens: NumberTokens, i: int, j: int, lexicon: QuantityLexicon) -> tuple[int, tuple] | None:
    """(first token, `_unit_at`) of the unit of the number in tokens [i, j), past what may stand
    between them (see the module's doc)."""
    unit = _unit_at(tokens, j, lexicon)
    if unit is not None and unit[0] == j + 1 and tokens.words[j] in lexicon.modifiers and j + 1 < tokens.n and tokens.words[j + 1] not in lexicon.modifiers:
        # 5 زخمی افراد: a word that counts the injured alone (150 زخمی ہو گئے) is an adjective
        # before a count noun, though not before a predicate (چار شہری ہلاک: "four civilians killed")
        after = _unit_at(tokens, j + 1, lexicon)
        if after is not None and after[1] == "count":
            return j + 1, after
    if unit is not None or j + 1 >= tokens.n or tokens.brk[j]:
        return (j, unit) if unit is not None else None
    word = tokens.words[j]
    if word == THAN and tokens.words[j + 1] in COMPARATIVES and not tokens.brk[j + 1]:
        unit = _unit_at(tokens, j + 2, lexicon)
        return (j + 2, unit) if unit is not None else None
    if word in lexicon.modifiers and _before_adjective(tokens.words[i:j], lexicon.numbers):
        # one adjective or two (ایک برطانوی امدادی اہلکار, ایک جونیئر کمشنڈ افسر)
        for k in range(j + 1, min(j + 1 + MAX_MODIFIERS, tokens.n)):
            unit = _unit_at(tokens, k, lexicon)
            if unit is not None and unit[1] == "count":
                return k, unit
            if tokens.brk[k] or tokens.words[k] not in lexicon.modifiers:
                break
    return None


def _number_led_noun(tokens: NumberTokens, k: int, lexicon: QuantityLexicon) -> bool:
    """Whether a count noun of several words starts at token k, a number word (نو جوانوں)."""
    for length in range(2, MAX_UNIT_WORDS + 1):
        if k + length > tokens.n or tokens.brk[k + length - 1]:
            return False
        if tuple(tokens.words[k : k + length]) in lexicon.count_nouns:
            return True
    return False


def _before_adjective(words: list[str], numbers: NumberWords) -> bool:
    """Whether a number may count the noun after an adjective: a number in digits that is not a
    year (16 مشتبہ افراد, not 2014 میں), or one in words none of which is also an ordinary word
    (پانچ طلائی تمغوں, اڑھائی ہزار عراقی فوجیوں; not نو منتخب ارکان, "newly elected members")."""
    if len(words) == 1 and words[0][0].isdigit():
        value = parse_digits(words[0])
        return value is not None and not MIN_YEAR_LIKE <= value <= MAX_YEAR_LIKE
    return numbers.ambiguous.keys().isdisjoint(words) and read_number(words, numbers) is not None


def _each(word: str) -> str:
    """4،4 -> 4 (so many each); any other token as it is."""
    m = _EACH.fullmatch(word) if "," in word or "،" in word else None
    return m.group(1) if m and parse_digits(word) is None else word


def _listed_next(tokens: NumberTokens, doc: Keyed, i: int, j: int) -> bool:
    """Whether the number [i, j) and the one after a comma make a list (5، 6 اور 7 فیصد): a number
    written twice is so many each (دو، دو وکٹیں), counted once."""
    return (tokens.brk[j] and doc.key[tokens.bounds[j - 1][1] : tokens.bounds[j][0]].strip() in LIST_MARKS
            and tokens.words[i:j] != tokens.words[j : 2 * j - i])


def _rising(tokens: NumberTokens, i: int, j: int, number: list[bool], numbers: NumberWords) -> int | None:
    """For numbers [i, j) and [j, k) joined by a dash: None when the second is higher (a range
    they make), else k, the end of the second: 3-2 and 1-1 are scores."""
    k = j + 1
    while k < tokens.n and number[k] and not tokens.brk[k]:
        k += 1
    first, second = read_number(tokens.words[i:j], numbers), read_number(tokens.words[j:k], numbers)
    return None if first is not None and second is not None and first < second else k


def _read_window(tokens: NumberTokens, doc: Keyed, lexicon: QuantityLexicon, cache: dict, out: list[Quantity]) -> None:
    numbers, body = lexicon.numbers, doc.text
    number = _number_tokens(tokens.words, numbers)
    # numbers waiting for the unit after a range word or in a list: (start, end, in a range)
    pending: list[tuple[int, int, bool]] = []
    i = 0
    while i < tokens.n:
        if not number[i]:
            if pending and pending[-1][1] == i and (tokens.words[i] in RANGE_WORDS if pending[-1][2] else tokens.words[i] in LIST_WORDS):
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
        if i and tokens.words[i - 1] == RANK and not tokens.brk[i]:
            pending, i = [], j
            continue
        if i and tokens.words[i - 1] in lexicon.letters and tokens.words[i][0].isdigit() and not tokens.brk[i]:
            pending, i = [], j  # ٹی 20 میچز, ایف 16 طیارے: a name with a number in it
            continue
        if j == i + 1 and numbers.ambiguous.get(tokens.words[i]) == ALONE:
            pending, i = [], j  # اسی گروپ: "the same group"
            continue
        # a count noun of several words may start with a number word (نو جوانوں, youths; ایک روزہ میچ)
        if tokens.words[j - 1] in lexicon.number_led and _number_led_noun(tokens, j - 1, lexicon):
            if j - 1 == i:
                pending, i = [], j + 1
                continue
            j -= 1
        found = _unit_after(tokens, i, j, lexicon)
        dollar = i > 0 and tokens.words[i - 1] == "$"
        if found is None and not dollar:
            dash = j < tokens.n and number[j] and doc.key[tokens.bounds[j - 1][1] : tokens.bounds[j][0]].strip() == "-"
            score_end = _rising(tokens, i, j, number, numbers) if dash else None
            if score_end is not None:  # 3-2 گول: neither number counts
                pending, i = [], score_end
                continue
            if dash or j < tokens.n and tokens.words[j] in RANGE_WORDS:
                pending.append((i, j, True))
            elif j < tokens.n and (tokens.words[j] in LIST_WORDS and not tokens.brk[j] or number[j] and _listed_next(tokens, doc, i, j)):
                pending.append((i, j, False))
            else:
                pending = []
            i = j
            continue
        # the value: the longest run ending at the unit that reads as one number (a scale's
        # multiplier is never dropped: چند ہزار has no value)
        words = list(map(_each, tokens.words[i:j]))
        start, value = i, None
        while start < j:
            value = read_number(words[start - i :], numbers)
            if value is not None:
                break
            start += 1
            if start < j and numbers.kinds.get(tokens.words[start]) == "scale":
                break
        if value is None:
            i = j
            continue
        if found is None:  # $5 ملین
            end, kind, code, currency = j, "money", "USD", None
            begin = i - 1
        else:
            unit_start, (end, kind, code, currency) = found
            begin = start
            if currency is not None:
                code = _resolve(currency, doc, lexicon, cache)
                if code is None:
                    i = end
                    pending = []
                    continue
                value *= currency.factor
            if kind == "count":
                if words[start - i :] == [ONE] and tuple(tokens.words[unit_start:end]) in lexicon.things:
                    pending, i = [], end  # ایک ہسپتال: "a hospital", not a count of one
                    continue
                code = doc.text[slice(*doc.span(tokens.bounds[unit_start][0], tokens.bounds[end - 1][1]))]
        # a scale after the second number is the first one's too: 20 تا 25 ارب
        scale_tail: list[str] = []
        k = j
        while k > start and numbers.kinds.get(tokens.words[k - 1]) == "scale":
            k -= 1
            scale_tail.insert(0, tokens.words[k])
        for p_start, p_end, ranged in pending:
            p_words = tokens.words[p_start:p_end]
            if not any(numbers.kinds.get(w) == "scale" for w in p_words):
                p_words = p_words + scale_tail
            p_value = read_number(p_words, numbers)
            if p_value is not None and currency is not None:
                p_value *= currency.factor
            if p_value is not None and (p_value < value or not ranged):  # a range rises: not 2007 تک 23 ٹیسٹ
                s, e = doc.span(tokens.bounds[p_start][0], tokens.bounds[p_end - 1][1])
                out.append(Quantity(kind, p_value, code, body[s:e], s, e))
        pending = []
        s, e = doc.span(tokens.bounds[begin][0], tokens.bounds[end - 1][1])
        out.append(Quantity(kind, value, code, body[s:e], s, e))
        i = end
