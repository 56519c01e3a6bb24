"""Urdu text normalization: one display form for the warehouse, one key for matching.

`normalize` applies `RULES`, a fixed sequence of small named rules, in this order:

1. `nfc`                      canonical composition (ا + ٓ becomes آ; آ, ئ, ؤ stay whole)
2. `fold_presentation_forms`  Arabic presentation forms and ligatures to ordinary letters
3. `compose_hamza`            ی + ٔ to ئ, the one hamza letter NFC leaves decomposed
4. `unify_letters`            Arabic-keyboard letters to their Urdu code points (ي ى ك ه ۀ ة ە)
5. `remove_invisibles`        tatweel, joiners, direction marks and odd spaces
6. `ascii_digits`             Arabic-Indic digits and separators to ASCII
7. `fix_spacing`              spaces between scripts, around ۔ ، ؟ ؛, at line ends, blank lines

The display form keeps what a reader sees: diacritics stay, and ھ/ہ, ں/ن and ے/ی remain
distinct letters (they spell different words). `match_key` goes further for matching and
hashing: it drops Arabic diacritics and ZWNJ and folds all spacing, so texts that differ only
in those compare equal.

Every rule first checks whether the text needs it (a precompiled character-class search,
`unicodedata.is_normalized`) and returns the text untouched when it does not: real news text is
mostly clean, and the checks cost a fraction of the fixes. Rules never undo each other's work,
so `normalize` and `match_key` are idempotent.

`normalize_array` and `match_key_array` do the same for whole Arrow columns. The character
rules (1-6) run in Python on the rows a single regular expression flags as needing them; the
spacing rule runs over the whole column as Arrow (RE2) regular-expression replacements. Those
rewrites are written once, in the syntax Python's `re` and RE2 share, so the scalar and column
paths give the same result.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from itertools import chain

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
# Urdu's sentence and clause punctuation: full stop ۔, comma ،, question mark ؟, semicolon ؛.
URDU_PUNCTUATION = "\u06d4\u060c\u061f\u061b"
# Marks a ۔ or ، between two digits while spacing is fixed. Rule 2 deletes every code point in
# U+FDD0-FDEF (noncharacters), so the placeholder can never be confused with input text.
_NUMBER_SEPARATOR_HOLD = "\ufdd0"

PRESENTATION_FORM_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFC))
ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), *PRESENTATION_FORM_RANGES, (0xFEFD, 0xFEFF))


# ---------------------------------------------------------------------------------------------
# Character sets, from the Unicode database of the running Python.


def _code_points_to_scan() -> Iterable[int]:
    """Planes 0-2 and 14: the other planes hold no marks, punctuation or decompositions."""
    return chain(range(0x30000), range(0xE0000, 0xE1000))


def _in_ranges(cp: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _scan_unicode() -> dict[str, frozenset[int]]:
    """The character properties the rules need, collected in one pass over the code points."""
    sets: dict[str, set[int]] = {
        name: set()
        for name in (
            "marks",
            "combining",
            "below_hamza",
            "not_nfc",
            "composes_backward",
            "punctuation",
            "arabic_letters",
            "arabic_marks",
            "latin_letters",
        )
    }
    latin_ranges = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))
    for cp in _code_points_to_scan():
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        category = unicodedata.category(ch)
        ccc = unicodedata.combining(ch)
        if category[0] == "M":
            sets["marks"].add(cp)
        if ccc:
            sets["combining"].add(cp)
            if ccc < 230:  # sorts before U+0654 and does not block its composition
                sets["below_hamza"].add(cp)
        decomposition = unicodedata.decomposition(ch)
        if decomposition:
            if not unicodedata.is_normalized("NFC", ch):
                sets["not_nfc"].add(cp)
            parts = decomposition.split()
            if not parts[0].startswith("<") and len(parts) == 2:
                sets["composes_backward"].add(int(parts[1], 16))
        if category in ("Pc", "Pd", "Pe", "Pf", "Po"):  # everything but opening brackets and quotes
            sets["punctuation"].add(cp)
        if category[0] == "L":
            if _in_ranges(cp, ARABIC_BLOCKS):
                sets["arabic_letters"].add(cp)
            elif ch.isascii() or _in_ranges(cp, latin_ranges):
                sets["latin_letters"].add(cp)
        elif category == "Mn" and _in_ranges(cp, ARABIC_BLOCKS):
            sets["arabic_marks"].add(cp)
    # Hangul vowel and final jamo compose with the syllable before them.
    sets["composes_backward"].update(range(0x1161, 0x1176), range(0x11A8, 0x11C3))
    return {name: frozenset(cps) for name, cps in sets.items()}


_UNICODE = _scan_unicode()


def _ranges(code_points: Iterable[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for cp in sorted(code_points):
        if spans and cp == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], cp)
        else:
            spans.append((cp, cp))
    return spans


def _class(code_points: Iterable[int], escape: Callable[[int], str], negate: bool = False) -> str:
    body = "".join(escape(lo) if lo == hi else f"{escape(lo)}-{escape(hi)}" for lo, hi in _ranges(code_points))
    return f"[{'^' if negate else ''}{body}]"


def _python_escape(cp: int) -> str:
    return f"\\U{cp:08x}"


def _re2_escape(cp: int) -> str:
    return f"\\x{{{cp:x}}}"


def _code_points(chars: str) -> set[int]:
    return {ord(ch) for ch in chars}


_WHITESPACE = {cp for cp in range(0x3001) if chr(cp).isspace()}
# Named character classes used in the rewrite templates below: {A} an Arabic-script letter,
# {N} an ASCII digit or Latin letter, {M} any combining mark, {P} Urdu punctuation, {NP} the two
# of them that also separate digits, {X} a character that takes a space after Urdu punctuation
# (anything but space, a mark, or punctuation other than an opening bracket or quote), {XND}
# the same without ASCII digits.
_NO_SPACE_AFTER_PUNCTUATION = (
    _WHITESPACE | _UNICODE["marks"] | _UNICODE["punctuation"] | _code_points(_NUMBER_SEPARATOR_HOLD)
)
_CLASS_SETS = {
    "A": _UNICODE["arabic_letters"],
    "N": _code_points("0123456789") | _UNICODE["latin_letters"],
    "M": _UNICODE["marks"],
    "P": _code_points(URDU_PUNCTUATION),
    "NP": _code_points("\u06d4\u060c"),
}


def _classes(escape: Callable[[int], str]) -> dict[str, str]:
    classes = {name: _class(cps, escape) for name, cps in _CLASS_SETS.items()}
    classes["X"] = _class(_NO_SPACE_AFTER_PUNCTUATION, escape, negate=True)
    classes["XND"] = _class(_NO_SPACE_AFTER_PUNCTUATION | _code_points("0123456789"), escape, negate=True)
    return classes


_PY_CLASSES = _classes(_python_escape)
_RE2_CLASSES = _classes(_re2_escape)


class _Rewrite:
    """One regular-expression replacement, compiled for Python's `re` and for Arrow's RE2.

    The template uses only what both engines read the same way (no look-around, no `$`),
    with the character classes above filled in as escapes each engine understands.
    """

    def __init__(self, template: str, replacement: str):
        self.python = re.compile(template.format_map(_PY_CLASSES))
        self.re2 = template.format_map(_RE2_CLASSES)
        self.replacement = replacement

    def __call__(self, text: str) -> str:
        return self.python.sub(self.replacement, text)

    def on_array(self, values: pa.Array) -> pa.Array:
        return pc.replace_substring_regex(values, self.re2, self.replacement)


class _Strip:
    """Remove the given characters from both ends of the text."""

    def __init__(self, chars: str):
        self.chars = chars

    def __call__(self, text: str) -> str:
        return text.strip(self.chars)

    def on_array(self, values: pa.Array) -> pa.Array:
        return pc.utf8_trim(values, self.chars)


class _Delete:
    """Delete every occurrence of a literal string."""

    def __init__(self, literal: str):
        self.literal = literal

    def __call__(self, text: str) -> str:
        return text.replace(self.literal, "")

    def on_array(self, values: pa.Array) -> pa.Array:
        return pc.replace_substring(values, self.literal, "")


# ---------------------------------------------------------------------------------------------
# Rule 1: NFC.


def _not_nfc(text: str) -> bool:
    return not unicodedata.is_normalized("NFC", text)


def nfc(text: str) -> str:
    """Compose canonically equivalent spellings: ا + ٓ becomes آ, و + ٔ becomes ؤ.

    Sources mix precomposed and decomposed letters, and diacritics typed in varying order;
    NFC makes each one string. It is canonical only: آ, ئ, ؤ stay whole, and presentation forms
    are left to the next rule, which folds them with Urdu in mind rather than wholesale (NFKC).
    """
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------------------------
# Rule 4's table comes first: rule 2 uses it to fold presentation forms to unified letters.

_LETTER_VARIANTS = {
    0x064A: "\u06cc",  # ي Arabic yeh -> ی farsi yeh
    0x0649: "\u06cc",  # ى alef maksura -> ی
    0x0643: "\u06a9",  # ك Arabic kaf -> ک keheh
    0x0647: "\u06c1",  # ه Arabic heh -> ہ heh goal (ھ, the aspiration heh, is a different letter)
    0x06D5: "\u06c1",  # ە ae -> ہ (Urdu has no ae; it comes from Kurdish/Uyghur layouts)
    0x06C0: "\u06c2",  # ۀ heh with yeh above -> ۂ heh goal with hamza above (izafat)
    0x0629: "\u06c3",  # ة teh marbuta -> ۃ Urdu teh marbuta goal
}
_LETTER_VARIANT_RUN = re.compile("[" + "".join(map(chr, _LETTER_VARIANTS)) + "]+")

# Honorific and devotional ligatures that Unicode gives no decomposition: spelled out as Urdu
# writes them, so the text stays searchable and passes the no-presentation-forms check.
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


def _presentation_form_table() -> dict[int, str]:
    """Where each code point of the presentation-form blocks goes.

    Its compatibility decomposition (NFKC) where it has one, with the letters unified as rule 4
    does: that sends every yeh form (FEF1-FEF4, FBFC-FBFF, FEEF-FEF0) to ی and only the yeh
    barree forms (FBAE-FBAF) to ے; lam-alef ligatures become لا, ﷲ becomes اللہ and ﷺ is
    spelled out as صلی اللہ علیہ وسلم. Ligatures without a decomposition are spelled out from
    `_LIGATURE_SPELLINGS`; the ornate parentheses become ( and ). The rest (the tail fragment,
    the symbols that describe dots, noncharacters, unassigned points) carries no text: deleted.
    """
    table: dict[int, str] = {}
    for lo, hi in PRESENTATION_FORM_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            compatibility = unicodedata.normalize("NFKC", ch)
            if cp in _LIGATURE_SPELLINGS:
                target = _LIGATURE_SPELLINGS[cp]
            elif compatibility != ch:
                target = compatibility
            elif unicodedata.category(ch) == "Ps":
                target = "("
            elif unicodedata.category(ch) == "Pe":
                target = ")"
            else:
                target = ""
            table[cp] = target.translate(_LETTER_VARIANTS)
    return table


# ---------------------------------------------------------------------------------------------
# Rule 2: presentation forms.

_PRESENTATION_FORMS = _presentation_form_table()
_PRESENTATION_FORM_RUN = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]+")


def fold_presentation_forms(text: str) -> str:
    """Replace Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFC) by the letters they show.

    They are glyph shapes (initial, medial, final, isolated, ligatures) that old converters and
    PDF extraction leave in text; they defeat search and matching. Yeh forms all become ی,
    never ے (a known mistake of some Urdu tables); heh goal forms become ہ, heh doachashmee ھ,
    noon ghunna ں, yeh barree ے, each staying distinct. The result is recomposed (NFC), since a
    folded letter can combine with a mark that follows it.
    """
    if not _PRESENTATION_FORM_RUN.search(text):
        return text
    folded = _PRESENTATION_FORM_RUN.sub(lambda run: run.group().translate(_PRESENTATION_FORMS), text)
    return nfc(folded)


# ---------------------------------------------------------------------------------------------
# Rule 3: hamza above.

# Letters that carry a hamza above, and the letter they make with it. NFC composes all of them
# except ی, ى and ه, which have no canonical composition; the others are listed so the rule
# reads as the whole table.
_HAMZA_LETTERS = {
    "\u06cc": "\u0626",  # ی + ٔ -> ئ
    "\u0649": "\u0626",  # ى + ٔ -> ئ
    "\u064a": "\u0626",  # ي + ٔ -> ئ
    "\u06d2": "\u06d3",  # ے + ٔ -> ۓ
    "\u06c1": "\u06c2",  # ہ + ٔ -> ۂ
    "\u0647": "\u06c2",  # ه + ٔ -> ۂ
    "\u06d5": "\u06c2",  # ە + ٔ -> ۂ (ە becomes ہ in rule 4)
    "\u0648": "\u0624",  # و + ٔ -> ؤ
}
# A carrier, then marks that sort before the hamza without blocking it (as NFC decides), then
# the hamza: the same sequences NFC would compose if it had the composition.
_BARE_HAMZA = re.compile(
    "(" + "[" + "".join(_HAMZA_LETTERS) + "])(" + _class(_UNICODE["below_hamza"], _python_escape) + "*)" + HAMZA_ABOVE
)


def compose_hamza(text: str) -> str:
    """Write ی + U+0654 as ئ (and ى/ه + U+0654 as ئ/ۂ), which NFC leaves as two characters.

    Urdu keyboards type ئ both ways; without this the same word has two spellings. ے + ٔ and
    ہ + ٔ are already composed by NFC (to ۓ and ۂ); the rule covers them too for completeness.
    """
    if HAMZA_ABOVE not in text:
        return text
    return _BARE_HAMZA.sub(lambda m: _HAMZA_LETTERS[m.group(1)] + m.group(2), text)


# ---------------------------------------------------------------------------------------------
# Rule 4: letter unification.


def unify_letters(text: str) -> str:
    """Write Arabic-keyboard letters with the Urdu code points: ي ى -> ی, ك -> ک, ه -> ہ.

    Windows-1256 has no ی, ک or ہ, and Arabic layouts type ي, ك and ه instead; a word must
    have one spelling to be found. Also ۀ -> ۂ, ە -> ہ (neither belongs to Urdu), and ة -> ۃ,
    the Urdu teh marbuta of صلوٰۃ, زکوٰۃ: it keeps the letter, where ت or ہ would change the
    word. ھ (U+06BE, the aspiration heh of بھی) is a different letter and is never touched.
    """
    if not _LETTER_VARIANT_RUN.search(text):
        return text
    return _LETTER_VARIANT_RUN.sub(lambda run: run.group().translate(_LETTER_VARIANTS), text)


# ---------------------------------------------------------------------------------------------
# Rule 5: invisible characters and whitespace.

_DELETED = (
    "\u0640"  # tatweel (kashida): stretches a joint, carries no letter
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u200d\u200e\u200f"  # zero width joiner, left-to-right mark, right-to-left mark
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060"  # word joiner
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # byte order mark, wherever it is
)
_TO_SPACE = "".join(chr(cp) for cp in sorted(_WHITESPACE) if unicodedata.category(chr(cp)) == "Zs" and cp != 0x20)
_TO_SPACE += "\t\x1f\u200b"  # tab, unit separator, zero width space
_TO_NEWLINE = "\x0b\x0c\r\x1c\x1d\x1e\x85\u2028"
_INVISIBLES = {
    **{ord(ch): "" for ch in _DELETED},
    **{ord(ch): " " for ch in _TO_SPACE},
    **{ord(ch): "\n" for ch in _TO_NEWLINE},
    0x2029: "\n\n",  # paragraph separator
}
_INVISIBLE_RUN = re.compile(_class(_INVISIBLES, _python_escape) + "+")


def remove_invisibles(text: str) -> str:
    """Delete invisible format characters and write every space as ' ' and line break as '\\n'.

    Tatweel, ZWJ, direction marks (LRM, RLM, ALM, embeddings, overrides, isolates), stray BOMs
    and soft hyphens change how text looks or flows, not what it says, and they split words
    that must match. ZWSP, NBSP, narrow NBSP, tabs and the other Unicode spaces become a space;
    CR LF, CR and the other line and paragraph separators become newlines. ZWNJ stays: in Urdu
    it keeps a word's parts unjoined (it is dropped only in the match key). Deleting a control
    can bring a letter next to a mark, so the result is recomposed.
    """
    if not _INVISIBLE_RUN.search(text):
        return text
    text = _INVISIBLE_RUN.sub(lambda run: run.group().replace("\r\n", "\n").translate(_INVISIBLES), text)
    return compose_hamza(nfc(text))


# ---------------------------------------------------------------------------------------------
# Rule 6: digits.

_DIGITS = {
    **{0x0660 + d: str(d) for d in range(10)},  # Arabic-Indic ٠-٩
    **{0x06F0 + d: str(d) for d in range(10)},  # Extended Arabic-Indic ۰-۹ (the Urdu digits)
    0x066B: ".",  # ٫ Arabic decimal separator
    0x066C: ",",  # ٬ Arabic thousands separator
    0x066A: "%",  # ٪ Arabic percent sign
}
_NON_ASCII_DIGIT_RUN = re.compile(_class(_DIGITS, _python_escape) + "+")


def ascii_digits(text: str) -> str:
    """Write digits in ASCII: ۲۰۲۵ -> 2025, ٣٫١٤ -> 3.14, ١٬٠٠٠ -> 1,000, ٥٠٪ -> 50%.

    News sites mix both digit sets (often within one article), and dates, amounts and counts
    are parsed and compared as numbers. ٪ becomes % so a percentage reads the same whichever
    digits it was typed with.
    """
    if not _NON_ASCII_DIGIT_RUN.search(text):
        return text
    return _NON_ASCII_DIGIT_RUN.sub(lambda run: run.group().translate(_DIGITS), text)


# ---------------------------------------------------------------------------------------------
# Rule 7: spacing. Each step is a `_Rewrite` (or strip/delete) so that the column path can run
# the very same steps in Arrow.

_SPACING_STEPS = (
    # Spaces next to a line break go, three or more line breaks become one blank line, a run of
    # spaces becomes one, and spaces before ۔ ، ؟ ؛ go.
    _Rewrite(r" *(\n) *(?:(\n)[ \n]*)?| +({P})|( ) +", r"\1\2\3\4"),
    _Strip(" \n"),
    # A digit or Latin letter, then an Urdu letter: 65افراد -> 65 افراد, ABCنیوز -> ABC نیوز.
    _Rewrite(r"({N}{M}*)({A})", r"\1 \2"),
    # An Urdu letter, then a digit or Latin letter: سکور95 -> سکور 95.
    _Rewrite(r"({A}{M}*)({N})", r"\1 \2"),
    # ۔ and ، between digits (9۔00, 5،000) are held apart from the next step. Twice, because a
    # match consumes the digit after it, which may be the digit before the next one (1۔2۔3).
    _Rewrite(r"([0-9]{NP}{M}*)([0-9])", "\\1" + _NUMBER_SEPARATOR_HOLD + "\\2"),
    _Rewrite(r"([0-9]{NP}{M}*)([0-9])", "\\1" + _NUMBER_SEPARATOR_HOLD + "\\2"),
    # One space after ۔ ، ؟ ؛ unless a space, line end, punctuation or closing bracket follows.
    _Rewrite(r"({P}{M}*)({X})", r"\1 \2"),
    _Delete(_NUMBER_SEPARATOR_HOLD),
)

_SPACING_TROUBLE = re.compile(
    (
        r"  | \n|\n |\n\n\n| {P}|{N}{M}*{A}|{A}{M}*{N}"
        r"|(?<![0-9]){NP}{M}*{X}|{NP}{M}*{XND}|[\u061f\u061b]{M}*{X}|" + _NUMBER_SEPARATOR_HOLD
    ).format_map(_PY_CLASSES)
)


def _needs_spacing(text: str) -> bool:
    return text != text.strip(" \n") or _SPACING_TROUBLE.search(text) is not None


def fix_spacing(text: str) -> str:
    """Space words as Urdu typesetting does, and keep paragraphs.

    A space goes between a digit and an Urdu letter in either order (65افراد -> 65 افراد,
    نے1.2ارب -> نے 1.2 ارب) and between a Latin and an Urdu letter; numbers themselves (9.00,
    24.3, 5,000, 9۔00) are never split. No space goes before ۔ ، ؟ ؛ and exactly one after,
    unless the line or text ends, or punctuation or a closing bracket or quote follows. Runs of
    spaces become one, lines lose their leading and trailing spaces, and paragraphs keep at most
    one blank line between them. Expects rule 5 to have run (only ' ' and '\\n' as whitespace).
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

# What each rule checks before it fixes, exactly: a rule changes a text if and only if this is true.
_NEEDS: tuple[Callable[[str], bool], ...] = (
    _not_nfc,
    lambda text: _PRESENTATION_FORM_RUN.search(text) is not None,
    lambda text: _BARE_HAMZA.search(text) is not None,
    lambda text: _LETTER_VARIANT_RUN.search(text) is not None,
    lambda text: _INVISIBLE_RUN.search(text) is not None,
    lambda text: _NON_ASCII_DIGIT_RUN.search(text) is not None,
    _needs_spacing,
)


def normalize(text: str) -> str:
    """The display form of an Urdu text: `RULES` applied in order."""
    for rule in RULES:
        text = rule(text)
    return text


def needs_normalization(text: str) -> bool:
    """Whether `normalize` would change the text, from each rule's check alone."""
    return any(needs(text) for needs in _NEEDS)


_KEY_DROPPED = _UNICODE["arabic_marks"] | _code_points(ZWNJ)
_KEY_DROPPED_RUN = re.compile(_class(_KEY_DROPPED, _python_escape) + "+")
_KEY_DROPPED_RE2 = _class(_KEY_DROPPED, _re2_escape) + "+"


def _fold_for_matching(text: str) -> str:
    """From a display form to its match key (see `match_key`)."""
    text = nfc(_KEY_DROPPED_RUN.sub("", text))
    return fix_spacing(text.replace("\n", " "))


def match_key(text: str) -> str:
    """A key for matching and hashing: the display form without diacritics, ZWNJ or layout.

    Drops every Arabic combining mark left after `normalize` (harakat U+064B-065F, superscript
    alef U+0670, Quranic signs): براہِ راست and براہ راست get one key. Hamza letters (ئ ؤ آ ۂ ۓ
    أ) are letters, not marks, and stay; a bare U+0654 or U+0655 reaching the key is one that no
    letter composes with, and is dropped like any other mark. ZWNJ is dropped to nothing: it
    changes how a word joins, not which word it is, and sources keep or lose it at random.
    Line breaks become spaces and spacing is folded as in `fix_spacing`, to one line.
    """
    return _fold_for_matching(normalize(text))


# ---------------------------------------------------------------------------------------------
# Columns.

_CHARACTER_RULES = RULES[:-1]
_NEEDS_CHARACTER_RULES_RE2 = _class(
    _UNICODE["combining"]
    | _UNICODE["not_nfc"]
    | _UNICODE["composes_backward"]
    | {cp for lo, hi in PRESENTATION_FORM_RANGES for cp in range(lo, hi + 1)}
    | _code_points("".join(_HAMZA_LETTERS))
    | set(_LETTER_VARIANTS)
    | set(_INVISIBLES)
    | set(_DIGITS),
    _re2_escape,
)
_MAY_NEED_NFC_RE2 = _class(_UNICODE["combining"] | _UNICODE["not_nfc"] | _UNICODE["composes_backward"], _re2_escape)


def _apply_character_rules(text: str) -> str:
    for rule in _CHARACTER_RULES:
        text = rule(text)
    return text


def _string_array(values: pa.Array | pa.ChunkedArray | Iterable[str | None]) -> pa.Array:
    """One Arrow string array (string or large_string) from a column of texts."""
    if isinstance(values, pa.ChunkedArray):
        values = pa.concat_arrays(values.chunks) if values.num_chunks else pa.array([], values.type)
    if not isinstance(values, pa.Array):
        values = pa.array(values, pa.string())
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        values = values.cast(pa.string())
    return values


def _fix_flagged_rows(values: pa.Array, flag_re2: str, fix: Callable[[str], str]) -> pa.Array:
    """Run a Python fix on the rows that match a regular expression, and only on those."""
    flagged = pc.fill_null(pc.match_substring_regex(values, flag_re2), False)
    if not pc.any(flagged).as_py():
        return values
    fixed = pa.array([fix(text) for text in pc.filter(values, flagged).to_pylist()], values.type)
    return pc.replace_with_mask(values, flagged, fixed)


def _fix_spacing_array(values: pa.Array) -> pa.Array:
    for step in _SPACING_STEPS:
        values = step.on_array(values)
    return values


def normalize_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`normalize` over a column of texts; nulls stay null.

    The character rules run in Python on the rows that contain a character one of them may
    change (few, in real text); the spacing rule runs over the whole column in Arrow.
    """
    values = _fix_flagged_rows(_string_array(values), _NEEDS_CHARACTER_RULES_RE2, _apply_character_rules)
    return _fix_spacing_array(values)


def match_key_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`match_key` over a column of texts; nulls stay null."""
    values = pc.replace_substring_regex(normalize_array(values), _KEY_DROPPED_RE2, "")
    values = pc.replace_substring(_fix_flagged_rows(values, _MAY_NEED_NFC_RE2, nfc), "\n", " ")
    return _fix_spacing_array(values)
