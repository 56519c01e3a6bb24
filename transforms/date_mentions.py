"""Dates mentioned in an article body, with what they say of year, month and day.

Forms read (month names from `seeds/calendar_months.csv`: CLDR's Urdu names plus the variant
spellings news uses, and the Hijri months):

- day month [year]: 2 اگست, 02 ستمبر, یکم دسمبر, گیارہ ستمبر, 15 اگست 1947ء, یکم فروری، 2021;
  month کی day تاریخ: ستمبر کی 30 تاریخ;
- month year: نومبر 2025, دسمبر دو ہزار دو; a month alone: نومبر میں (month only);
- years: 2014ء, 1998 ء, سنہ 2012, سن 1971, سال 2020, سنہ دوہزارچھ, انیس سو ساٹھ میں; a bare
  four-digit year 1900-2099 only before میں / تک / سے / کے / کی / کا or punctuation, and never
  before a unit (2000 افراد is a count);
- numeric dates: 12/05/2014, 12-05-2014 (day first, as Pakistan writes them), 2014-05-12;
- weekdays (`seeds/weekdays.csv`: CLDR's Urdu names and their variants) where they name a day:
  before کو, کے روز / کے دن, کی صبح / شام / رات / درمیانی شب / علی الصبح, before اور and another
  weekday, before a date (بدھ 22 اکتوبر), or after بروز (پیر کو, جمعرات کے روز, بروز جمعہ,
  سوموار اور منگل کی درمیانی شب); those that are nothing else (منگل, اتوار) also before سے and
  تک. ہفتہ is also "week", جمعہ also Friday's prayer, پیر also a saint (the file marks them ambiguous): alone, or before سے, none is a date;
- ranges of days (9 سے 13 نومبر, 26 اور 27 نومبر, 20-23 اکتوبر): the first day is a mention of its
  own, with the month and year of the second.

Fields the text does not give are None (NULL): نومبر 2025 has no day, یکم دسمبر no year.
With the article's publication date, `resolved_year` and `resolved_date` say what the text
leaves to its reader: the year that puts یکم دسمبر or مارچ nearest the article (28 دسمبر in
an article of 3 January is the December before), unless the words before the date say which
(گزشتہ سال نومبر: last year's; گذشتہ فروری: the last February before the article; رواں برس جنوری:
this year's; آئندہ مارچ: the next), and the day a weekday names: the last one in a clause in
the past (منگل کو داخل کرایا گیا تھا), the next one in a clause in the future (منگل کو اجلاس
ہوگا), and otherwise the nearest to the article (پیر کو in an article of a Tuesday is the day
before). `year` stays what the text says, so that a query can tell the two apart.

Hijri dates (محرم … ذوالحجہ, years marked ھ or ہجری) are kept as mentions with
`calendar='hijri'` and year, month and day left None: those fields hold Gregorian values only,
so a query for "November" never picks up ذوالقعدہ, the eleventh Hijri month. The surface keeps
what was written. Hijri month names that are also ordinary words or given names (محرم، صفر،
رجب، شعبان، رمضان) count only with a day in digits, a year, their epithet (رمضان المبارک) or ماہ
before them: تین صفر is a score ("three-nil"). مارچ ("a march") and جون (the name Jon), alone,
count where the words before them say which year or they stand between function words
(`_names_the_month`): رواں برس مارچ میں and نے جون میں are months, لانگ مارچ میں is not.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from transforms.normalize import normalize
from transforms.numbers import Anchors, NumberTokens, NumberWords, load_number_words, parse_digits, read_number, windows
from transforms.offsets import Keyed, key_text
from transforms.prepared import Prepared, prepare
from transforms.reference import DEFAULT_SEEDS_DIR, load_reference

__all__ = ["DateMention", "DateLexicon", "extract_dates", "load_date_lexicon", "resolve"]

MONTHS_FILE = "calendar_months.csv"
WEEKDAYS_FILE = "weekdays.csv"
# Where a weekday's clause ends: the sentence's end, or کہ, which opens another clause (منگل کو
# کہا کہ وہ جائیں گے: the Tuesday is the saying's).
_SENTENCE_END = re.compile(r"[۔؟!?\n]")
_WORD = re.compile(r"\w+")
# ... and the present (ہے, ہیں: منگل سے ہو رہا ہے) leaves the day the nearest one
CLAUSE_STOPS = frozenset({"کہ", "ہے", "ہیں"})
# What makes a weekday's name a day: the word after it, or the two words after it; or بروز before.
WEEKDAY_FOLLOWERS = frozenset({"کو", "المبارک"})
WEEKDAY_FOLLOWER_PAIRS = frozenset({("کے", "روز"), ("کے", "دن"), ("کی", "صبح"), ("کی", "شام"), ("کی", "رات"), ("کی", "دوپہر"), ("کی", "سہ"), ("کی", "درمیانی"), ("کی", "علی")})
# After a weekday that is nothing else: from / until that day (منگل سے, اتوار تک).
PLAIN_WEEKDAY_FOLLOWERS = frozenset({"سے", "تک"})
WEEKDAY_AND = "اور"  # پیر اور منگل کو: a day when another weekday follows
WEEKDAY_PREFIX = "بروز"
# Between the days of a range (9 سے 13 نومبر), besides a dash.
DAY_RANGE_WORDS = frozenset({"سے", "تا", "اور", "تک"})
# Words before a month that say which year it falls in, and which way: before سال/برس, that many
# years from the article's (گزشتہ سال نومبر); right before the month, the nearest such month
# before the article (-1), in its year (0) or after it (+1) (گذشتہ فروری, آئندہ مارچ).
RELATIVE_YEAR = {"گزشتہ": -1, "گذشتہ": -1, "پچھلے": -1, "رواں": 0, "اس": 0, "اسی": 0, "آئندہ": 1, "اگلے": 1}
YEAR_NOUNS = frozenset({"سال", "برس"})
YEAR_LINKS = frozenset({"کے", "کی", "کا"})
DAY_OF, DATE_NOUN = "کی", "تاریخ"  # ستمبر کی 30 تاریخ: the 30th of September
YEAR_PREFIXES = frozenset({"سن", "سنہ", "سال", "سنِ"})
GREGORIAN_ERA = frozenset({"ء", "عیسوی"})
HIJRI_ERA = frozenset({"ھ", "ہجری", "ہ"})
MONTH_PREFIX = "ماہ"
FIRST_DAY = frozenset({"یکم"})
# After a bare four-digit year: the words that make it read as one.
YEAR_FOLLOWERS = frozenset({"میں", "تک", "سے", "کے", "کی", "کا", "کو", "اور"})
# Scale words of years written in words (انیس سو ساٹھ, دو ہزار پانچ, دوہزارچھ): anchors, with the
# joined forms a year takes.
YEAR_WORDS = ("سو", "ہزار", "دوہزار", "انیسسو")
MIN_YEAR, MAX_YEAR = 1000, 2100
# Characters read around an anchor: a day and a month before a year, a year after a month.
WINDOW_BEFORE, WINDOW_AFTER = 40, 40
MIN_BARE_YEAR, MAX_BARE_YEAR = 1900, 2099
MAX_MONTH_WORDS = 2
MAX_YEAR_WORDS = 5
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# dd/mm/yyyy, dd-mm-yyyy (one or two digits of day and month) or yyyy-mm-dd, not inside a
# longer run of digits and separators. Written to open with a digit (the one before it is
# checked once that digit is read), so the regex engine can look for digits alone: the same
# matches as (?<![\d.,/-])(?:(\d{1,2})[/-](\d{1,2})[/-](\d{4})|(\d{4})-(\d{2})-(\d{2}))(?![\d/-]),
# five times faster. The day's and the year's first digit is the match's first character.
_NUMERIC_DATE = re.compile(
    r"\d(?<![\d.,/-]\d)(?:(?P<d>\d?)[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})|(?P<Y>\d{3})-(?P<M>\d{2})-(?P<D>\d{2}))(?![\d/-])"
)


class DateMention(NamedTuple):
    """One date mention; `body[char_start:char_end] == surface`; None where the text is silent."""

    surface: str
    year: int | None
    month: int | None
    day: int | None
    char_start: int
    char_end: int
    calendar: str = "gregorian"  # or 'hijri' (then year, month and day are None)
    weekday: int | None = None  # ISO: 1 Monday ... 7 Sunday, where the text names the day
    resolved_year: int | None = None  # the text's year, or the one nearest the article's date
    resolved_date: date | None = None  # where day and month are known, or a weekday is


@dataclass(frozen=True)
class _Month:
    number: int
    calendar: str
    ambiguous: bool


@dataclass(frozen=True)
class DateLexicon:
    months: dict[tuple[str, ...], _Month]
    weekdays: dict[str, int]
    plain_weekdays: frozenset[str]  # those that are nothing else (منگل), not also a word (ہفتہ)
    numbers: NumberWords
    unit_words: frozenset[str]  # words after which a number is a quantity, not a year
    anchors: Anchors  # month names, era marks, year words and four digits: where a date may be
    context_anchors: frozenset[str]  # anchors that count only next to a number (سال, سو, ء)
    starters: frozenset[str]  # words a date can start with (digits aside)
    # auxiliaries that put a clause in the past (تھا, گیا) or the future (گا, گے): which way a weekday lies
    past: frozenset[str] = frozenset()
    future: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def _load(seeds_dir: Path) -> DateLexicon:
    months: dict[tuple[str, ...], _Month] = {}
    with (seeds_dir / MONTHS_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = tuple(key_text(normalize(row["name"].strip())).split())
            if name:
                months[name] = _Month(int(row["month"]), row["calendar"].strip(), (row.get("ambiguous") or "").strip() == "yes")
    with (seeds_dir / WEEKDAYS_FILE).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["name"].strip()]
    weekdays = {key_text(normalize(row["name"].strip())): int(row["weekday"]) for row in rows}
    plain_weekdays = frozenset(key_text(normalize(row["name"].strip())) for row in rows if (row.get("ambiguous") or "").strip() != "yes")
    from transforms.quantities import load_quantity_lexicon  # units: one list, read once

    quantities = load_quantity_lexicon(seeds_dir)
    units = {words[0] for words in quantities.count_nouns} | {words[0] for words in quantities.currencies}
    units |= {w for w, k in quantities.numbers.kinds.items() if k in ("percent", "scale")}
    words = [" ".join(name) for name in months]
    words += [*YEAR_PREFIXES, *GREGORIAN_ERA, *HIJRI_ERA, *YEAR_WORDS, *weekdays]
    # \d{4}|\d{1,2}[/-]\d{1,2}[/-]\d{4}, written to open with a digit, which the regex engine
    # then looks for alone (six times faster, the same matches)
    anchors = Anchors(words, pattern=r"\d(?:\d{3}|\d?[/-]\d{1,2}[/-]\d{4})")
    numbers = load_number_words(seeds_dir)
    context_anchors = frozenset({*YEAR_PREFIXES, *GREGORIAN_ERA, *HIJRI_ERA, *YEAR_WORDS})
    starters = {name[0] for name in months} | FIRST_DAY | YEAR_PREFIXES | set(weekdays)
    starters |= {w for w, k in numbers.kinds.items() if k in ("unit", "scale")}
    starters |= {w for w in YEAR_WORDS}
    reference = load_reference(seeds_dir)
    past = frozenset(key_text(normalize(term)) for term in reference.past_auxiliaries)
    future = frozenset(key_text(normalize(term)) for term in reference.future_auxiliaries)
    return DateLexicon(months, weekdays, plain_weekdays, numbers, frozenset(units), anchors, context_anchors, frozenset(starters), past, future)


def load_date_lexicon(seeds_dir: Path | str | None = None) -> DateLexicon:
    """Month names and number words from `seeds_dir` (default: the project's seeds/), read once."""
    return _load(Path(seeds_dir or DEFAULT_SEEDS_DIR).resolve())


class _Reader:
    def __init__(self, doc: Keyed, lexicon: DateLexicon, start: int, end: int):
        self.doc = doc
        self.lex = lexicon
        self.t = NumberTokens(doc, lexicon.numbers, start, end)

    def joined(self, i: int) -> bool:
        return i < self.t.n and not self.t.brk[i]

    def word(self, i: int) -> str:
        return self.t.words[i] if 0 <= i < self.t.n else ""

    def month_at(self, i: int) -> tuple[int, _Month] | None:
        for length in range(min(MAX_MONTH_WORDS, self.t.n - i), 0, -1):
            if length > 1 and not self.joined(i + 1):
                continue
            month = self.lex.months.get(tuple(self.t.words[i : i + length]))
            if month is not None:
                return i + length, month
        return None

    def day_at(self, i: int) -> tuple[int, int] | None:
        """(end, day) of a day number at token i: 2, 02, یکم, گیارہ."""
        word = self.word(i)
        if word in FIRST_DAY:
            return i + 1, 1
        split_part = i + 1 < self.t.n and self.t.bounds[i + 1] == self.t.bounds[i]  # of دوہزارچھ
        if word.isdigit() and len(word) <= 2:
            day = int(word)
        elif self.lex.numbers.kinds.get(word) == "unit" and not split_part:
            day = int(self.lex.numbers.values[word])
        else:
            return None
        return (i + 1, day) if 1 <= day <= 31 else None

    def year_at(self, i: int, words_allowed: bool) -> tuple[int, int] | None:
        """(end, year) of a year at token i, in digits or (if allowed) in words."""
        word = self.word(i)
        if word.isdigit():
            value = parse_digits(word)
            if len(word) == 4 and value is not None and MIN_YEAR <= value <= MAX_YEAR:
                return i + 1, int(value)
            return None
        if not words_allowed or self.lex.numbers.kinds.get(word) not in ("unit", "scale"):
            return None
        end = i + 1
        while end < self.t.n and end - i < MAX_YEAR_WORDS and self.joined(end) and self.lex.numbers.kinds.get(self.word(end)) in ("unit", "scale"):
            end += 1
        # the longest run from i that reads as a year
        for stop in range(end, i, -1):
            words = self.t.words[i:stop]
            if not any(self.lex.numbers.kinds.get(w) == "scale" for w in words):
                continue
            value = read_number(words, self.lex.numbers)
            if value is not None and value == int(value) and MIN_YEAR <= value <= MAX_YEAR:
                return stop, int(value)
        return None

    def era_at(self, i: int) -> str | None:
        if not self.joined(i):
            return None
        word = self.word(i)
        if word in GREGORIAN_ERA:
            return "gregorian"
        if word in HIJRI_ERA:
            return "hijri"
        return None

    def display(self, start: int, end: int) -> tuple[str, int, int]:
        s, e = self.doc.span(self.t.bounds[start][0], self.t.bounds[end - 1][1])
        return self.doc.text[s:e], s, e


def _valid_day(day: int | None, month: int | None) -> bool:
    return day is None or month is None or day <= DAYS_IN_MONTH[month - 1]


def _mention(reader: _Reader, start: int, end: int, year, month, day, calendar) -> DateMention:
    surface, s, e = reader.display(start, end)
    if calendar == "hijri":
        year = month = day = None
    return DateMention(surface, year, month, day, s, e, calendar)


def _names_a_day(word: str, before: list[str], after: list[str], lexicon: DateLexicon) -> bool:
    """Whether a weekday's name, between these words, is a day (پیر کو) and not a word (ہفتہ بھر)."""
    if before and before[-1] == WEEKDAY_PREFIX:
        return True
    if not after:
        return False
    first = after[0]
    return (
        first in WEEKDAY_FOLLOWERS
        or tuple(after[:2]) in WEEKDAY_FOLLOWER_PAIRS
        or (first == WEEKDAY_AND and len(after) > 1 and after[1] in lexicon.weekdays)
        or (first in PLAIN_WEEKDAY_FOLLOWERS and word in lexicon.plain_weekdays)
        or (first.isdigit() and len(after) > 1 and (after[1],) in lexicon.months)  # بدھ 22 اکتوبر
    )


def _read_at(reader: _Reader, i: int) -> tuple[int, DateMention] | None:
    t = reader.t
    weekday = reader.lex.weekdays.get(t.words[i])
    if weekday is not None:
        before = [reader.word(i - 1)] if i > 0 and not t.brk[i] else []
        after = []
        for k in range(i + 1, min(i + 3, t.n)):
            if not reader.joined(k):
                break
            after.append(reader.word(k))
        if not _names_a_day(t.words[i], before, after, reader.lex):
            return None
        surface, s, e = reader.display(i, i + 1)
        return i + 1, DateMention(surface, None, None, None, s, e, weekday=weekday)
    # [day] month [،] [سن] [year] [era]
    day = reader.day_at(i)
    month_start = day[0] if day and reader.joined(day[0]) else i
    found = reader.month_at(month_start)
    if found is not None and (month_start == i or day is not None):
        end, month = found
        year_value, era = None, None
        k = end
        if k < t.n and (not t.brk[k] or reader.doc.key[t.bounds[k - 1][1] : t.bounds[k][0]].strip() in ("،", ",")):
            if reader.word(k) in YEAR_PREFIXES and reader.joined(k + 1):
                k += 1
            year = reader.year_at(k, words_allowed=True)
            if year is not None and year[0] < t.n and reader.word(year[0]) in reader.lex.unit_words and reader.joined(year[0]):
                year = None  # مارچ 2000 افراد
            if year is not None:
                k, year_value = year
                era = reader.era_at(k)
                if era:
                    k += 1
                end = k
        day_value = day[1] if month_start != i else None
        day_word = t.words[i]
        if day_value is None and year_value is None and reader.word(end) == DAY_OF and reader.joined(end) and reader.joined(end + 1):
            dated = reader.day_at(end + 1)  # ستمبر کی 30 تاریخ
            if dated is not None and reader.word(dated[0]) == DATE_NOUN and reader.joined(dated[0]):
                day_value, day_word, end = dated[1], t.words[end + 1], dated[0] + 1
        if month.ambiguous and year_value is None:
            if day_value is not None and month.calendar == "hijri" and not (day_word[0].isdigit() or day_word in FIRST_DAY):
                return None  # تین صفر: a score (پانچ جون is the fifth of June)
            if day_value is None and not _names_the_month(reader, i, end, month):
                return None  # رمضان alone may be a name; ماہ رمضان is the month
        if not _valid_day(day_value, month.number):
            return None
        return end, _mention(reader, i, end, year_value, month.number, day_value, month.calendar)
    # [سن] year [era]
    prefixed = reader.word(i) in YEAR_PREFIXES and reader.joined(i + 1)
    k = i + 1 if prefixed else i
    year = reader.year_at(k, words_allowed=True)
    if year is None:
        return None
    end, value = year
    era = reader.era_at(end)
    if era:
        end += 1
    following = reader.word(end)
    if following in reader.lex.unit_words and reader.joined(end):
        return None  # 2000 افراد, دو ہزار روپے
    if not prefixed and not era:
        bare_ok = MIN_BARE_YEAR <= value <= MAX_BARE_YEAR and (
            end >= t.n or t.brk[end] or following in YEAR_FOLLOWERS
        )
        if not bare_ok:
            return None
        if not reader.word(k).isdigit() and following not in YEAR_FOLLOWERS:
            return None  # a year in words needs سنہ, ء or میں/تک after it
    return end, _mention(reader, i, end, value, None, None, era or "gregorian")


_PUNCTUATION = "()[]{}\"'«»،,۔.:;!?؟"


def _first_of_range(reader: _Reader, i: int) -> DateMention | None:
    """The first day of a range at token i (9 in "9 سے 13 نومبر"), dated by the day after it."""
    day = reader.day_at(i)
    t = reader.t
    if day is None or day[0] >= t.n:
        return None
    k = day[0]
    if reader.word(k) in DAY_RANGE_WORDS and reader.joined(k) and reader.joined(k + 1):
        k += 1
    elif reader.doc.key[t.bounds[k - 1][1] : t.bounds[k][0]].strip() != "-":
        return None
    second = _read_at(reader, k)
    if second is None:
        return None
    mention = second[1]
    if mention.day is None or mention.month is None or day[1] >= mention.day:
        return None
    return _mention(reader, i, day[0], mention.year, mention.month, day[1], mention.calendar)


# Words a month name alone stands between where it names the month (نے جون میں, فروری اور مارچ کے دوران).
MONTH_OPENERS = YEAR_FOLLOWERS | {"نے", "کہ", "پر"}
MONTH_CLOSERS = YEAR_FOLLOWERS - {"کو", "اور"}  # (جون کو: "to Jon"; مارچ اور: a name in a list)


def _names_the_month(reader: _Reader, i: int, end: int, month: _Month) -> bool:
    """Whether an ambiguous month name at [i, end), with neither day nor year, names the month.

    ماہ before it says so (ماہ رمضان). A Gregorian one, which is also a word or a name (مارچ
    "a march", جون the name Jon), does too where the words before it say which year (رواں برس
    مارچ میں), or where it stands between function words, after a postposition, اور or a
    sentence's start and before a postposition (نے جون میں, فروری اور مارچ کے دوران). An adjective
    or a name beside it makes it the other word: لانگ مارچ میں, لیور مارچ اور, جون واٹلنگ.
    """
    t = reader.t
    if reader.word(i - 1) == MONTH_PREFIX and not t.brk[i]:
        return True
    if month.calendar != "gregorian":
        return False
    if _relation(reader, i) is not None:
        return True
    opened = t.brk[i] or reader.word(i - 1) in MONTH_OPENERS
    return opened and reader.joined(end) and reader.word(end) in MONTH_CLOSERS


def _relation(reader: _Reader, i: int) -> tuple[str, int] | None:
    """What the words before the date at token i say of its year (see RELATIVE_YEAR)."""
    k = i - 1
    if reader.word(k) in YEAR_LINKS and reader.joined(k + 1):
        k -= 1  # گزشتہ سال کے نومبر
    if reader.word(k) in YEAR_NOUNS and reader.joined(k + 1):
        away = RELATIVE_YEAR.get(reader.word(k - 1))
        return ("year", away) if away is not None and reader.joined(k) else None
    away = RELATIVE_YEAR.get(reader.word(i - 1))
    return ("month", away) if away is not None and reader.joined(i) else None


def _number_word(word: str, lexicon: DateLexicon) -> bool:
    return word[:1].isdigit() or lexicon.numbers.kinds.get(word) in ("unit", "scale") or lexicon.numbers.split(word) is not None


def _anchor_in_context(key: str, anchor: tuple[int, int], lexicon: DateLexicon) -> bool:
    """Month names and four digits always count; سال, سو, ء and the like only next to a number."""
    start, end = anchor
    word = key[start:end]
    if word in lexicon.weekdays:
        # the words' brackets and commas aside ("(جمعہ کو)"): the reading checks what joins them
        after = [w.strip(_PUNCTUATION) for w in key[end : end + 24].split()]
        return _names_a_day(word, key[max(0, start - 8) : start].split(), after, lexicon)
    if word[0].isdigit() or word not in lexicon.context_anchors:
        return True
    before = key[max(0, start - 16) : start].split()
    after = key[end : end + 16].split()
    if word in YEAR_PREFIXES:
        return bool(after) and _number_word(after[0], lexicon)
    return bool(before) and _number_word(before[-1], lexicon)


def extract_dates(body: str, lexicon: DateLexicon | None = None, prepared: Prepared | None = None,
                  published: date | None = None) -> list[DateMention]:
    """Date mentions in `body` (normalized display text), in text order.

    `prepared` is `transforms.prepared.prepare(body)` when the caller has it already;
    `published`, the article's date, resolves what the text leaves out (`resolve`).
    """
    if not body:
        return []
    lexicon = lexicon or load_date_lexicon()
    if prepared is None:
        prepared = prepare(body)
    doc = prepared.keyed
    out: list[tuple[DateMention, tuple[str, int] | None]] = []  # with what the words before it say of its year
    taken: list[tuple[int, int]] = []
    # a numeric date needs a / or a -: most texts have neither, and the scan is costly
    numeric = _NUMERIC_DATE.finditer(doc.key) if "/" in doc.key or "-" in doc.key else ()
    for m in numeric:
        first = m.group()[0]
        if m.group("y") is not None:
            day, month, year = int(first + m.group("d")), int(m.group("m")), int(m.group("y"))
        else:
            year, month, day = int(first + m.group("Y")), int(m.group("M")), int(m.group("D"))
        if 1 <= month <= 12 and 1 <= day <= DAYS_IN_MONTH[month - 1] and MIN_YEAR <= year <= MAX_YEAR:
            s, e = doc.span(m.start(), m.end())
            out.append((DateMention(body[s:e], year, month, day, s, e), None))
            taken.append((m.start(), m.end()))
    anchors = [a for a in lexicon.anchors.find(doc.key, prepared=prepared) if _anchor_in_context(doc.key, a, lexicon)]
    for w_start, w_end in windows(doc.key, anchors, WINDOW_BEFORE, WINDOW_AFTER):
        reader = _Reader(doc, lexicon, w_start, w_end)
        words, starters = reader.t.words, lexicon.starters
        i = 0
        while i < reader.t.n:
            word = words[i]
            if not (word[0].isdigit() or word in starters) or (
                taken and any(a <= reader.t.bounds[i][0] < b for a, b in taken)
            ):
                i += 1
                continue
            found = _read_at(reader, i)
            if found is None:
                first = _first_of_range(reader, i)
                if first is not None:
                    out.append((first, None))
                i += 1
                continue
            end, mention = found
            if mention.weekday is not None:
                out.append((mention, _tense(doc.key, reader.t.bounds[end - 1][1], lexicon)))
            else:
                out.append((mention, _relation(reader, i) if mention.month is not None and mention.year is None else None))
            i = end
    out.sort(key=lambda found: found[0].char_start)
    resolved = [resolve(mention, published, relation) for mention, relation in out]
    for k, (weekday, after) in enumerate(zip(resolved, resolved[1:])):
        # اتوار 12 اکتوبر کو: the day a weekday names is the date after it, where the two agree
        on = after.resolved_date
        if weekday.weekday is not None and on is not None and on.isoweekday() == weekday.weekday and not body[weekday.char_end : after.char_start].strip():
            resolved[k] = weekday._replace(resolved_year=on.year, resolved_date=on)
    return resolved


def _tense(key: str, at: int, lexicon: DateLexicon) -> tuple[str, int] | None:
    """("weekday", -1) when the clause after key offset `at` is in the past (منگل کو داخل کرایا
    گیا تھا), ("weekday", 1) when in the future (منگل کو اجلاس ہوگا), else None: its first
    auxiliary says, up to the sentence's end, a کہ or a verb in the present."""
    end = _SENTENCE_END.search(key, at)
    for word in _WORD.findall(key, at, end.start() if end else len(key)):
        if word in CLAUSE_STOPS:
            return None
        if word in lexicon.past:
            return "weekday", -1
        if word in lexicon.future:
            return "weekday", 1
    return None


def resolve(mention: DateMention, published: date | None, relation: tuple[str, int] | None = None) -> DateMention:
    """The mention with `resolved_year` and `resolved_date` filled in as far as it and `published` allow.

    A year the text leaves out is the one, of the article's year and those either side, that
    puts the day (the 15th for a month alone) nearest the article's date: news speaks of the
    months just past and just ahead. `relation` overrides that where the text says which
    (`_relation`: last year's, the last such month, this year's, the next). A weekday is the
    last such day (the article's own day included) in a clause in the past, the next in one in
    the future (`_tense`), and otherwise the nearest, three days either side. Hijri mentions
    stay unresolved: their fields are Gregorian.
    """
    if mention.calendar != "gregorian":
        return mention
    if mention.weekday is not None:
        if published is None:
            return mention
        ahead = (mention.weekday - published.isoweekday()) % 7  # days to the next such day, 0 to 6
        if relation == ("weekday", 1):
            offset = ahead
        elif relation == ("weekday", -1):
            offset = ahead - 7 if ahead else 0  # the last such day
        else:
            offset = (ahead + 3) % 7 - 3  # the nearest, three days either side
        day = published + timedelta(days=offset)
        return mention._replace(resolved_year=day.year, resolved_date=day)
    year, month, day = mention.year, mention.month, mention.day
    if year is None and month is not None and published is not None and relation is not None:
        how, away = relation
        if how == "year":
            year = published.year + away
        else:
            after = (month, day or 15) > (published.month, published.day)
            year = published.year + (away if away and after != (away > 0) else 0)
    if year is None and month is not None and published is not None:
        around = [d for y in (published.year - 1, published.year, published.year + 1) if (d := _date(y, month, day or 15))]
        year = min(around, key=lambda d: (abs((d - published).days), d)).year if around else None
    if year is None:
        return mention
    return mention._replace(resolved_year=year, resolved_date=_date(year, month, day) if month and day else None)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 29 فروری of a year not a leap year
        return None
