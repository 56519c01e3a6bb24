"""Quantities: numbers in digits and words, percents, money with ISO codes, counts."""

import pytest

from transforms.numbers import load_number_words, read_number
from transforms.quantities import extract_quantities


@pytest.mark.parametrize(
    "words, value",
    [
        ("چار سو ترپن", 453),
        ("تین ارب", 3e9),
        ("دو ہزار پانچ", 2005),
        ("انیس سو ساٹھ", 1960),
        ("3 کروڑ 20 لاکھ", 32e6),
        ("ایک لاکھ کروڑ", 1e12),
        ("ڈیڑھ لاکھ", 150_000),
        ("ڈھائی ہزار", 2500),
        ("سوا دو", 2.25),
        ("سوا لاکھ", 125_000),
        ("ساڑھے تین ارب", 3.5e9),
        ("پونے تین", 2.75),
        ("دو اعشاریہ پانچ", 2.5),
        ("تین اعشاریہ ایک چار", 3.14),
        ("1.2 ارب", 1.2e9),
        ("5,000", 5000),
        ("ننانوے", 99),
        ("صفر", 0),
        ("17 سو 65", 1765),
        ("چند ہزار", None),
        ("بیس تیس", None),  # "twenty or thirty": two numbers, not one
        ("5,00", None),
    ],
)
def test_read_number(words, value):
    assert read_number(words.split(), load_number_words()) == value


def test_every_word_from_zero_to_ninety_nine_has_a_value():
    numbers = load_number_words()
    units = {int(v) for w, v in numbers.values.items() if numbers.kind(w) == "unit"}
    assert units == set(range(100))


@pytest.mark.parametrize(
    "text, expected",
    [
        # the seeds' figures
        ("دو طرفہ تجارت میں 40 فیصد اضافہ کیا جائے گا", [("percent", 40, "%", "40 فیصد")]),
        ("تجارت کا حجم تین ارب ڈالر تک پہنچانے کا ہدف", [("money", 3e9, "USD", "تین ارب ڈالر")]),
        # digits, decimals and scales
        ("بجٹ 1.2 ارب روپے ہے", [("money", 1.2e9, "PKR", "1.2 ارب روپے")]),
        ("شرح 24.3 فیصد رہی", [("percent", 24.3, "%", "24.3 فیصد")]),
        ("اضافہ 40% ہوا", [("percent", 40, "%", "40%")]),
        ("اضافہ چالیس فی صد ہوا", [("percent", 40, "%", "چالیس فی صد")]),
        ("5 لاکھ 50 ہزار روپے", [("money", 550_000, "PKR", "5 لاکھ 50 ہزار روپے")]),
        ("ساڑھے تین کروڑ روپے", [("money", 35e6, "PKR", "ساڑھے تین کروڑ روپے")]),
        ("$5 ملین کی امداد", [("money", 5e6, "USD", "$5 ملین")]),
        # currencies: qualified, fixed, and read from the article
        ("سو یورو اور دو سو پاؤنڈ", [("money", 100, "EUR", "سو یورو"), ("money", 200, "GBP", "دو سو پاؤنڈ")]),
        ("قیمت 500 سعودی ریال ہے", [("money", 500, "SAR", "500 سعودی ریال")]),
        ("ایران میں قیمت 500 ریال ہے", [("money", 500, "IRR", "500 ریال")]),
        ("بھارت میں 100 روپے کا نوٹ", [("money", 100, "INR", "100 روپے")]),
        ("قیمت 10 ہزار جاپانی ین", [("money", 10_000, "JPY", "10 ہزار جاپانی ین")]),
        ("قیمت 500 ریال ہے", []),  # a bare riyal in a text naming no country: left out
        # counts
        ("حادثے میں 65 افراد ہلاک ہو گئے", [("count", 65, "افراد", "65 افراد")]),
        ("بنگلہ دیش نے 5 وکٹوں سے فتح حاصل کی", [("count", 5, "وکٹوں", "5 وکٹوں")]),
        ("چار سو ترپن افراد", [("count", 453, "افراد", "چار سو ترپن افراد")]),
        # ranges: the first number takes the unit (and scale) of the second
        ("قیمت 5 سے 7 فیصد بڑھ گئی", [("percent", 5, "%", "5"), ("percent", 7, "%", "7 فیصد")]),
        ("20 تا 25 ارب روپے", [("money", 20e9, "PKR", "20"), ("money", 25e9, "PKR", "25 ارب روپے")]),
        # so do the numbers of a list, whether or not they rise
        ("شرح نمو 5، 6 اور 7 فیصد رہی", [("percent", 5, "%", "5"), ("percent", 6, "%", "6"), ("percent", 7, "%", "7 فیصد")]),
        ("برآمدات 12 یا 10 ارب ڈالر رہیں", [("money", 12e9, "USD", "12"), ("money", 10e9, "USD", "10 ارب ڈالر")]),
        ("دونوں نے بالترتیب نو اور پانچ طلائی تمغے جیتے", [("count", 9, "تمغے", "نو"), ("count", 5, "تمغے", "پانچ طلائی تمغے")]),
        ("ٹکٹ 500، 1000 اور 2000 روپے کے ہیں", [("money", 500, "PKR", "500"), ("money", 1000, "PKR", "1000"), ("money", 2000, "PKR", "2000 روپے")]),
        # ... not across a word, nor a number written twice (so many each), nor a name's digits
        ("سال 2013 اور 2014 میں 500 افراد آئے", [("count", 500, "افراد", "500 افراد")]),
        ("دونوں نے دو، دو وکٹیں حاصل کیں", [("count", 2, "وکٹیں", "دو وکٹیں")]),
        ("واحد ٹوئنٹی 20 اور تین ٹیسٹ میچز ہوں گے", [("count", 3, "ٹیسٹ میچز", "تین ٹیسٹ میچز")]),
        # what may stand between a number and its unit
        ("200 سے زائد افراد زخمی ہوئے", [("count", 200, "افراد", "200 سے زائد افراد")]),
        ("13 ارب سے زیادہ روپے", [("money", 13e9, "PKR", "13 ارب سے زیادہ روپے")]),
        ("16 مشتبہ افراد گرفتار", [("count", 16, "افراد", "16 مشتبہ افراد")]),
        ("250 شامی تارکین وطن", [("count", 250, "تارکین وطن", "250 شامی تارکین وطن")]),
        ("2014 مشتبہ افراد", []),  # a year, not a count, before an adjective
        ("پاکستان نے 58 طلائی تمغوں کے ساتھ", [("count", 58, "تمغوں", "58 طلائی تمغوں")]),
        # so many each; a scale is not read without its multiplier
        ("دونوں نے 4،4 وکٹیں حاصل کیں", [("count", 4, "وکٹیں", "4،4 وکٹیں")]),
        ("50,50 ہزار روپے دیے گئے", [("money", 50_000, "PKR", "50,50 ہزار روپے")]),
        ("چند ہزار لوگ جمع ہوئے", []),
        ("کئی لاکھ روپے", []),
        ("17 سو 65 روپے", [("money", 1765, "PKR", "17 سو 65 روپے")]),
        ("اڑھائی لاکھ ڈالر", [("money", 250_000, "USD", "اڑھائی لاکھ ڈالر")]),
        # subunits and other currencies
        ("قیمت میں 20 پیسے اضافہ", [("money", 0.2, "PKR", "20 پیسے")]),
        ("199 ملین رینڈ", [("money", 199e6, "ZAR", "199 ملین رینڈ")]),
        # scores are not ranges; نو جوان is "young people", not nine soldiers
        ("ٹیم نے میچ 3-2 گولز سے جیتا", []),
        ("قیمت 10-15 فیصد بڑھی", [("percent", 10, "%", "10"), ("percent", 15, "%", "15 فیصد")]),
        ("نو جوانوں نے احتجاج کیا", []),
        ("50 نو جوانوں نے", [("count", 50, "نو جوانوں", "50 نو جوانوں")]),
        # shares traded, users, athletes, spectators
        ("12 کروڑ 33 لاکھ 98 ہزار 790 حصص کا کاروبار ہوا", [("count", 123398790, "حصص", "12 کروڑ 33 لاکھ 98 ہزار 790 حصص")]),
        ("1.2 ارب صارفین کا ڈیٹا چوری", [("count", 1_200_000_000, "صارفین", "1.2 ارب صارفین")]),
        ("9 ہزار سے زائد ایتھلیٹس شریک", [("count", 9000, "ایتھلیٹس", "9 ہزار سے زائد ایتھلیٹس")]),
        ("6 ہزار تماشائیوں کی گنجائش", [("count", 6000, "تماشائیوں", "6 ہزار تماشائیوں")]),
        # a number in words, or digits with a scale, before an adjective and a count noun
        ("دو ٹیسٹ میچز کی سیریز", [("count", 2, "ٹیسٹ میچز", "دو ٹیسٹ میچز")]),
        ("پانچ طلائی تمغوں سمیت", [("count", 5, "تمغوں", "پانچ طلائی تمغوں")]),
        ("پانچ نقرئی تمغے اور 57 قیمتی رنز", [("count", 5, "تمغے", "پانچ نقرئی تمغے"), ("count", 57, "رنز", "57 قیمتی رنز")]),
        ("اڑھائی ہزار عراقی فوجیوں کو", [("count", 2500, "فوجیوں", "اڑھائی ہزار عراقی فوجیوں")]),
        ("ایک مسلح شخص نے فائرنگ کی", [("count", 1, "شخص", "ایک مسلح شخص")]),
        # a medal table names the medals by their colour alone
        ("چین 49 گولڈ، 42 سلور اور 46 برانز میڈلز کے ساتھ", [
            ("count", 49, "گولڈ", "49 گولڈ"), ("count", 42, "سلور", "42 سلور"), ("count", 46, "برانز میڈلز", "46 برانز میڈلز"),
        ]),
        ("89 ون ڈے انٹرنیشنل اور تین ون ڈے میچز", [
            ("count", 89, "ون ڈے انٹرنیشنل", "89 ون ڈے انٹرنیشنل"), ("count", 3, "ون ڈے میچز", "تین ون ڈے میچز"),
        ]),
        ("چودہ سو عازمین حج", [("count", 1400, "عازمین", "چودہ سو عازمین")]),
        ("35 ایک روزہ میچز اور دو ٹی ٹوئنٹی", [("count", 35, "ایک روزہ میچز", "35 ایک روزہ میچز"), ("count", 2, "ٹی ٹوئنٹی", "دو ٹی ٹوئنٹی")]),
        ("ڈیڑھ ہزار اہم شخصیات", [("count", 1500, "شخصیات", "ڈیڑھ ہزار اہم شخصیات")]),
        ("ایک روزہ میچ میں فتح", []),  # a one-day match, not a count
        ("اسی ہزار افراد", [("count", 80000, "افراد", "اسی ہزار افراد")]),
        # not quantities
        ("اسی گروپ کے کھلاڑی", []),  # "the same group"
        ("ٹی 20 میچز اور ایف 16 طیارے", []),  # names with a number in them
        ("ملک کے 20 اضلاع میں", [("count", 20, "اضلاع", "20 اضلاع")]),
        ("چار ملکی ون ڈے ٹورنامنٹ", []),  # a four-nation tournament
        ("سال 2014 میں ہزاروں افراد جمع ہوئے", []),
        ("اس نے کہا کہ وہ نو منتخب ہیں", []),
        ("نو منتخب ارکان نے حلف اٹھایا", []),
        ("وہ دنیا کے نمبر ایک کھلاڑی ہیں", []),  # a rank
        # ایک before a thing is "a"; before people, or with a scale, it counts
        ("زخمیوں کو ایک ہسپتال منتقل کیا گیا", []),
        ("دھماکے میں ایک شخص ہلاک اور 2 ہسپتال تباہ", [("count", 1, "شخص", "ایک شخص"), ("count", 2, "ہسپتال", "2 ہسپتال")]),
        ("ایک لاکھ گھر تعمیر ہوں گے", [("count", 100000, "گھر", "ایک لاکھ گھر")]),
        # journalists count, and a continent's adjective may stand before the noun
        ("دو امریکی صحافیوں کو رہا کر دیا", [("count", 2, "صحافیوں", "دو امریکی صحافیوں")]),
        ("50 افریقی ممالک کے سربراہ", [("count", 50, "ممالک", "50 افریقی ممالک")]),
        # the injured, the killed, the missing are counted; before a noun زخمی is its adjective
        ("دھماکے میں چار شہری ہلاک اور 150 زخمی ہو گئے", [("count", 4, "شہری", "چار شہری"), ("count", 150, "زخمی", "150 زخمی")]),
        ("5 زخمی افراد ہسپتال میں ہیں", [("count", 5, "افراد", "5 زخمی افراد")]),
        ("تین بم دھماکوں میں دو رہائشی مکانات تباہ", [("count", 3, "بم دھماکوں", "تین بم دھماکوں"), ("count", 2, "مکانات", "دو رہائشی مکانات")]),
        # a body of so many members
        ("15 رکنی سکواڈ کا اعلان", [("count", 15, "رکنی", "15 رکنی")]),
        # two adjectives may stand between
        ("ایک برطانوی امدادی اہلکار کو اغوا کیا گیا", [("count", 1, "اہلکار", "ایک برطانوی امدادی اہلکار")]),
        ("ایک جونیئر کمشنڈ افسر سمیت", [("count", 1, "افسر", "ایک جونیئر کمشنڈ افسر")]),
        # Tests and T20s are counted; a range rises, so a year before تک is no range's start
        ("2007 تک 23 ٹیسٹ، 102 ون ڈے اور 7 ٹی 20 میچز", [
            ("count", 23, "ٹیسٹ", "23 ٹیسٹ"), ("count", 102, "ون ڈے", "102 ون ڈے"), ("count", 7, "ٹی 20 میچز", "7 ٹی 20 میچز"),
        ]),
    ],
)
def test_extract_quantities(text, expected):
    got = extract_quantities(text)
    assert [(q.kind, q.value, q.unit, q.surface) for q in got] == expected
    for q in got:
        assert text[q.char_start : q.char_end] == q.surface


def test_a_bare_pound_is_read_from_the_article():
    egypt = extract_quantities("مصر کی عدالت نے 500 پاؤنڈ جرمانہ کیا۔")
    assert [(q.value, q.unit) for q in egypt] == [(500, "EGP")]
    assert [(q.value, q.unit) for q in extract_quantities("لندن میں 500 پاؤنڈ کا انعام")] == [(500, "GBP")]


def test_the_dateline_country_reads_a_bare_currency_first():
    """A story filed from a country with a currency of that name counts in it; else the text decides."""
    fee = "اداکار نے فلم کیلئے پچاس کروڑ روپے معاوضہ لیا، ان کی پاکستان آمد متوقع ہے۔"
    units = lambda text, country="": [q.unit for q in extract_quantities(text, country=country)]
    assert units(fee) == ["PKR"]
    assert units(fee, "IN") == ["INR"]
    assert units("بھارت نے بھارت کے لیے 100 روپے دیے", "PK") == ["PKR"]
    assert units("قیمت 500 ریال ہے", "SA") == ["SAR"]
    assert units("ایران میں قیمت 500 ریال ہے", "US") == ["IRR"]  # no riyal of the dateline's country: the text
    assert units("قیمت 500 ریال ہے", "GB") == []
    assert units("قاہرہ میں 500 پاؤنڈ", "EG") == ["EGP"]
    assert units("500 ڈالر", "CA") == ["USD"]  # a fixed reading stays fixed


def test_offsets_survive_diacritics():
    text = "اِس سال تجارت میں چالِیس فیصد اضافہ ہُوا"
    (q,) = extract_quantities(text)
    assert (q.value, q.surface) == (40, "چالِیس فیصد")
    assert text[q.char_start : q.char_end] == q.surface


def test_empty_body():
    assert extract_quantities("") == []


def test_narrow_token_pattern_reads_every_bmp_character_as_the_original():
    """The token pattern spelled as BMP sets matches exactly the characters `\\w`/`\\d` do."""
    from transforms.numbers import _TOKEN, _narrow_token

    narrow = _narrow_token()
    text = "".join(map(chr, range(0x10000))).replace("\n", " ")
    assert [m.span() for m in narrow.finditer(text)] == [m.span() for m in _TOKEN.finditer(text)]
    for code in range(0x10000):
        ch = chr(code)
        assert bool(narrow.fullmatch(ch)) == bool(_TOKEN.fullmatch(ch)), hex(code)


def test_text_beyond_the_bmp_is_read_with_the_original_patterns():
    # a mathematical digit (U+1D7D0) is a decimal digit the BMP sets do not hold
    (found,) = extract_quantities("قیمت \U0001d7d0 فیصد بڑھ گئی")
    assert found.value == 2 and found.unit == "%"


def test_tokens_read_from_gaps_are_the_tokens_of_the_original_pattern():
    from transforms.numbers import _TOKEN, _read_tokens

    text = "".join(map(chr, range(0x10000))) + " ایک  2014ء، 5,000 روپے (20%) $5 ملین\nتین"
    for start, end in ((0, len(text)), (0x600, 0x700), (len(text) - 40, len(text))):
        bounds = [m.span() for m in _TOKEN.finditer(text, start, end)]
        brk = [True] + [b[0] != a[1] and (b[0] - a[1] != 1 or text[a[1]] != " ") for a, b in zip(bounds, bounds[1:])]
        assert _read_tokens(text, start, end) == ([text[a:b] for a, b in bounds], bounds, brk)
