"""The Urdu normalizer: every rule in order, the known traps, idempotence, and the column forms."""

import re
import unicodedata
from collections import Counter

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.normalize import (
    RULES,
    ascii_digits,
    compose_hamza,
    fix_spacing,
    fold_presentation_forms,
    match_key,
    match_key_array,
    needs_normalization,
    nfc,
    normalize,
    normalize_array,
    remove_invisibles,
    unify_letters,
)

# The validation suite's critical check on normalized text (expectations/articles.json): no
# Arabic-variant letters and no presentation forms.
VARIANT_OR_PRESENTATION_FORM = re.compile("[\u064a\u0649\u0643\u0647\u06c0\u0629\ufb50-\ufdff\ufe70-\ufefc]")
HARAKAT = frozenset(chr(cp) for cp in range(0x064B, 0x0653)) | {"\u0670"}

CLEAN = "یہ ایک صاف جملہ ہے۔ اس میں 65 افراد، 9۔00 بجے اور 24.3 اوورز ہیں؟\n\nدوسرا پیراگراف (اے پی پی)۔"


def test_rules_run_in_the_documented_order():
    assert [rule.__name__ for rule in RULES] == [
        "nfc",
        "fold_presentation_forms",
        "compose_hamza",
        "unify_letters",
        "remove_invisibles",
        "ascii_digits",
        "fix_spacing",
    ]


def test_clean_text_passes_every_rule_untouched():
    """Each character rule checks before it fixes: clean text comes back as the same object."""
    assert all(rule(CLEAN) is CLEAN for rule in RULES[:-1])
    assert fix_spacing(CLEAN) == CLEAN
    assert normalize(CLEAN) == CLEAN
    assert not needs_normalization(CLEAN)


# --- Rule 1: NFC --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u0627\u0653", "\u0622"),  # ا + ٓ -> آ
        ("\u0648\u0654", "\u0624"),  # و + ٔ -> ؤ
        ("\u0627\u0654", "\u0623"),  # ا + ٔ -> أ
        ("\u0628\u0651\u064e", "\u0628\u064e\u0651"),  # stacked harakat in canonical order
        ("قرا\u0653ن", "قرآن"),
        ("e\u0301", "\u00e9"),
    ],
)
def test_nfc_composes(raw, expected):
    assert nfc(raw) == expected
    assert normalize(raw) == expected


@pytest.mark.parametrize("letter", ["\u0622", "\u0626", "\u0624", "\u06c2", "\u06d3"], ids=["آ", "ئ", "ؤ", "ۂ", "ۓ"])
def test_composed_letters_are_never_decomposed(letter):
    word = f"ب{letter}ت"
    assert normalize(word) == word
    assert match_key(word) == word


# --- Rule 2: presentation forms -----------------------------------------------------------------

YEH_FORMS = [0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4, 0xFEEF, 0xFEF0, 0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF]


@pytest.mark.parametrize("cp", YEH_FORMS, ids=[f"U+{cp:04X}" for cp in YEH_FORMS])
def test_every_yeh_presentation_form_becomes_yeh_never_yeh_barree(cp):
    assert fold_presentation_forms(chr(cp)) == "\u06cc"
    assert normalize("ب" + chr(cp) + "ت") == "بیت"
    assert "\u06d2" not in normalize(chr(cp))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[(chr(cp), "\u06d2") for cp in (0xFBAE, 0xFBAF)],  # yeh barree -> ے
        *[(chr(cp), "\u06d3") for cp in (0xFBB0, 0xFBB1)],  # yeh barree with hamza -> ۓ
        *[(chr(cp), "\u06c1") for cp in range(0xFBA6, 0xFBAA)],  # heh goal -> ہ
        *[(chr(cp), "\u06be") for cp in range(0xFBAA, 0xFBAE)],  # heh doachashmee -> ھ
        *[(chr(cp), "\u06c1") for cp in range(0xFEE9, 0xFEED)],  # Arabic heh -> ہ
        *[(chr(cp), "\u06ba") for cp in (0xFB9E, 0xFB9F)],  # noon ghunna -> ں
        *[(chr(cp), "\u06a9") for cp in (0xFB8E, 0xFB8F, 0xFED9, 0xFEDB)],  # keheh, kaf -> ک
        ("\ufba4", "\u06c2"),  # heh with yeh above -> ۂ
        ("\ufe85", "\u0624"),  # waw with hamza -> ؤ
        ("\ufe8b", "\u0626"),  # yeh with hamza, initial -> ئ
        ("\ufefb", "\u0644\u0627"),  # lam-alef -> لا
        ("\ufef5", "\u0644\u0622"),  # lam-alef with madda -> لآ
        ("\ufdf2", "اللہ"),
        ("\ufdfa", "صلی اللہ علیہ وسلم"),
        ("\ufdfd", "بسم اللہ الرحمن الرحیم"),
        ("\ufd47", "علیہ السلام"),
        ("\ufdfc", "ریال"),
        ("\ufd3f\u0627\ufd3e", "(ا)"),  # ornate parentheses, as they open and close in RTL
        ("ا\ufe73ب", "اب"),  # tail fragment: no text
        ("ا\ufbb2ب", "اب"),  # a symbol describing a dot: no text
        ("\ufee3\ufea4\ufee4\ufeaa", "محمد"),
        ("\ufeb3\ufefc\ufee1", "سلام"),
    ],
)
def test_presentation_forms_fold_to_letters(raw, expected):
    assert normalize(raw) == expected


def test_no_presentation_form_or_variant_letter_survives():
    every_form = "".join(chr(cp) for lo, hi in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFC)) for cp in range(lo, hi + 1))
    assert not VARIANT_OR_PRESENTATION_FORM.search(normalize(every_form))


# --- Rule 3: hamza ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u06cc\u0654", "\u0626"),  # ی + ٔ -> ئ (NFC has no composition for it)
        ("\u0649\u0654", "\u0626"),  # ى + ٔ -> ئ
        ("\u0647\u0654", "\u06c2"),  # ه + ٔ -> ۂ
        ("\u06d2\u0654", "\u06d3"),  # ے + ٔ -> ۓ
        ("\u06c1\u0654", "\u06c2"),  # ہ + ٔ -> ۂ
        ("\u0648\u0654", "\u0624"),  # و + ٔ -> ؤ
        ("\u06cc\u0651\u0654", "\u0626\u0651"),  # a shadda does not block the hamza, as in NFC
        ("\u06cc\u200d\u0654", "\u0626"),  # nor does a deleted joiner
        ("کی\u0654ے", "کئے"),
        ("تبادلہ\u0654 خیال", "تبادلۂ خیال"),
    ],
)
def test_hamza_above_composes(raw, expected):
    assert normalize(raw) == expected


def test_compose_hamza_alone():
    assert compose_hamza("\u06cc\u0654") == "\u0626"
    assert compose_hamza("\u06a9\u0654") == "\u06a9\u0654"  # no letter to make


# --- Rule 4: letters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u064a", "\u06cc"),  # ي -> ی
        ("\u0649", "\u06cc"),  # ى -> ی
        ("\u0643", "\u06a9"),  # ك -> ک
        ("\u0647", "\u06c1"),  # ه -> ہ
        ("\u06c0", "\u06c2"),  # ۀ -> ۂ
        ("\u0629", "\u06c3"),  # ة -> ۃ
        ("\u06d5", "\u06c1"),  # ە -> ہ
        ("كيا", "کیا"),
        ("وزير اعظم", "وزیر اعظم"),
    ],
)
def test_arabic_letters_become_urdu_letters(raw, expected):
    assert unify_letters(raw) == expected
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "word",
    ["بھی", "گھر", "ہے", "میں", "نہیں", "کہ", "لڑکے", "لڑکی", "یہ", "ں", "ن", "ھ", "ہ", "ے", "ی"],
)
def test_distinct_urdu_letters_stay_distinct(word):
    """ھ/ہ, ں/ن and ے/ی spell different words; no rule merges them, nor the key."""
    assert normalize(word) == word
    assert match_key(word) == word


# --- Rule 5: invisibles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("بـــات", "بات"),  # tatweel
        ("ب\u200dات", "بات"),  # ZWJ
        ("ب\u200eات", "بات"),  # LRM
        ("ب\u200fات", "بات"),  # RLM
        ("ب\u061cات", "بات"),  # ALM
        *[(f"ب{chr(cp)}ات", "بات") for cp in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))],  # bidi controls
        ("\ufeffبات", "بات"),  # BOM at the start
        ("ب\ufeffات", "بات"),  # and anywhere else
        ("ب\u00adات", "بات"),  # soft hyphen
        ("ایک\u200bدو", "ایک دو"),  # ZWSP -> space
        ("ایک\u00a0دو", "ایک دو"),  # NBSP -> space
        ("ایک\u202fدو", "ایک دو"),  # narrow NBSP -> space
        ("ایک\u3000دو", "ایک دو"),
        ("ایک\tدو", "ایک دو"),
        ("ایک\r\nدو\rتین", "ایک\nدو\nتین"),
        ("ایک\u2029دو", "ایک\n\nدو"),
        ("ہو\u200cگئی", "ہو\u200cگئی"),  # ZWNJ stays in the display form
        ("ا\u200d\u0653", "\u0622"),  # a deleted joiner lets ا and ٓ compose
    ],
)
def test_invisible_characters(raw, expected):
    assert normalize(raw) == expected


def test_remove_invisibles_alone():
    assert remove_invisibles("ایک\u200bدو\u0640") == "ایک دو"


# --- Rule 6: digits -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("٣٫١٤", "3.14"),
        ("١٬٠٠٠", "1,000"),
        ("٥٠٪", "50%"),
        ("سال ۲۰۲۵ میں", "سال 2025 میں"),
    ],
)
def test_digits_become_ascii(raw, expected):
    assert ascii_digits(raw) == expected
    assert normalize(raw) == expected


# --- Rule 7: spacing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("65افراد", "65 افراد"),
        ("روسی ہیکرز نے1.2ارب صارفین", "روسی ہیکرز نے 1.2 ارب صارفین"),
        ("سکور95 رنز", "سکور 95 رنز"),
        ("ABCنیوز", "ABC نیوز"),
        ("نیوزABC", "نیوز ABC"),
        ("بَ5", "بَ 5"),  # the diacritic stays with its letter
        ("ڈھاکہ ۔ یکم دسمبر", "ڈھاکہ۔ یکم دسمبر"),
        ("کیا ،یہ", "کیا، یہ"),
        ("کیا ؟", "کیا؟"),
        ("کیا،زمبابوے", "کیا، زمبابوے"),
        ("سکا۔آخری", "سکا۔ آخری"),
        ("کیا؟یہ", "کیا؟ یہ"),
        ("کیا؛یہ", "کیا؛ یہ"),
        ("ڈارون۔02 اگست", "ڈارون۔ 02 اگست"),
        ("کیا۔(اے پی پی)", "کیا۔ (اے پی پی)"),
        ("کیا۔‘ہم", "کیا۔ ‘ہم"),
        ("کیا۔", "کیا۔"),
        ("کیا۔\nاگلا", "کیا۔\nاگلا"),
        ("(کیا۔)", "(کیا۔)"),
        ("‘ہم جیتیں گے۔’", "‘ہم جیتیں گے۔’"),
        ('"ہم جیتیں گے۔"', '"ہم جیتیں گے۔"'),
        ("کیا؟!", "کیا؟!"),
        ("رکو۔۔۔", "رکو۔۔۔"),
        ("9.00 بجے", "9.00 بجے"),
        ("24.3 اوورز", "24.3 اوورز"),
        ("5,000 روپے", "5,000 روپے"),
        ("9۔00 بجے", "9۔00 بجے"),
        ("1۔2۔3", "1۔2۔3"),
        ("5،000 روپے", "5،000 روپے"),
        ("ایک  دو\t\tتین", "ایک دو تین"),
        ("ایک   \nدو", "ایک\nدو"),
        ("ایک\n   دو", "ایک\nدو"),
        ("پہلا\n\n\n\nدوسرا", "پہلا\n\nدوسرا"),
        ("پہلا\n \n \n\nدوسرا", "پہلا\n\nدوسرا"),
        ("  \n متن  \n\n", "متن"),
        (" date 2014-12-01 بنگال", "date 2014-12-01 بنگال"),
    ],
)
def test_spacing(raw, expected):
    assert normalize(raw) == expected
    assert normalize_array(pa.array([raw])).to_pylist() == [expected]


def test_fix_spacing_alone():
    assert fix_spacing("نے1.2ارب  ۔") == "نے 1.2 ارب۔"


# --- Diacritics and the match key ---------------------------------------------------------------


def test_diacritics_stay_in_the_display_form_and_leave_the_key():
    text = "براہِ راست"
    assert normalize(text) == text
    assert "\u0650" in normalize(text)
    assert match_key(text) == "براہ راست"
    assert match_key(text) == match_key("براہ راست")


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("اللّٰہ", "اللہ"),  # shadda and superscript alef
        ("کِتَابٌ", "کتاب"),
        ("ہو\u200cگئی", "ہوگئی"),  # ZWNJ goes to nothing
        ("5\u200cافراد", "5 افراد"),  # and spacing is fixed after it goes
        ("پہلا\n\nدوسرا۔\nتیسرا", "پہلا دوسرا۔ تیسرا"),
        ("  ایک   دو  ", "ایک دو"),
        ("تبادلہ\u0654 خیال", match_key("تبادلۂ خیال")),  # ۂ typed two ways, one key
        ("قرا\u0653ن", "قرآن"),
        ("رابطہ كيا", "رابطہ کیا"),
    ],
)
def test_match_key(raw, key):
    assert match_key(raw) == key


def test_seed_article_keeps_diacritics_and_loses_arabic_letters():
    text = "ٹیلی فون پر رابطہ كيا اور دو طرفہ تعلقات پر تبادلۂ خیال کیا۔\nبراہِ راست پروازوں"
    body = normalize(text)
    assert "كيا" not in body and "رابطہ کیا" in body and "براہِ راست" in body


# --- Columns ------------------------------------------------------------------------------------

BATCH = [
    "65افراد  ہلاک ۔",
    None,
    "براہِ راست",
    "رابطہ كيا",
    "",
    "۱۲۳ ٣٫١٤\u200b\ufef3",
    None,
    CLEAN,
    "9۔00 بجے،5 ۔6",
]


def test_normalize_array_matches_normalize_and_keeps_nulls():
    result = normalize_array(pa.array(BATCH))
    assert isinstance(result, pa.Array)
    assert result.to_pylist() == [None if text is None else normalize(text) for text in BATCH]
    assert result.null_count == 2


def test_match_key_array_matches_match_key_and_keeps_nulls():
    result = match_key_array(pa.array(BATCH))
    assert result.to_pylist() == [None if text is None else match_key(text) for text in BATCH]


@pytest.mark.parametrize(
    "column",
    [
        pa.chunked_array([BATCH[:4], BATCH[4:]]),
        pa.chunked_array([], pa.string()),
        pa.array(BATCH, pa.large_string()),
        pa.array([None, None], pa.null()),
        pa.array([], pa.string()),
    ],
    ids=["chunked", "no chunks", "large_string", "all null", "empty"],
)
def test_column_shapes(column):
    texts = column.to_pylist()
    expected = [None if text is None else normalize(text) for text in texts]
    assert normalize_array(column).to_pylist() == expected
    assert match_key_array(column).to_pylist() == [None if text is None else match_key(text) for text in texts]


def test_columns_agree_with_scalars_for_every_bmp_character():
    """Whatever one character does next to letters or digits, both paths do the same."""
    characters = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]
    texts = [f"ب{ch}ت" for ch in characters] + [f"5{ch}6 {ch}۔{ch}" for ch in characters]
    assert normalize_array(pa.array(texts)).to_pylist() == [normalize(text) for text in texts]
    assert match_key_array(pa.array(texts)).to_pylist() == [match_key(text) for text in texts]


@pytest.mark.parametrize(
    "text",
    [
        "1۔2۔3۔4 بجے",  # a run of numbers: every ۔ inside one stays unspaced
        "5،000،000روپے اور 9 ۔ 00بجے",
        "9۔ً00 اور ۔ًاس",  # a mark between the punctuation and what follows
        "بَ1 اور 1بِ اور بٰa",  # marks between Urdu letters and digits or Latin
        "آٓج 9۔00",  # NFC, then numbers
        "ﺅ9۔00اور",  # a presentation form, then numbers
        "پاکستانмосква 9۔00اور",  # a script beyond the blocks the Arrow patterns know
        "éب 9۔00",
        "ب‌1 ہو‌گئی",  # ZWNJ, which the key drops
        "﷐ 9۔00",  # the noncharacter the number rule uses (normalize deletes it)
    ],
)
def test_columns_agree_with_scalars_on_the_row_kinds(text):
    """Rows that take the Arrow path, the mark-aware path, the number path and Python's, alone and together."""
    texts = [text, CLEAN, "براہِ راست", text.replace("9", "۹")]
    assert normalize_array(pa.array(texts)).to_pylist() == [normalize(t) for t in texts]
    assert match_key_array(pa.array(texts)).to_pylist() == [match_key(t) for t in texts]


def test_spacing_column_passes_by_exactly_the_rows_no_step_changes():
    """Rows the one search misses come out of all eight passes unchanged."""
    from transforms import normalize as module

    texts = [
        "ایک لفظ", "9۔00 بجے", "9 ۔00", "ب1 اور 1ب", "aب", " شروع", "آخر ", "دو  خالی", "ایک\n\n\nدو",
        "لفظ ۔", "۔لفظ", "5،000روپے", "\ufdd0 ایک", "پاکستانмосква", "1۔2۔3", "ہے۔اور", "",
    ]
    values = pa.array(texts)
    assert module._spacing_column(values).to_pylist() == module._spacing_column_all(values).to_pylist()


# --- Properties ---------------------------------------------------------------------------------

URDU_LETTERS = list("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےآئؤۂۓۃ")
ARABIC_VARIANTS = list("يىكهۀةەأإ")
PRESENTATION_FORMS = [
    chr(cp)
    for cp in (
        *YEH_FORMS, 0xFBAE, 0xFBAF, 0xFBB0, 0xFBA4, *range(0xFBA6, 0xFBAE), 0xFB9E, 0xFB9F, *range(0xFEE9, 0xFEED),
        0xFEFB, 0xFEF5, 0xFDF2, 0xFDFA, 0xFDFD, 0xFD3E, 0xFD3F, 0xFE73, 0xFDD0, 0xFBB2, 0xFC5E, 0xFE70, 0xFE71,
        0xFE77, 0xFE85, 0xFE8B, 0xFB8E, 0xFED9,
    )
]  # fmt: skip
DIACRITICS = [chr(cp) for cp in range(0x064B, 0x0660)] + ["\u0670", "\u0610", "\u06ed", "\u0655"]
LATIN = list("aBzé") + ["e\u0301", "A\u030a", "\u212b"]
DIGITS = list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪")
PUNCTUATION = list("۔،؟؛.,()\"'‘’«»-!:")
SPACES_AND_CONTROLS = [
    " ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", "\r", "\u200b", "\u00a0", "\u202f", "\u200c", "\u200d",
    "\u0640", "\u200e", "\u200f", "\u061c", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\u00ad", "\u2029",
    "\u3000", "\u2060",
]  # fmt: skip
OTHERS = ["\u1100\u1161\u11a8", "\u0b47\u0b3e", "\U0001d15e", "\U0001d158\U0001d165", "\u0344", "ش"]
WORDS = ["براہِ", "راست", "65افراد", "نے1.2ارب", "9۔00", "5،000", "24.3", "كيا", "ABC", "ی\u0654", "ہو\u200cگئی"]

token = st.one_of(
    st.sampled_from(URDU_LETTERS),
    st.sampled_from(ARABIC_VARIANTS + PRESENTATION_FORMS),
    st.sampled_from(DIACRITICS),
    st.sampled_from(LATIN + DIGITS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(SPACES_AND_CONTROLS),
    st.sampled_from(OTHERS + WORDS),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFC),
)
mixed_text = st.lists(token, max_size=40).map("".join)
PROPERTY = settings(max_examples=500, deadline=None)


@PROPERTY
@given(mixed_text)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@PROPERTY
@given(mixed_text)
def test_match_key_is_idempotent_and_sees_through_normalize(text):
    key = match_key(text)
    assert match_key(key) == key
    assert match_key(normalize(text)) == key
    assert "\n" not in key and "  " not in key and "\u200c" not in key
    assert not HARAKAT & set(key)


@PROPERTY
@given(mixed_text)
def test_normalized_text_passes_the_validation_check(text):
    normalized = normalize(text)
    assert not VARIANT_OR_PRESENTATION_FORM.search(normalized)
    assert unicodedata.is_normalized("NFC", normalized)
    assert not set(normalized) & set("\u0640\u200d\u200e\u200f\u061c\u202a\u202e\u2066\u2069\ufeff\u00ad\u200b\t\r")
    assert not set(normalized) & set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")


@PROPERTY
@given(mixed_text.filter(lambda text: not re.search("[\ufb50-\ufdff\ufe70-\ufefc]", text)))
def test_letters_and_diacritics_that_must_survive_do(text):
    normalized = normalize(text)

    def count(s, chars):
        return Counter(ch for ch in s if ch in chars)

    assert count(normalized, HARAKAT) == count(text, HARAKAT)
    assert count(normalized, "ھں") == count(text, "ھں")
    # ے + hamza above composes to ۓ, so the two are counted together.
    assert sum(count(normalized, "ےۓ").values()) == sum(count(text, "ےۓ").values())
    if "\u0655" not in text:  # NFC itself turns آ + hamza below into إ + madda
        assert normalized.count("\u0622") >= text.count("\u0622")


@PROPERTY
@given(mixed_text)
def test_needs_normalization_says_exactly_whether_normalize_changes_the_text(text):
    assert needs_normalization(text) == (normalize(text) != text)
    assert not needs_normalization(normalize(text))


@PROPERTY
@given(mixed_text)
def test_nfc_rule_is_nfc(text):
    assert nfc(text) == unicodedata.normalize("NFC", text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), mixed_text), max_size=12))
def test_columns_agree_with_scalars(texts):
    assert normalize_array(pa.array(texts, pa.string())).to_pylist() == [
        None if text is None else normalize(text) for text in texts
    ]
    assert match_key_array(pa.array(texts, pa.string())).to_pylist() == [
        None if text is None else match_key(text) for text in texts
    ]
