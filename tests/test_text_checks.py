"""Mixed-script words: the rule in a table, and the fast path held to the slow one."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.normalize import normalize
from transforms.text_checks import ARABIC, NEUTRAL, OTHER, _ARABIC_LETTER_HINT, char_class, mixed_script, mixed_words

CASES = [
    # (text, mixed words) — mixed: an Arabic-script letter and another script's letter in one word
    ("پاکستانi", ["پاکستانi"]),  # Latin glued after Urdu
    ("iپاکستان میں", ["iپاکستان"]),  # ... and before
    ("کراچیмосква", ["کراچیмосква"]),  # Cyrillic
    ("भारतپاکستان", ["भारतپاکستان"]),  # Devanagari
    ("αکراچی", ["αکراچی"]),  # Greek
    ("ＰＴＩکی", ["ＰＴＩکی"]),  # fullwidth Latin: normalization does not split it
    ("پ\u064eb", ["پ\u064eb"]),  # a mark between the letters does not separate them
    ("a\u200cپ", ["a\u200cپ"]),  # nor does ZWNJ: match_key drops it before the index sees the word
    ("ﺏa", ["ﺏa"]),  # presentation forms are Arabic script
    ("ab2پا", ["ab2پا"]),  # digits are neutral, inside a word
    ("پاکستان 𝐀𝐁", []),  # beyond the BMP, apart
    ("پاکستان𝐀", ["پاکستان𝐀"]),  # beyond the BMP, glued
    # not mixed
    ("پاکستان i", []),
    ("PTI کے چیئرمین", []),
    ("UN-کی رپورٹ", []),  # a hyphen separates words
    ("(APP)اسلام آباد", []),  # so does a bracket
    ("2014ء", []),  # digits are neutral
    ("65افراد", []),  # a spacing problem, not a script mix
    ("G20 اجلاس", []),
    ("کیاʼ", []),  # a modifier letter is neutral
    ("پاکـــستان", []),  # tatweel is neutral
    ("پاکستان🇵🇰", []),  # emoji are symbols, not letters
    ("ٹیسٹ میچ", []),
    ("Cabinet met in Islamabad.", []),
    ("", []),
    (None, []),
]


@pytest.mark.parametrize(("text", "words"), CASES)
def test_mixed_words_follow_the_rule(text, words):
    assert mixed_words(text) == words
    assert mixed_script(text) is bool(words)


@pytest.mark.parametrize(
    ("ch", "kind"),
    [("پ", ARABIC), ("ﻻ", ARABIC), ("ݨ", ARABIC), ("a", OTHER), ("я", OTHER), ("क", OTHER), ("Ａ", OTHER),
     ("5", NEUTRAL), ("۵", NEUTRAL), ("\u064e", NEUTRAL), ("\u200c", NEUTRAL), ("ـ", NEUTRAL), ("ʼ", NEUTRAL),
     (" ", None), ("-", None), ("۔", None), ("،", None), ("🇵", None)],
)
def test_character_classes(ch, kind):
    assert char_class(ch) == kind


def test_every_arabic_letter_in_the_bmp_is_seen_by_the_quick_test():
    """The fast path skips text in which this class finds nothing: it must cover every Arabic-script letter."""
    missed = [hex(cp) for cp in range(0x10000) if char_class(chr(cp)) == ARABIC and not _ARABIC_LETTER_HINT.match(chr(cp))]
    assert missed == []


def test_normalization_splits_latin_but_not_other_scripts():
    """Why the check matters after normalization: rule 7 spaces Latin from Urdu, nothing else."""
    assert not mixed_script(normalize("پاکستانi"))
    assert mixed_script(normalize("کراچیмосква"))
    assert mixed_script(normalize("ＰＴＩکی"))


ALPHABET = st.sampled_from(list("پاکستانﺏ ab-۔،.5۵\u064e\u200c\u200dʼـмक𝐀🇵\n"))


@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_the_fast_path_agrees_with_the_word_by_word_rule(text):
    assert mixed_script(text) is bool(mixed_words(text))
    # and with the definition spelled out over whitespace-free runs of word characters
    expected = any(
        {char_class(c) for c in word} >= {ARABIC, OTHER}
        for word in "".join(c if char_class(c) else " " for c in text).split()
    )
    assert mixed_script(text) is expected


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_fast_path_agrees_on_any_text(text):
    assert mixed_script(text) is bool(mixed_words(text))
