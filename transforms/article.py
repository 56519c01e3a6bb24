"""Split a normalized article file into its fields: date, headline, body, dateline and sources.

The seed article format is one header line, `date YYYY-MM-DD` followed on the same line by
either the headline or the body's first sentence, then the body. Real files bend it: the date
may be missing or impossible, spacing is erratic, and the body may open with a dateline in one
of many shapes (`CITY ۔ DATE (AGENCY)`, `CITY(AGENCY/DESK)`, several cities, no dateline at all).

Everything here is a pure function of the text and the reference vocabulary: no files, no
clock. Words are compared through `match_key`, so a spelling that differs only in diacritics,
Arabic-versus-Urdu letter forms or spacing still matches the vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal, NamedTuple

from transforms.normalize import match_key
from transforms.reference import Reference, load_reference

# `date_problem` codes; the problem reads "<code>: <detail>".
NO_DATE_HEADER = "no_date_header"  # the file does not open with `date ...`
INVALID_DATE = "invalid_date"  # it does, but the date is unreadable or does not exist

HeadlineOrigin = Literal["header", "derived"]

# Urdu full stop, Arabic and Latin question marks, exclamation mark.
SENTENCE_TERMINATORS = "۔؟?!"
# Only a full stop makes a first line read as the body's opening sentence: headlines are often
# questions or exclamations ("کیا ... ہوگا؟"), while news bodies open with a statement.
FULL_STOPS = "۔."
# A first line shorter than this is a headline even if it ends like a sentence ("جلد واپس آؤں گا۔").
MIN_SENTENCE_WORDS = 5
# A derived headline is cut at a word boundary once it passes this many characters.
MAX_DERIVED_HEADLINE_CHARS = 150
# A dateline's place may run to this many words (multi-city datelines are long); more is prose.
MAX_DATELINE_PLACE_WORDS = 8
# Agency credits longer than this are prose in parentheses, not a credit.
MAX_DATELINE_CREDIT_WORDS = 12
# Attribution ("X کے مطابق") is looked for only in the body's opening sentences.
ATTRIBUTION_SENTENCES = 3
# Words of a name before an agency suffix ("مہر" + "خبررساں ایجنسی").
MAX_SUFFIX_NAME_WORDS = 2

# Characters that split a dateline's credit into separate sources. `+` does not: a credit such as
# "نمائندہ سپورٹس+سپورٹس رپورٹر" names one combined byline and is kept whole.
CREDIT_SEPARATORS = re.compile(r"[،,/؛;]")
# Punctuation that may join several places in one dateline, and that may precede its date.
PLACE_JOINERS = set("،,-–/+؛;")
DATE_SEPARATORS = set("۔،,-–—:")

_HEADER = re.compile(r"\A\s*date[ \t]+(?P<token>\d\S*)[ \t]*", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
# Combining marks and joiners are part of a word, so "تبادلۂ" or a word with a ZWNJ stays whole.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d"
_TOKEN = re.compile(rf"\d+(?:[.,/:-]\d+)*|(?:[^\W\d_]|[{_MARKS}])+|\S")
_NUMERIC_DATE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")


@dataclass(frozen=True)
class ParsedArticle:
    """The fields of one article.

    `date_problem` is set exactly when `published_date` is None and reads "<code>: <detail>",
    the code being NO_DATE_HEADER or INVALID_DATE. `body` includes the first line when that line
    is the body's first sentence (`headline_origin` "derived"). `dateline_end` is the offset in
    `body` where the story starts after the dateline, 0 when there is none.
    """

    published_date: date | None
    date_problem: str | None
    headline: str
    headline_origin: HeadlineOrigin
    body: str
    dateline_city: str | None
    agencies: tuple[str, ...]
    dateline_end: int


@dataclass(frozen=True)
class TextStats:
    """Size and script of a body; see `text_stats` for how each is counted."""

    word_count: int
    sentence_count: int
    paragraph_count: int
    urdu_ratio: float


class _Token(NamedTuple):
    """A word, number or punctuation mark and its offsets (a tuple: articles make thousands of them)."""

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


@dataclass(frozen=True)
class _Dateline:
    city: str | None
    agencies: tuple[str, ...]
    end: int
    certain: bool  # it carries a date or credits a known source, so it cannot be a headline


class _Lexicon:
    """The reference vocabulary as match keys, built once per Reference."""

    def __init__(self, reference: Reference):
        self.agencies = {_compact(name) for name in reference.agencies}
        self.max_agency_words = max((len(name.split()) for name in reference.agencies), default=1)
        self.months = {_compact(term): number for term, number in reference.months}
        self.day_words = {_compact(term): number for term, number in reference.day_words}
        self.suffixes = sorted({_compact(s) for s in reference.agency_suffixes}, key=len, reverse=True)
        self.markers = sorted(
            {tuple(_key(w) for w in phrase.split()) for phrase in reference.attribution_after}, key=len, reverse=True
        )
        # The markers by their first word, longest first: a token can only start the markers
        # that begin with it, so `_marker_at` compares those alone.
        self.markers_by_first: dict[str, list[tuple[str, ...]]] = {}
        for marker in self.markers:
            if marker:
                self.markers_by_first.setdefault(marker[0], []).append(marker)
        self.descriptors = {_key(w) for phrase in reference.generic_descriptors for w in phrase.split()}
        self.function_words = {_key(w) for w in reference.function_words}
        self.postpositions = {_key(w) for w in reference.postpositions}


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    return match_key(word)


@lru_cache(maxsize=65536)
def _compact(text: str) -> str:
    """Match key without spaces: "خبر رساں" and "خبررساں" are one name spelled two ways."""
    return _key(text).replace(" ", "")


@lru_cache(maxsize=8)
def _lexicon_of(reference: Reference) -> _Lexicon:
    return _Lexicon(reference)


# The last reference asked for and its lexicon: a batch asks for the same one per article, and
# hashing a Reference (all its word lists) for the cache above costs more than the lookup.
_LAST_LEXICON: list = [None, None]


def _lexicon(reference: Reference) -> _Lexicon:
    if _LAST_LEXICON[0] is not reference:
        _LAST_LEXICON[:] = [reference, _lexicon_of(reference)]
    return _LAST_LEXICON[1]


def _tokens(text: str) -> list[_Token]:
    """Words, numbers and single punctuation marks, with their offsets in `text`."""
    new = tuple.__new__  # what _Token._make calls, without its Python frame
    return [new(_Token, (m.group(), m.start(), m.end())) for m in _TOKEN.finditer(text)]


# --- date header -------------------------------------------------------------------------------


def _read_header(text: str) -> tuple[date | None, str | None, int]:
    """Return (date, problem, where the rest of the first line starts).

    The header must be the very first thing in the file; a `date` further down is body text.
    """
    match = _HEADER.match(text)
    if match is None:
        return None, f"{NO_DATE_HEADER}: the file does not open with 'date YYYY-MM-DD'", 0
    token = match.group("token")
    iso = _ISO_DATE.fullmatch(token)
    if iso is None:
        return None, f"{INVALID_DATE}: unreadable date {token!r}", match.end()
    try:
        return date(int(iso["y"]), int(iso["m"]), int(iso["d"])), None, match.end()
    except ValueError:
        return None, f"{INVALID_DATE}: impossible date {token}", match.end()


# --- headline ----------------------------------------------------------------------------------


def _ends_sentence(line: str) -> bool:
    """A line that ends with a full stop and is long enough to be a clause reads as a sentence."""
    stripped = line.rstrip(" \t\"'”’»)")
    return bool(stripped) and stripped[-1] in FULL_STOPS and len(line.split()) >= MIN_SENTENCE_WORDS


# A sentence runs to a terminator, or to a '.' that is not inside a number like 24.3.
_SENTENCE_END = re.compile(r"[۔؟?!]|(?<!\d)\.|\.(?!\d)")


def _first_sentence(text: str) -> str:
    """Text up to the first sentence terminator (a '.' counts only when it is not inside a number)."""
    end = _SENTENCE_END.search(text)
    return text[: end.end()] if end else text


def derive_headline(body: str) -> str:
    """The body's first sentence without its full stop, cut at a word boundary when very long."""
    sentence = _first_sentence(body.split("\n", 1)[0]).strip()
    sentence = sentence.rstrip("۔.").strip()
    if len(sentence) <= MAX_DERIVED_HEADLINE_CHARS:
        return sentence
    cut = sentence.rfind(" ", 0, MAX_DERIVED_HEADLINE_CHARS)
    return sentence[: cut if cut > 0 else MAX_DERIVED_HEADLINE_CHARS].rstrip(" ،,") + "…"


# --- dateline ----------------------------------------------------------------------------------


def _recognized_date_start(tokens: list[_Token], lex: _Lexicon) -> int | None:
    """Where a date closing `tokens` starts: "02 اگست", "یکم دسمبر، 2014ء", "12-09-2014"."""
    end = len(tokens)
    if end and _NUMERIC_DATE.fullmatch(tokens[end - 1].text):
        return end - 1
    if end and tokens[end - 1].text == "ء":  # the year mark in "2014ء"
        end -= 1
    if end and tokens[end - 1].is_number and len(tokens[end - 1].text) == 4:
        end -= 1
        while end and tokens[end - 1].text in "،,":
            end -= 1
    if not (end >= 2 and _compact(tokens[end - 1].text) in lex.months):
        return None
    day = tokens[end - 2]
    if (day.is_number and 1 <= int(day.text) <= 31) or _compact(day.text) in lex.day_words:
        return end - 2
    return None


def _dateish_segment_start(tokens: list[_Token], lex: _Lexicon) -> int | None:
    """Where a short numbered segment after the last "۔" or "،" starts ("۔ 05 اكتوبر" with an
    unfamiliar month spelling): a place never holds a number, so such a segment is a date."""
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index].text in DATE_SEPARATORS:
            segment = tokens[index + 1 :]
            if 0 < len(segment) <= 4 and any(t.is_number or _compact(t.text) in lex.day_words for t in segment):
                return index + 1
            return None
    return None


def _split_date_trailer(tokens: list[_Token], lex: _Lexicon) -> tuple[list[_Token], bool]:
    """Drop a trailing date from a dateline prefix; return the place tokens and whether one was found.

    Dates come as "CITY ۔ 02 اگست", "CITY، یکم دسمبر", "CITY 23 نومبر" or "CITY ۔ 12-09-2014".
    """
    start = _recognized_date_start(tokens, lex)
    if start is None:
        start = _dateish_segment_start(tokens, lex)
    if start is None:
        return tokens, False
    while start and tokens[start - 1].text in DATE_SEPARATORS:
        start -= 1
    return tokens[:start], True


def _place(tokens: list[_Token], text: str, lex: _Lexicon) -> str | None:
    """The place name of a dateline, or None when the words cannot be one.

    A place is a few words, possibly several places joined by punctuation or "اور". Words up to a
    full stop are the tail of a spilled headline and are dropped, as is a stray leading number (a
    date fragment). Postpositions, copulas and verbs mean the words are prose, not a place.
    """
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index].text in SENTENCE_TERMINATORS:
            tokens = tokens[index + 1 :]
            break
    while tokens and not tokens[0].is_word:
        tokens = tokens[1:]
    while tokens and not tokens[-1].is_word:
        tokens = tokens[:-1]
    if not tokens:
        return None
    for token in tokens:
        if token.is_number or (not token.is_word and token.text not in PLACE_JOINERS):
            return None
        if token.is_word and _key(token.text) in lex.function_words:
            return None
    return text[tokens[0].start : tokens[-1].end]


def _credit(inner: str) -> tuple[str, ...]:
    """Split a dateline's parenthesis into sources, keeping each one's own spelling."""
    return tuple(part.strip() for part in CREDIT_SEPARATORS.split(inner) if part.strip())


def _is_known_source(name: str, lex: _Lexicon) -> bool:
    return _compact(name) in lex.agencies or any(_compact(name).endswith(s) for s in lex.suffixes)


_DATELINE = re.compile(r"\A(?P<prefix>[^\n()]{0,160}?)\(\s*(?P<inner>[^\n()]{1,160}?)\s*\)[ \t]*")


def _find_dateline(body: str, lex: _Lexicon) -> _Dateline | None:
    """Read a dateline at the very opening of the body: a short place (and date) then (SOURCES).

    It is a dateline only when the parenthesis comes within a few words of the opening, holds a
    short credit rather than a sentence, and is not followed by a postposition (as in
    "وزیر اعظم (نواز شریف) نے", where the parenthesis glosses a noun). When the place cannot be
    read (a headline spilled into the body line) the credit is still kept if the prefix carried a
    date or the credit names a known source.
    """
    match = _DATELINE.match(body)
    if match is None:
        return None
    inner = match.group("inner")
    if any(c in inner for c in SENTENCE_TERMINATORS) or len(inner.split()) > MAX_DATELINE_CREDIT_WORDS:
        return None
    following = _TOKEN.search(body[match.end() : match.end() + 40])
    if following and _key(following.group()) in lex.postpositions:
        return None
    agencies = _credit(inner)
    place_tokens, had_date = _split_date_trailer(_tokens(match.group("prefix")), lex)
    if not agencies or sum(1 for t in place_tokens if t.is_word) > MAX_DATELINE_PLACE_WORDS:
        return None
    city = _place(place_tokens, body, lex)
    certain = had_date or any(_is_known_source(a, lex) for a in agencies)
    if city is None and not certain:
        return None
    end = match.end()
    while end < len(body) and body[end] in " \t-–—:":
        end += 1
    return _Dateline(city, agencies, end, certain)


# --- attribution -------------------------------------------------------------------------------


def _opening_sentences(body: str, count: int) -> str:
    """The body up to the end of its `count`-th sentence."""
    rest, taken = body, 0
    for _ in range(count):
        sentence = _first_sentence(rest)
        taken += len(sentence)
        rest = rest[len(sentence) :]
        if not rest:
            break
    return body[:taken]


def _marker_at(keys: list[str], index: int, lex: _Lexicon) -> int:
    """Length in tokens of the attribution phrase starting at `index`, or 0."""
    for marker in lex.markers_by_first.get(keys[index], ()):
        if tuple(keys[index : index + len(marker)]) == marker:
            return len(marker)
    return 0


def _known_name_before(tokens: list[_Token], end: int, lex: _Lexicon) -> int | None:
    """Start index of the longest known agency name that ends just before token `end`."""
    for length in range(min(lex.max_agency_words + 2, end), 0, -1):
        span = tokens[end - length : end]
        if all(t.is_word for t in span) and "".join(_compact(t.text) for t in span) in lex.agencies:
            return end - length
    return None


def _suffixed_name_before(tokens: list[_Token], end: int, lex: _Lexicon) -> int | None:
    """Start index of "NAME خبررساں ایجنسی" / "NAME نیوز" ending before token `end`.

    The name is one or two words that are neither function words nor descriptors, so that
    "ایران کی سرکاری خبر رساں ایجنسی" (a state news agency, unnamed) is not taken for a name.
    """
    for suffix in lex.suffixes:
        joined, start = "", end
        while start > 0 and len(joined) < len(suffix) and tokens[start - 1].is_word:
            start -= 1
            joined = _compact(tokens[start].text) + joined
        if joined != suffix:
            continue
        name_start = start
        while (
            name_start > 0
            and start - name_start < MAX_SUFFIX_NAME_WORDS
            and tokens[name_start - 1].is_word
            and _key(tokens[name_start - 1].text) not in lex.function_words
            and _key(tokens[name_start - 1].text) not in lex.descriptors
        ):
            name_start -= 1
        if name_start < start:
            return name_start
    return None


def _attributed_agencies(body: str, lex: _Lexicon) -> tuple[str, ...]:
    """Sources named in the opening sentences as "X کی رپورٹ کے مطابق", "X کے مطابق", "X نے بتایا"."""
    region = _opening_sentences(body, ATTRIBUTION_SENTENCES)
    tokens = _tokens(region)
    keys = [_key(t.text) for t in tokens]
    found: dict[str, str] = {}
    index = 0
    while index < len(tokens):
        length = _marker_at(keys, index, lex)
        if not length:
            index += 1
            continue
        start = _known_name_before(tokens, index, lex)
        if start is None:
            start = _suffixed_name_before(tokens, index, lex)
        if start is not None:
            name = region[tokens[start].start : tokens[index - 1].end]
            found.setdefault(_compact(name), name)
        index += length
    return tuple(found.values())


# --- article -----------------------------------------------------------------------------------


def _split_first_line(text: str, start: int) -> tuple[str, str]:
    """The header line's text after the date, and everything after that line.

    When the header line holds nothing but the date, the next non-empty line stands in for it.
    """
    first, _, rest = text[start:].partition("\n")
    if not first.strip() and rest.strip():
        first, _, rest = rest.lstrip().partition("\n")
    return first.strip(), rest.strip()


def read_dateline(body: str, reference: Reference | None = None) -> tuple[str | None, tuple[str, ...], int]:
    """The body's dateline city, its credited agencies and where the story text starts.

    Without a dateline, agencies come from an attribution in the opening sentences and the
    story starts at 0. Feed items and web pages, whose headline and date come from elsewhere,
    need only this part of the parse.
    """
    lex = _lexicon(reference or load_reference())
    return _dateline_fields(body, _find_dateline(body, lex), lex)


def dateline_place(body: str, reference: Reference | None = None) -> str | None:
    """The place the dateline at the body's opening names (لاہور in "لاہور ۔ 23 دسمبر (اے پی پی)"),
    or None: also when the dateline carries no date and credits no known source, as a heading
    glossed in brackets may look like one."""
    dateline = _find_dateline(body, _lexicon(reference or load_reference()))
    return dateline.city if dateline is not None and dateline.certain else None


def _dateline_fields(body: str, dateline: _Dateline | None, lex: _Lexicon) -> tuple[str | None, tuple[str, ...], int]:
    """`read_dateline` once the body's dateline (`_find_dateline`) is known."""
    if dateline is not None:
        return dateline.city, dateline.agencies, dateline.end
    return None, _attributed_agencies(body, lex), 0


def parse_article(text: str, reference: Reference | None = None) -> ParsedArticle:
    """Parse one article's normalized text; `reference` defaults to the project's seeds.

    Headline or first sentence: when the next line opens with a dateline, the first line is the
    headline, whatever its punctuation. Otherwise the first line is the body's first sentence
    when it opens with a dateline itself (one with a date or a known source, so that a headline
    like "عمران خان (پی ٹی آئی) لاہور پہنچ گئے" stays a headline), or when it ends with a full
    stop and is clause-length; anything else (no terminator, a question, an exclamation, a short
    quote) is a headline.
    """
    lex = _lexicon(reference or load_reference())
    published, problem, start = _read_header(text)
    first, rest = _split_first_line(text, start)

    first_dateline = _find_dateline(first, lex)
    rest_dateline = _find_dateline(rest, lex) if first else None
    is_sentence = (
        bool(first)
        and rest_dateline is None
        and (_ends_sentence(first) or (first_dateline is not None and first_dateline.certain))
    )
    if is_sentence:
        body = f"{first}\n{rest}".strip()
        headline, origin = derive_headline(body), "derived"
        dateline = _find_dateline(body, lex)
    else:
        body, headline, origin = rest, first, "header"
        dateline = rest_dateline if first else _find_dateline(body, lex)  # the body is `rest`: found above

    city, agencies, end = _dateline_fields(body, dateline, lex)
    return ParsedArticle(
        published_date=published,
        date_problem=problem,
        headline=headline,
        headline_origin=origin,
        body=body,
        dateline_city=city,
        agencies=agencies,
        dateline_end=end,
    )


# --- statistics --------------------------------------------------------------------------------


_ARABIC_BLOCKS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# A letter is a word character that is neither a digit nor an underscore (str.isalpha, as a regex).
_LETTER = re.compile(r"[^\W\d_]")
_NON_ARABIC_LETTER = re.compile(rf"[^\W\d_{_ARABIC_BLOCKS}]")
_ALNUM = re.compile(r"[^\W_]")
# A whitespace-separated token holding a letter or digit (a lone "۔" is not a word).
_WORD = re.compile(r"\S*[^\W_]\S*")


def _sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for end in _SENTENCE_END.finditer(paragraph):
        out.append(paragraph[start : end.end()])
        start = end.end()
    if start < len(paragraph):
        out.append(paragraph[start:])
    return out


def text_stats(body: str) -> TextStats:
    """Counts that describe a body's size and script.

    - words: whitespace-separated tokens holding a letter or digit (a lone "۔" is not a word);
    - sentences: stretches ending in a terminator or at a paragraph's end, if they hold a word;
    - paragraphs: non-blank lines (articles put one paragraph on a line; blank lines are spacing);
    - urdu_ratio: Arabic-script letters over all letters (digits, punctuation and diacritics
      are not letters); 0.0 for a body without letters.
    """
    words = len(_WORD.findall(body))
    paragraphs = [line for line in body.splitlines() if line.strip()]
    sentences = sum(1 for paragraph in paragraphs for sentence in _sentences(paragraph) if _ALNUM.search(sentence))
    letters = len(_LETTER.findall(body))
    arabic = letters - len(_NON_ARABIC_LETTER.findall(body))
    return TextStats(
        word_count=words,
        sentence_count=sentences,
        paragraph_count=len(paragraphs),
        urdu_ratio=arabic / letters if letters else 0.0,
    )
