"""Urdu text normalization: one display form for the warehouse, one key for matching.

`normalize` applies `RULES`, a fixed sequence of small named rules, in this order:

1. `nfc`                      canonical composition (ا + ٓ becomes آ; آ, ئ, ؤ stay whole)
2. `fold_presentation_forms`  Arabic presentation forms and ligatures to ordinary letters
3. `compose_hamza`            ی + ٔ to ئ, the hamza letter NFC leaves in two pieces
4. `unify_letters`            Arabic-keyboard letters to the Urdu ones (ي ى ك ه ۀ ة ە)
5. `remove_invisibles`        tatweel, joiners, direction marks, odd spaces and line breaks
6. `ascii_digits`             Arabic-Indic digits and separators to ASCII
7. `fix_spacing`              spaces between scripts, around ۔ ، ؟ ؛, at line ends, blank lines

The display form keeps what a reader sees: diacritics stay, and ھ/ہ, ں/ن and ے/ی remain
distinct letters (they spell different words). `match_key` goes further, for matching and
hashing: it drops Arabic diacritics and ZWNJ and puts the text on one line, so texts that differ
only in those get the same key.

Every rule checks whether a text needs it before paying for it (a precompiled character-class
search, `unicodedata.is_normalized`), and `normalize` skips rules 1-6 altogether for text that
holds none of the characters they act on, which is most real news text. No rule leaves work
for an earlier one (rules 2 and 5 recompose what they change), so `normalize` and `match_key`
are idempotent.

`normalize_array` and `match_key_array` work on whole Arrow columns. Rule 7 runs there as RE2
regular-expression rewrites over the column, in two more threads, which is all that most rows
need; the few rows that rules 1-6 may act on go through those in Python, each rule only where
an Arrow search says it may act, and then through rule 7 in Arrow again. Rule 7 is therefore
written twice, step by step, once per engine; the tests hold the two to the same result.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "RULES",
    "ascii_digits",
    "compose_hamza",
    "fix_spacing",
    "fold_presentation_forms",
    "match_key",
    "match_key_array",
    "needs_normalization",
    "nfc",
    "normalize",
    "normalize_array",
    "remove_invisibles",
    "unify_letters",
]

HAMZA_ABOVE = "\u0654"
ZWNJ = "\u200c"
DIGITS = "0123456789"
# Urdu's full stop ۔, comma ،, question mark ؟ and semicolon ؛; the first two also sit inside
# numbers (9۔00, 5،000).
URDU_PUNCTUATION = "\u06d4\u060c\u061f\u061b"
NUMBER_PUNCTUATION = "\u06d4\u060c"

PRESENTATION_FORM_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFC))
ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
LATIN_RANGES = ((0x0041, 0x005A), (0x0061, 0x007A), (0x00C0, 0x024F), (0x1E00, 0x1EFF))


# ---------------------------------------------------------------------------------------------
# Character sets, from the Unicode database of the running Python.


def _code_points(ranges: Iterable[tuple[int, int]]) -> Iterable[int]:
    for lo, hi in ranges:
        yield from range(lo, hi + 1)


def _chars(ranges: Iterable[tuple[int, int]], *categories: str) -> frozenset[int]:
    """The code points in the ranges whose general category starts with one of the prefixes."""
    return frozenset(cp for cp in _code_points(ranges) if unicodedata.category(chr(cp)).startswith(categories))


def _scan_unicode() -> dict[str, frozenset[int]]:
    """Marks, punctuation and composition facts, in one pass over planes 0-2 and 14.

    The other planes hold no marks, punctuation or decomposable characters.
    """
    found: dict[str, set[int]] = {
        "marks": set(),  # general category M: attached to the character before them
        "combining": set(),  # canonical combining class > 0: NFC may reorder them
        "below_hamza": set(),  # combining class 1-229: sorts before U+0654 without blocking it
        "not_nfc": set(),  # NFC replaces the character itself
        "composes_backward": set(),  # NFC may merge it into the character before it
        "punctuation": set(),  # P* except opening brackets (Ps) and opening quotes (Pi)
    }
    for cp in _code_points(((0x0000, 0xD7FF), (0xE000, 0x2FFFF), (0xE0000, 0xE0FFF))):
        ch = chr(cp)
        category = unicodedata.category(ch)
        if category[0] == "M":
            found["marks"].add(cp)
            ccc = unicodedata.combining(ch)
            if ccc:
                found["combining"].add(cp)
                if ccc < 230:
                    found["below_hamza"].add(cp)
        elif category in ("Pc", "Pd", "Pe", "Pf", "Po"):
            found["punctuation"].add(cp)
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<"):
            if not unicodedata.is_normalized("NFC", ch):
                found["not_nfc"].add(cp)
            parts = decomposition.split()
            if len(parts) == 2:
                found["composes_backward"].add(int(parts[1], 16))
    # Hangul vowel and trailing jamo compose with the syllable before them.
    found["composes_backward"].update(range(0x1161, 0x1176), range(0x11A8, 0x11C3))
    return {name: frozenset(cps) for name, cps in found.items()}


_UNICODE = _scan_unicode()
_MARKS = _UNICODE["marks"]
_ARABIC_LETTERS = _chars(ARABIC_RANGES, "L")
_ARABIC_MARKS = _chars(ARABIC_RANGES, "Mn")
_LATIN_LETTERS = _chars(LATIN_RANGES, "L")
_WHITESPACE = frozenset(cp for cp in range(0x3001) if chr(cp).isspace())


def _ords(chars: str) -> frozenset[int]:
    return frozenset(map(ord, chars))


def _ranges(code_points: Iterable[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for cp in sorted(code_points):
        if spans and cp == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], cp)
        else:
            spans.append((cp, cp))
    return spans


def _class(code_points: Iterable[int], *, re2: bool = False, negate: bool = False) -> str:
    """A regular-expression character class, with escapes for Python's `re` or for RE2."""
    escape = (lambda cp: f"\\x{{{cp:x}}}") if re2 else (lambda cp: f"\\U{cp:08x}")
    body = "".join(escape(lo) if lo == hi else f"{escape(lo)}-{escape(hi)}" for lo, hi in _ranges(code_points))
    return f"[{'^' if negate else ''}{body}]"


# Characters after which ۔ ، ؟ ؛ take no space: whitespace, marks (they belong to the
# punctuation), and punctuation other than opening brackets and quotes.
_NO_SPACE_AFTER_PUNCTUATION = _WHITESPACE | _MARKS | _UNICODE["punctuation"]
# Named classes for the spacing patterns: {A} an Arabic-script letter, {N} an ASCII digit or a
# Latin letter, {M} a mark, {P} Urdu punctuation, {NP} the two that also sit inside numbers,
# {X} what takes a space after Urdu punctuation, {XND} the same but not a digit.
_CLASS_SETS = {
    "A": (_ARABIC_LETTERS, False),
    "N": (_ords(DIGITS) | _LATIN_LETTERS, False),
    "M": (_MARKS, False),
    "P": (_ords(URDU_PUNCTUATION), False),
    "NP": (_ords(NUMBER_PUNCTUATION), False),
    "X": (_NO_SPACE_AFTER_PUNCTUATION, True),
    "XND": (_NO_SPACE_AFTER_PUNCTUATION | _ords(DIGITS), True),
}
_PY = {name: _class(cps, negate=negate) for name, (cps, negate) in _CLASS_SETS.items()}


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


class _CharClass:
    """A fast "does the text hold any of these characters" test for a large set.

    Python's `re` tests a class that reaches beyond the BMP range by range, which is slow for
    hundreds of ranges; the BMP part is compiled alone, and the rest is only tried on text that
    holds a character beyond the BMP at all.
    """

    def __init__(self, code_points: Iterable[int]):
        code_points = frozenset(code_points)
        self._bmp = re.compile(_class(cp for cp in code_points if cp <= 0xFFFF))
        beyond = [cp for cp in code_points if cp > 0xFFFF]
        self._beyond = re.compile(_class(beyond)) if beyond else None

    def found_in(self, text: str) -> bool:
        if self._bmp.search(text):
            return True
        return bool(self._beyond and _BEYOND_BMP.search(text) and self._beyond.search(text))


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(template.format_map(_PY))


# ---------------------------------------------------------------------------------------------
# Rule 1: NFC.


# Characters NFC may change or merge with a neighbour; a text splits safely before any other
# character, so only the runs of these, with the character before each, need normalizing.
_NFC_UNSTABLE = _UNICODE["combining"] | _UNICODE["not_nfc"] | _UNICODE["composes_backward"]
_NFC_UNSTABLE_BMP_RUN = re.compile(_class(cp for cp in _NFC_UNSTABLE if cp <= 0xFFFF) + "+")


def _nfc_by_runs(text: str) -> str:
    pieces, done = [], 0
    for run in _NFC_UNSTABLE_BMP_RUN.finditer(text):
        start = max(run.start() - 1, 0)
        pieces += (text[done:start], unicodedata.normalize("NFC", text[start : run.end()]))
        done = run.end()
    pieces.append(text[done:])
    return "".join(pieces)


def nfc(text: str) -> str:
    """Compose canonically equivalent spellings: ا + ٓ becomes آ, و + ٔ becomes ؤ.

    Sources mix precomposed and decomposed letters and type stacked diacritics in any order;
    NFC makes each one string. It is canonical only: آ, ئ and ؤ stay whole, and presentation
    forms are left to rule 2, which folds them with Urdu in mind rather than wholesale (NFKC).
    Only the stretches around marks are normalized, which in a long article is much cheaper.
    """
    if unicodedata.is_normalized("NFC", text):
        return text
    return _compose(text)


def _compose(text: str) -> str:
    """NFC without first checking whether the text needs it."""
    if _BEYOND_BMP.search(text):
        return unicodedata.normalize("NFC", text)
    return _nfc_by_runs(text)


# ---------------------------------------------------------------------------------------------
# Rule 4's table comes first: rule 2 folds presentation forms straight to unified letters.

_LETTER_VARIANTS = {
    0x064A: "\u06cc",  # ي Arabic yeh -> ی
    0x0649: "\u06cc",  # ى alef maksura -> ی
    0x0643: "\u06a9",  # ك Arabic kaf -> ک
    0x0647: "\u06c1",  # ه Arabic heh -> ہ heh goal
    0x06D5: "\u06c1",  # ە ae -> ہ
    0x06C0: "\u06c2",  # ۀ heh with yeh above -> ۂ heh goal with hamza above
    0x0629: "\u06c3",  # ة teh marbuta -> ۃ teh marbuta goal
}
_LETTER_VARIANT = re.compile(_class(_LETTER_VARIANTS))
_LETTER_VARIANT_RUN = re.compile(_class(_LETTER_VARIANTS) + "+")

# Honorific and devotional ligatures that have no Unicode decomposition, spelled out as Urdu
# writes them.
_LIGATURE_SPELLINGS = {
    0xFD40: "رحمہ اللہ",
    0xFD41: "رضی اللہ عنہ",
    0xFD42: "رضی اللہ عنہا",
    0xFD43: "رضی اللہ عنہم",
    0xFD44: "رضی اللہ عنہما",
    0xFD45: "رضی اللہ عنہن",
    0xFD46: "صلی اللہ علیہ وآلہ",
    0xFD47: "علیہ السلام",
    0xFD48: "علیہم السلام",
    0xFD49: "علیہما السلام",
    0xFD4A: "علیہ الصلاۃ والسلام",
    0xFD4B: "قدس سرہ",
    0xFD4C: "صلی اللہ علیہ وآلہ وسلم",
    0xFD4D: "علیہا السلام",
    0xFD4E: "تبارک وتعالی",
    0xFD4F: "رحمہم اللہ",
    0xFDCF: "سلامہ علینا",
    0xFDFD: "بسم اللہ الرحمن الرحیم",
    0xFDFE: "سبحانہ وتعالی",
    0xFDFF: "عز وجل",
}


def _presentation_form_target(cp: int) -> str:
    """What one code point of the presentation-form blocks becomes (before letter unification).

    Its compatibility decomposition (NFKC) where it has one: every yeh and alef maksura form
    (FEF1-FEF4, FEEF-FEF0, FBFC-FBFF) decomposes to a yeh, and only the yeh barree forms
    (FBAE-FBAF) to ے; lam-alef ligatures become لا, ﷲ الله, and ﷺ is spelled out. Ligatures
    without a decomposition are spelled out from `_LIGATURE_SPELLINGS`; the ornate parentheses
    become ( and ). The rest (the tail fragment, the symbols that describe dots, noncharacters,
    unassigned points) carries no text and is deleted.
    """
    ch = chr(cp)
    compatibility = unicodedata.normalize("NFKC", ch)
    if cp in _LIGATURE_SPELLINGS:
        return _LIGATURE_SPELLINGS[cp]
    if compatibility != ch:
        return compatibility
    return {"Ps": "(", "Pe": ")"}.get(unicodedata.category(ch), "")


# ---------------------------------------------------------------------------------------------
# Rule 2: presentation forms.

_PRESENTATION_FORMS = {
    cp: _presentation_form_target(cp).translate(_LETTER_VARIANTS) for cp in _code_points(PRESENTATION_FORM_RANGES)
}
_PRESENTATION_FORM = re.compile(_class(_PRESENTATION_FORMS))
_PRESENTATION_FORM_RUN = re.compile(_class(_PRESENTATION_FORMS) + "+")


def fold_presentation_forms(text: str) -> str:
    """Replace Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFC) by the letters they show.

    They are glyph shapes (initial, medial, final, isolated, ligatures) that old converters and
    PDF extraction leave in text, and they defeat search and matching. Every yeh form becomes
    ی, never ے (some Urdu tables send the initial and medial yeh forms to ے); heh goal forms
    become ہ, heh doachashmee forms ھ, noon ghunna forms ں, yeh barree forms ے, each letter
    staying distinct. ﷲ becomes اللہ and ﷺ صلی اللہ علیہ وسلم: spelled out, they are found
    by the same searches as the typed words. The result is recomposed (NFC), since a folded
    letter may compose with a mark after it.
    """
    if not _PRESENTATION_FORM.search(text):
        return text
    return nfc(_PRESENTATION_FORM_RUN.sub(lambda run: run.group().translate(_PRESENTATION_FORMS), text))


# ---------------------------------------------------------------------------------------------
# Rule 3: hamza above.

# Each letter that carries a hamza above, and the letter the pair is. NFC composes the pairs of
# ي ے ہ ە و but has no composition for ی ى ه; all are listed so the rule reads as one table.
_HAMZA_CARRIERS = {
    "\u06cc": "\u0626",  # ی + ٔ -> ئ
    "\u0649": "\u0626",  # ى + ٔ -> ئ
    "\u064a": "\u0626",  # ي + ٔ -> ئ
    "\u06d2": "\u06d3",  # ے + ٔ -> ۓ
    "\u06c1": "\u06c2",  # ہ + ٔ -> ۂ
    "\u0647": "\u06c2",  # ه + ٔ -> ۂ
    "\u06d5": "\u06c2",  # ە + ٔ -> ۂ (rule 4 makes ە ہ)
    "\u0648": "\u0624",  # و + ٔ -> ؤ
}
# A carrier, marks that sort before the hamza without blocking it (as NFC decides), the hamza.
_BARE_HAMZA = re.compile(
    f"({_class(_ords(''.join(_HAMZA_CARRIERS)))})({_class(_UNICODE['below_hamza'])}*){HAMZA_ABOVE}"
)


def compose_hamza(text: str) -> str:
    """Write ی + U+0654 as ئ, as NFC does for ے + ٔ (ۓ), ہ + ٔ (ۂ) and و + ٔ (ؤ).

    Unicode gives ی + ٔ no composition, so the same word typed on two keyboards has two
    spellings; this makes it one. ى + ٔ becomes ئ and ه + ٔ ۂ alike, before rule 4 sees them.
    """
    if HAMZA_ABOVE not in text:
        return text
    return _BARE_HAMZA.sub(lambda m: _HAMZA_CARRIERS[m.group(1)] + m.group(2), text)


# ---------------------------------------------------------------------------------------------
# Rule 4: letter unification.


def unify_letters(text: str) -> str:
    """Write Arabic-keyboard letters as the Urdu ones: ي and ى -> ی, ك -> ک, ه -> ہ.

    Windows-1256 has no ی, ک or ہ and Arabic layouts type ي, ك and ه instead; a word needs one
    spelling to be found. Also ۀ -> ۂ and ە -> ہ (neither is Urdu), and ة -> ۃ, the Urdu teh
    marbuta of زکوٰۃ and صلوٰۃ: it keeps the letter, where ت or ہ would change the word. ھ, the
    aspiration heh of بھی, is a different letter and is never touched; nor are ں or ے.
    """
    if not _LETTER_VARIANT.search(text):
        return text
    return _LETTER_VARIANT_RUN.sub(lambda run: run.group().translate(_LETTER_VARIANTS), text)


# ---------------------------------------------------------------------------------------------
# Rule 5: invisible characters and whitespace.

_DELETED = (
    "\u0640"  # tatweel (kashida): stretches a joint, carries no letter
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u200d\u200e\u200f"  # zero width joiner, left-to-right mark, right-to-left mark
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings, pop, overrides
    "\u2060"  # word joiner
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # byte order mark, wherever it is
)
_INVISIBLES = {
    **{ord(ch): "" for ch in _DELETED},
    **{cp: " " for cp in _WHITESPACE if unicodedata.category(chr(cp)) == "Zs" and cp != 0x20},
    **{ord(ch): " " for ch in "\t\x1f\u200b"},  # tab, unit separator, zero width space
    **{ord(ch): "\n" for ch in "\x0b\x0c\r\x1c\x1d\x1e\x85\u2028"},
    0x2029: "\n\n",  # paragraph separator
}
_INVISIBLE = re.compile(_class(_INVISIBLES))
_INVISIBLE_RUN = re.compile(_class(_INVISIBLES) + "+")


def remove_invisibles(text: str) -> str:
    """Delete invisible format characters; write every space as ' ' and line break as '\\n'.

    Tatweel, ZWJ, direction marks (LRM, RLM, ALM, bidi embeddings, overrides and isolates),
    stray BOMs and soft hyphens change how text looks or flows, not what it says, and they
    split words that must match. ZWSP, NBSP, narrow NBSP, tabs and the other Unicode spaces
    become a space; CR LF, CR and the other line and paragraph separators become newlines. ZWNJ
    stays: in Urdu it keeps the parts of a word unjoined (the match key drops it). Deleting a
    character can bring a letter and a mark together, so the result is recomposed.
    """
    if not _INVISIBLE.search(text):
        return text
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    text = _INVISIBLE_RUN.sub(lambda run: run.group().translate(_INVISIBLES), text)
    return compose_hamza(nfc(text))


# ---------------------------------------------------------------------------------------------
# Rule 6: digits.

_DIGIT_VARIANTS = {
    **{0x0660 + d: str(d) for d in range(10)},  # Arabic-Indic ٠-٩
    **{0x06F0 + d: str(d) for d in range(10)},  # Extended Arabic-Indic ۰-۹, the Urdu digits
    0x066B: ".",  # ٫ Arabic decimal separator
    0x066C: ",",  # ٬ Arabic thousands separator
    0x066A: "%",  # ٪ Arabic percent sign
}
_DIGIT_VARIANT = re.compile(_class(_DIGIT_VARIANTS))
_DIGIT_VARIANT_RUN = re.compile(_class(_DIGIT_VARIANTS) + "+")


def ascii_digits(text: str) -> str:
    """Write numbers in ASCII: ۲۰۲۵ -> 2025, ٣٫١٤ -> 3.14, ١٬٠٠٠ -> 1,000, ٥٠٪ -> 50%.

    News sites mix the digit sets, often within one article, and dates, amounts and counts are
    parsed and compared as numbers. ٪ becomes % so that a percentage reads the same whichever
    digits it was typed in.
    """
    if not _DIGIT_VARIANT.search(text):
        return text
    return _DIGIT_VARIANT_RUN.sub(lambda run: run.group().translate(_DIGIT_VARIANTS), text)


# ---------------------------------------------------------------------------------------------
# Rule 7: spacing.

_SPACE_RUN = re.compile(" {2,}")
_BLANK_LINES = re.compile("\n{3,}")


def _tidy_spaces(text: str) -> str:
    """One space between words, none at line ends or before ۔ ، ؟ ؛, at most one blank line."""
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if " \n" in text:
        text = text.replace(" \n", "\n")
    if "\n " in text:
        text = text.replace("\n ", "\n")
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    for mark in URDU_PUNCTUATION:
        if " " + mark in text:
            text = text.replace(" " + mark, mark)
    return text


def _strip_text(text: str) -> str:
    """No spaces or blank lines before or after the text."""
    return text.strip(" \n")


_DIGIT_OR_LATIN_THEN_URDU = _pattern(r"({N}{M}*)({A})")


def _space_before_urdu_letter(text: str) -> str:
    """A space between a digit or Latin letter and the Urdu letter after it: 65افراد -> 65 افراد."""
    return _DIGIT_OR_LATIN_THEN_URDU.sub(r"\1 \2", text)


# A digit or Latin letter right after an Urdu letter or a mark (whose letter is checked below).
_DIGIT_OR_LATIN_AFTER_LETTER_OR_MARK = re.compile(
    "{N}(?<=[{A_M}]{N})".format(N=_PY["N"], A_M=_PY["A"][1:-1] + _PY["M"][1:-1])
)
_ARABIC_LETTER_CHARS = frozenset(map(chr, _ARABIC_LETTERS))
_MARK_CHARS = frozenset(map(chr, _MARKS))


def _space_before_digit_or_latin(match: re.Match[str]) -> str:
    text, i = match.string, match.start() - 1
    while i >= 0 and text[i] in _MARK_CHARS:
        i -= 1
    return " " + match.group() if i >= 0 and text[i] in _ARABIC_LETTER_CHARS else match.group()


def _space_after_urdu_letter(text: str) -> str:
    """A space between an Urdu letter and the digit or Latin letter after it: سکور95 -> سکور 95."""
    return _DIGIT_OR_LATIN_AFTER_LETTER_OR_MARK.sub(_space_before_digit_or_latin, text)


_PUNCTUATION_THEN_TEXT = _pattern(r"({P}{M}*)({X})")


def _space_after(match: re.Match[str]) -> str:
    punctuation, after = match.groups()
    start = match.start()
    before = match.string[start - 1] if start else ""
    if after in DIGITS and before and before in DIGITS and punctuation[0] in NUMBER_PUNCTUATION:
        return match.group()  # inside a number: 9۔00, 5،000
    return f"{punctuation} {after}"


def _space_after_punctuation(text: str) -> str:
    """One space after ۔ ، ؟ ؛ before text; none before a closing bracket or inside 9۔00, 5،000."""
    return _PUNCTUATION_THEN_TEXT.sub(_space_after, text)


_SPACING_STEPS = (
    _tidy_spaces,
    _strip_text,
    _space_before_urdu_letter,
    _space_after_urdu_letter,
    _space_after_punctuation,
)

# Any place where a step of rule 7 would change the text.
_SPACING_TROUBLE = _pattern(
    r"  | \n|\n |\n\n\n| {P}|{N}{M}*{A}|{A}{M}*{N}|{P}{M}*{XND}|[\u061f\u061b]{M}*[0-9]|(?<![0-9]){NP}{M}*[0-9]"
)


def fix_spacing(text: str) -> str:
    """Space words as Urdu typesetting does, and keep paragraphs.

    A space goes between a digit and an Urdu letter in either order (65افراد -> 65 افراد,
    نے1.2ارب -> نے 1.2 ارب), and between a Latin and an Urdu letter; numbers themselves (9.00,
    24.3, 5,000, 9۔00, 5،000) are never split. No space goes before ۔ ، ؟ ؛ and one goes after,
    unless the line or text ends or punctuation or a closing bracket or quote follows. Runs of
    spaces become one, lines lose leading and trailing spaces, and paragraphs keep at most one
    blank line between them. Expects rule 5's whitespace: only ' ' and '\\n'.
    """
    for step in _SPACING_STEPS:
        text = step(text)
    return text


# ---------------------------------------------------------------------------------------------
# The pipeline.

RULES: tuple[Callable[[str], str], ...] = (
    nfc,
    fold_presentation_forms,
    compose_hamza,
    unify_letters,
    remove_invisibles,
    ascii_digits,
    fix_spacing,
)

# Every character rules 1-6 act on, and every character that can make a text other than NFC:
# text without any of them goes straight to rule 7.
_CHARACTER_RULE_TRIGGERS = (
    _UNICODE["combining"]
    | _UNICODE["not_nfc"]
    | _UNICODE["composes_backward"]
    | set(_PRESENTATION_FORMS)
    | set(_LETTER_VARIANTS)
    | set(_INVISIBLES)
    | set(_DIGIT_VARIANTS)
)
_CHARACTER_RULE_TRIGGER = _CharClass(_CHARACTER_RULE_TRIGGERS)


def _apply(rules: Iterable[Callable[[str], str]], text: str) -> str:
    for rule in rules:
        text = rule(text)
    return text


def normalize(text: str) -> str:
    """The display form of an Urdu text: `RULES` applied in order."""
    if _CHARACTER_RULE_TRIGGER.found_in(text):
        return _apply(RULES, text)
    return _apply(RULES[-1:], text)


# Whether each rule would change a text: exactly, rule by rule.
_RULE_NEEDED: tuple[Callable[[str], bool], ...] = (
    lambda text: not unicodedata.is_normalized("NFC", text),
    lambda text: _PRESENTATION_FORM.search(text) is not None,
    lambda text: _BARE_HAMZA.search(text) is not None,
    lambda text: _LETTER_VARIANT.search(text) is not None,
    lambda text: _INVISIBLE.search(text) is not None,
    lambda text: _DIGIT_VARIANT.search(text) is not None,
    lambda text: text != text.strip(" \n") or _SPACING_TROUBLE.search(text) is not None,
)


def needs_normalization(text: str) -> bool:
    """Whether `normalize` would change the text, from the rules' checks alone."""
    return any(needed(text) for needed in _RULE_NEEDED)


# ---------------------------------------------------------------------------------------------
# The match key.

_KEY_DROPPED = _ARABIC_MARKS | _ords(ZWNJ)
_KEY_DROPPED_RUN = re.compile(_class(_KEY_DROPPED) + "+")


def match_key(text: str) -> str:
    """A key for matching and hashing: the display form without diacritics, ZWNJ or layout.

    Drops every Arabic combining mark left after `normalize` (harakat U+064B-065F, superscript
    alef U+0670, Quranic signs), so براہِ راست and براہ راست share a key. Hamza letters (ئ ؤ
    ۂ ۓ أ) and آ are letters, composed by `normalize` whichever way they were typed, and stay;
    a bare U+0654 or U+0655 still left is one no letter composes with, and goes like any mark.
    ZWNJ goes to nothing: it changes how a word's parts join, not which word it is, and copies
    of a text keep or lose it at random. Line breaks become spaces and spacing is fixed again,
    since dropping a mark or ZWNJ can bring a digit and a letter together.
    """
    text = nfc(_KEY_DROPPED_RUN.sub("", normalize(text)))
    return fix_spacing(text.replace("\n", " "))


# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# Columns.
#
# Rule 7 is written a second time for Arrow, whose RE2 rewrites run over a whole column in C
# and release the GIL. RE2 builds a pattern's character classes on every call, which for
# classes spanning all of Unicode costs more than the rewrite itself, so the Arrow patterns use
# classes cut down to `SIMPLE_RANGES`, the blocks of Urdu news text. On a text made only of
# characters of those blocks a cut-down class says exactly what the full one says.
#
# A plain row holds only such characters, none that rules 1-6 act on (diacritics NFC leaves
# alone are fine), and no ۔ or ، between digits: on it `normalize` is rule 7 alone, which Arrow
# runs over the whole column in two threads, half each. The other rows, 5-10% of them in
# news text, are meanwhile taken through rules 1-6 in Python, each rule only where an Arrow
# search says it may act, and spaced again in Arrow, keeping numbers like 9۔00 whole (which the
# plain steps cannot tell from a sentence's end). Only a row that still holds a character beyond
# `SIMPLE_RANGES` is spaced by `fix_spacing` itself. `match_key_array` works the same way on the
# display forms, where the rows with diacritics or ZWNJ to drop are the ones that are not plain.

SIMPLE_RANGES = ((0x0000, 0x024F), (0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0x2000, 0x206F))
_SIMPLE = frozenset(_code_points(SIMPLE_RANGES))
_RE2 = {
    name: _class(_SIMPLE - cps if negate else _SIMPLE & cps, re2=True) for name, (cps, negate) in _CLASS_SETS.items()
}
_RE2["not simple"] = _class(_SIMPLE, re2=True, negate=True)


def _re2(template: str) -> str:
    return template.format_map(_RE2)


def _re2_class(code_points: Iterable[int]) -> str:
    """An RE2 class that finds the code points in a text, or any character beyond `SIMPLE_RANGES`."""
    return _re2("{not simple}|") + _class(_SIMPLE & frozenset(code_points), re2=True)


def _re2_replace(template: str, replacement: str) -> Callable[[pa.Array], pa.Array]:
    pattern = _re2(template)
    return lambda values: pc.replace_substring_regex(values, pattern, replacement)


def _finds(values: pa.Array, pattern: str) -> list[bool]:
    return pc.fill_null(pc.match_substring_regex(values, pattern), False).to_pylist()


_NUMBER_PUNCTUATION = "[0-9] *{NP}{M}*[0-9]"
_KEY_NOT_PLAIN = _re2_class(_KEY_DROPPED | _MARKS) + _re2("|" + _NUMBER_PUNCTUATION)
# Texts rule 7 is left to `fix_spacing` for.
_PYTHON_SPACING = _re2("{not simple}")
# Texts NFC may change: a character it replaces or may merge backward, or two combining marks
# in a row (which it may reorder).
_NFC_MAY_ACT = _re2_class(_UNICODE["not_nfc"] | _UNICODE["composes_backward"]) + "|{0}{0}".format(
    _class(_SIMPLE & _UNICODE["combining"], re2=True)
)
# Characters rules 2-6 act on; NFC never makes one from text without them.
_LATER_RULE_TRIGGERS = (
    set(_PRESENTATION_FORMS) | _ords(HAMZA_ABOVE) | set(_LETTER_VARIANTS) | set(_INVISIBLES) | set(_DIGIT_VARIANTS)
)
_LATER_RULES_MAY_ACT = _class(_LATER_RULE_TRIGGERS, re2=True)
_LATER_RULE_TRIGGER = re.compile(_class(_LATER_RULE_TRIGGERS))
# Rows `normalize` may do more to than the Arrow steps do: those rules 1-6 may act on, and those
# the Arrow steps leave to `fix_spacing` or space as numbers.
_NOT_PLAIN = "|".join((_NFC_MAY_ACT, _re2_class(_LATER_RULE_TRIGGERS), _re2(_NUMBER_PUNCTUATION)))

# `_tidy_spaces` in one rewrite: spaces before and after line breaks, more than one blank line,
# spaces before Urdu punctuation, runs of spaces.
_TIDY_SPACES_COLUMN = _re2_replace(
    r" +(\n) *(?:(\n)[ \n]*)?|(\n) +(?:(\n)[ \n]*)?|(\n)(\n)[ \n]+| +({P})|( ) +", r"\1\2\3\4\5\6\7\8"
)
_STRIP_COLUMN = lambda values: pc.utf8_trim(values, " \n")  # noqa: E731
# `_SPACING_STEPS`, step by step.
_SPACING_COLUMN = (
    _TIDY_SPACES_COLUMN,
    _STRIP_COLUMN,
    _re2_replace(r"({N}{M}*)({A})", r"\1 \2"),
    _re2_replace(r"({A}{M}*)({N})", r"\1 \2"),
    _re2_replace(r"({P}{M}*)({X})", r"\1 \2"),
)
# The same, keeping numbers whole (9۔00, 5،000), for the few rows that are not plain: each ۔ or
# ، between digits is tagged with a noncharacter first, which the punctuation step passes by (it
# is neither a mark nor text), and untagged after. Two passes tag a run like 1۔2۔3, whose
# middle digit the first pass consumes. (Over every row, the tags would cost three more passes.)
_IN_NUMBER = "\ufdd0"
_TAG_IN_NUMBER = _re2_replace(r"([0-9]{NP})({M}*[0-9])", r"\1" + _IN_NUMBER + r"\2")
_NUMBER_SPACING_COLUMN = (
    *_SPACING_COLUMN[:-1],
    _TAG_IN_NUMBER,
    _TAG_IN_NUMBER,
    _SPACING_COLUMN[-1],
    lambda values: pc.replace_substring(values, _IN_NUMBER, ""),
)


def _steps(steps: Iterable[Callable[[pa.Array], pa.Array]], values: pa.Array) -> pa.Array:
    for step in steps:
        values = step(values)
    return values


def _normalize_plain_rows(values: pa.Array) -> pa.Array:
    return _steps(_SPACING_COLUMN, values)


# Where a step of `_SPACING_COLUMN` would change a text: its patterns as one search, and the
# ends `_STRIP_COLUMN` trims. A text none of them finds leaves every step unchanged.
_SPACING_COLUMN_ACTS = "|".join(
    (
        r"\A[ \n]|[ \n]\z",
        _re2(r" +(\n)|(\n) +|(\n)(\n)[ \n]+| +({P})|( ) +"),
        _re2(r"({N}{M}*)({A})"),
        _re2(r"({A}{M}*)({N})"),
        _re2(r"({P}{M}*)({X})"),
    )
)


def _normalize_plain_rows_checked(values: pa.Array) -> pa.Array:
    """`_normalize_plain_rows` for text that is mostly normalized already (display forms): one
    search finds the few rows a step would change, and only those go through the five steps."""
    acts = pc.fill_null(pc.match_substring_regex(values, _SPACING_COLUMN_ACTS), False)
    if not pc.any(acts).as_py():
        return values
    return pc.replace_with_mask(values, acts, _normalize_plain_rows(pc.filter(values, acts)))


def _match_key_plain_rows(values: pa.Array) -> pa.Array:
    """On the display form of a plain row the key only joins lines, which leaves spaces to tidy."""
    return _TIDY_SPACES_COLUMN(pc.replace_substring(values, "\n", " "))


# Where `_TIDY_SPACES_COLUMN` acts on text without line breaks: two spaces, or a space before ۔ ، ؟ ؛.
_TIDY_ACTS_ON_ONE_LINE = _re2(" (?: |{P})")


def _match_key_plain_rows_checked(values: pa.Array) -> pa.Array:
    """`_match_key_plain_rows`, tidying only the rows that have spaces to tidy once their lines
    are joined: display forms seldom do (a blank line or a line opening with ۔ makes them)."""
    return _where_found(pc.replace_substring(values, "\n", " "), _TIDY_ACTS_ON_ONE_LINE, _TIDY_SPACES_COLUMN)


def _where_found(values: pa.Array, pattern: str, change: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """`change` over the rows `pattern` finds, the others as they are: for a change that leaves
    every row the pattern does not find unchanged. One search spares a pass over the rest."""
    found = pc.fill_null(pc.match_substring_regex(values, pattern), False)
    if not pc.any(found).as_py():
        return values
    return pc.replace_with_mask(values, found, change(pc.filter(values, found)))


def _character_rules_column(values: pa.Array) -> pa.Array:
    """Rules 1-6 over the texts of a column without nulls.

    Arrow finds the texts rules 2-6 may act on, which go through all six, and those NFC may
    change (most only carry diacritics it leaves alone), which go through NFC and then through
    rules 2-6 only if NFC changed them and they hold a character those act on.
    """
    later = _finds(values, _LATER_RULES_MAY_ACT)
    composing = _finds(values, _NFC_MAY_ACT)
    if not any(later) and not any(composing):
        return values
    texts = values.to_pylist()
    for row, text in enumerate(texts):
        if later[row]:
            texts[row] = _apply(RULES[:-1], text)
        elif composing[row]:
            composed = _compose(text)
            if composed != text and _LATER_RULE_TRIGGER.search(composed):
                composed = _apply(RULES[1:-1], composed)
            texts[row] = composed
    return pa.array(texts, values.type)


def _key_deletions_column(values: pa.Array) -> pa.Array:
    """What `match_key` does to display forms before spacing them again, over a column without nulls."""
    values = pc.replace_substring_regex(values, _class(_KEY_DROPPED, re2=True) + "+", "")
    composing = _finds(values, _NFC_MAY_ACT)
    if any(composing):
        texts = values.to_pylist()
        values = pa.array([_compose(text) if acts else text for text, acts in zip(texts, composing)], values.type)
    return pc.replace_substring(values, "\n", " ")


# Where a step of `_spacing_column` would change a text: a step of `_SPACING_COLUMN`, a number
# to tag, a character the untagging deletes, or a character the Arrow steps leave to Python.
_SPACING_COLUMN_CHANGES = "|".join(
    (_SPACING_COLUMN_ACTS, _re2("[0-9]{NP}{M}*[0-9]"), _class(_ords(_IN_NUMBER), re2=True), _PYTHON_SPACING)
)


def _spacing_column(values: pa.Array) -> pa.Array:
    """Rule 7 over texts whose whitespace is only ' ' and '\\n': in Arrow, but where it cannot.

    Only the rows a step would change go through the steps: match keys, once marks and line
    breaks are dropped, mostly need none.
    """
    return _where_found(values, _SPACING_COLUMN_CHANGES, _spacing_column_all)


def _spacing_column_all(values: pa.Array) -> pa.Array:
    spaced = _steps(_NUMBER_SPACING_COLUMN, values)
    in_python = pc.match_substring_regex(values, _PYTHON_SPACING)
    if not pc.any(in_python).as_py():
        return spaced
    fixed = [fix_spacing(text) for text in pc.filter(values, in_python).to_pylist()]
    return pc.replace_with_mask(spaced, in_python, pa.array(fixed, values.type))


def _string_array(values: pa.Array | pa.ChunkedArray | Iterable[str | None]) -> pa.Array:
    """One Arrow string (or large_string) array from a column of texts."""
    if isinstance(values, pa.ChunkedArray):
        values = pa.concat_arrays(values.chunks) if values.num_chunks else pa.array([], values.type)
    if not isinstance(values, pa.Array):
        values = pa.array(values, pa.string())
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        values = values.cast(pa.string())
    return values


def _by_row_kind(
    values: pa.Array | pa.ChunkedArray,
    plain_rows: Callable[[pa.Array], pa.Array],
    not_plain: str,
    prepare: Callable[[pa.Array], pa.Array],
) -> pa.Array:
    """Plain rows through `plain_rows`; the rows `not_plain` finds through `prepare`, then rule 7.

    Arrow runs the whole column in two more threads, half each (its kernels release the GIL),
    while the other rows are prepared; then the other rows' results replace Arrow's.
    """
    values = _string_array(values)
    half = len(values) // 2
    with ThreadPoolExecutor(max_workers=2) as pool:
        halves = [pool.submit(plain_rows, part) for part in (values.slice(0, half), values.slice(half))]
        others = pc.fill_null(pc.match_substring_regex(values, not_plain), False)
        other_rows = pc.filter(values, others)
        fixed = _spacing_column(prepare(other_rows)) if len(other_rows) else None
        result = pa.concat_arrays([part.result() for part in halves])
    if fixed is None:
        return result
    return pc.replace_with_mask(result, others, fixed)


def normalize_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`normalize` over a column of texts; nulls stay null."""
    return _by_row_kind(values, _normalize_plain_rows, _NOT_PLAIN, _character_rules_column)


def match_key_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`match_key` over a column of texts; nulls stay null.

    Its texts are mostly display forms already (bodies, for content hashes and the indexes),
    so one search first finds the few rows normalization may change (`_NORMALIZING_ACTS`),
    and only those are normalized; the plain rows' lines are joined and only those with spaces
    to tidy then tidied (`_match_key_plain_rows_checked`). The result is the same for any text.
    """
    normalized = _where_found(_string_array(values), _NORMALIZING_ACTS, _normalize_display_forms)
    return _by_row_kind(normalized, _match_key_plain_rows_checked, _KEY_NOT_PLAIN, _key_deletions_column)


# Rows `normalize` may change: those a rule-7 step acts on, and those that are not plain. One
# search for both costs what one of them costs.
_NORMALIZING_ACTS = _SPACING_COLUMN_ACTS + "|" + _NOT_PLAIN


def _normalize_display_forms(values: pa.Array) -> pa.Array:
    return _by_row_kind(values, _normalize_plain_rows_checked, _NOT_PLAIN, _character_rules_column)
