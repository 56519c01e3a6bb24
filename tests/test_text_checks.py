"""Mixed-script words: the rule in a table, and the fast path held to the slow one."""

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.normalize import normalize
from transforms.text_checks import (
    ARABIC,
    NEUTRAL,
    OTHER,
    _ARABIC_LETTER_HINT,
    char_class,
    mixed_script,
    mixed_script_array,
    mixed_words,
)

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


def test_the_column_agrees_with_the_text_rule():
    texts = [text for text, _ in CASES]
    assert mixed_script_array(pa.array(texts)).to_pylist() == [mixed_script(text) for text in texts]
    assert mixed_script_array(pa.chunked_array([texts[:5], texts[5:]], pa.large_string())).to_pylist() == [
        mixed_script(text) for text in texts
    ]
    assert mixed_script_array(pa.array([None, None], pa.null())).to_pylist() == [False, False]


def test_the_column_agrees_with_the_text_rule_for_every_bmp_character():
    characters = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]
    texts = [f"پ{ch}a" for ch in characters] + [f"a{ch}پ" for ch in characters]
    assert mixed_script_array(pa.array(texts)).to_pylist() == [mixed_script(text) for text in texts]


@given(st.lists(st.one_of(st.none(), st.lists(ALPHABET, max_size=40).map("".join), st.text(max_size=30)), max_size=12))
def test_the_column_agrees_on_any_texts(texts):
    assert mixed_script_array(pa.array(texts, pa.string())).to_pylist() == [mixed_script(text) for text in texts]


# --- Text statistics over many bodies ------------------------------------------------------------

STATS_CASES = [
    "",
    "قیمت 1.5 فیصد بڑھ گئی\nدوسری سطر۔ تیسرا جملہ",
    "پہلا\n\nدوسرا پیراگراف۔ اور؟ پھر! آخر",
    "1.2.3 .5 5. a.b ۔۔ ؟",
    "ایک\r\nدو\u2028تین\x1cچار \x0b پانچ",
    "\u064e\u0670 ـــ ²½ a_b _ ٣.١ ۳.5",
    "𝐀𝐁 پاکستان 😀 x\ud800y",
    "  \n \n",
]


def test_text_stats_many_counts_as_text_stats_does():
    from transforms.article import text_stats
    from transforms.text_checks import text_stats_many

    assert text_stats_many(STATS_CASES) == [text_stats(body) for body in STATS_CASES]
    assert text_stats_many([]) == []
    assert text_stats_many([""]) == [text_stats("")]
    assert [text_stats_many([body]) for body in STATS_CASES] == [[text_stats(body)] for body in STATS_CASES]


STATS_ALPHABET = st.sampled_from(list("پاک ab1.5۔؟?!\n\r\t\x0b\x1c\u2028\u2029_-۵٣²½ـ\u064e𝐀😀\u00a0\u3000"))


@given(st.lists(st.one_of(st.lists(STATS_ALPHABET, max_size=30).map("".join), st.text(max_size=20)), max_size=10))
def test_text_stats_many_agrees_on_any_texts(bodies):
    from transforms.article import text_stats
    from transforms.text_checks import text_stats_many

    assert text_stats_many(bodies) == [text_stats(body) for body in bodies]


@pytest.mark.parametrize("steps", [0, 1, 8])
def test_text_stats_many_counts_after_long_stretches_of_neither(monkeypatch, steps):
    """Hits after long runs of punctuation or spaces take the stepped look-back, then the fallback."""
    from transforms import text_checks
    from transforms.article import text_stats

    monkeypatch.setattr(text_checks, "_STEPPED_LOOKBACK", steps)
    bodies = ["(((" * 5 + "لفظ", " " * 20 + "x", "ایک۔" + " ،" * 12 + "دو", "--a", "-" * 30, "a" + "   (" * 6 + "b\n\n  \n c"]
    assert text_checks.text_stats_many(bodies) == [text_stats(body) for body in bodies]
    assert [text_checks.text_stats_many([body]) for body in bodies] == [[text_stats(body)] for body in bodies]
