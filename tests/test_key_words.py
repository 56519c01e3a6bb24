"""`key_words` gives exactly the words of `match_key_array` split by the regular expression."""

import random

import numpy as np
import pyarrow as pa
import pytest

from transforms.key_words import _exact_words, _fast_words, key_words
from transforms.reuse import _NOT_WORD_RE2
from transforms.search_terms import SEPARATORS

TRICKY = [
    "",
    " \n ",
    "کراچی (اے پی پی) وزیر اعظم نے 65افراد سے ملاقات کی۔",
    "سکور95 رنز، PTIکی حکومت اورUNکا اجلاس 9۔00 بجے، 5،000 روپے",
    "براہِ راست نشریات، تبادلۂ خیال، مُلک کی خدمت",
    "می\u200cخواہم اور ZWNJ\u200cکے ساتھ\u200c",
    "ا\u0653ج اور ن\u0654 اور ی\u0654 اور ل\u0655",  # madda and hamza after letters that do and do not take them
    "ي ك ه ۀ ة ـــ \ufefb \ufdf2 ١٢٣ ۴۵۶",  # letter variants, tatweel, presentation forms, Arabic digits
    "snake_case کا_لفظ Café CAFÉ İstanbul Ωmega кириллицаپاکستان",
    "tab\tand\u00a0nbsp\u200band\u2029para\r\nlines",
    "emoji 😀کراچی and 𝐁old",
    "e\u0301 combining accent, a\u0308b",
    "۔۔۔ ؟؟ ؛؛ ((( )))",
    "1.5 ارب ڈالر،2014ء میں 24.3 فیصد",
]
ALPHABET = list(
    "اآبپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےئؤۂۓ"
    "0123456789abcXYZ_ \n\t.-()،۔؟؛:"
) + ["\u064e", "\u0650", "\u0651", "\u0670", "\u0653", "\u0654", "\u0655", "\u200c", "\u200d", "\u0640", "\u064a", "\u0643",
     "\u06f5", "\u0301", "\u00e9", "\u00a0", "\ufb8e", "\U0001f600", "\u0410"]


# Characters of rows that take the fast way (and marks, madda and hamza that may or may not).
FAST_ALPHABET = [ch for ch in ALPHABET if ch not in "\t\u200d\u0640\u064a\u0643\u06f5\u0301\u00a0\ufb8e\U0001f600\u0410"]


def _random_texts(count: int, seed: int, alphabet: list[str] = ALPHABET) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(count)]


@pytest.mark.parametrize("separators, lower", [(_NOT_WORD_RE2, False), (SEPARATORS, True)])
@pytest.mark.parametrize(
    "texts", [TRICKY, _random_texts(400, 7), _random_texts(400, 8, FAST_ALPHABET)], ids=["tricky", "random", "mostly fast"]
)
def test_key_words_are_the_words_of_the_match_keys(texts, separators, lower):
    words, rows = key_words(texts, separators, lower)
    exact_words, exact_rows = _exact_words(texts, separators, lower)
    assert words.to_pylist() == exact_words.to_pylist()
    assert rows.tolist() == np.asarray(exact_rows).tolist()
    assert words.type == pa.large_string()


def test_most_rows_take_the_fast_way():
    _, _, slow_rows = _fast_words(_random_texts(400, 8, FAST_ALPHABET), SEPARATORS, True)
    assert slow_rows.mean() < 0.5


def test_key_words_of_nothing():
    words, rows = key_words([], SEPARATORS, True)
    assert len(words) == 0 and len(rows) == 0
