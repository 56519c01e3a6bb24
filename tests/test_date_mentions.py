"""Date mentions: Gregorian dates in digits and words, years, Hijri months, weekdays, and what the article's date resolves."""

from datetime import date

import pytest

from transforms.date_mentions import extract_dates


@pytest.mark.parametrize(
    "text, expected",
    [
        ("پہلا اجلاس نومبر 2025 میں ہوگا", [("نومبر 2025", 2025, 11, None)]),
        ("یکم دسمبر کو اجلاس ہوا", [("یکم دسمبر", None, 12, 1)]),
        ("2 اگست اور 02 ستمبر کو", [("2 اگست", None, 8, 2), ("02 ستمبر", None, 9, 2)]),
        ("گیارہ ستمبر کے حملے", [("گیارہ ستمبر", None, 9, 11)]),
        ("15 اگست 1947ء کو آزادی ملی", [("15 اگست 1947ء", 1947, 8, 15)]),
        ("یکم فروری، 2021 سے", [("یکم فروری، 2021", 2021, 2, 1)]),
        ("تیس ستمبر انیس سو پینسٹھ کو", [("تیس ستمبر انیس سو پینسٹھ", 1965, 9, 30)]),
        ("دسمبر دو ہزار دو میں", [("دسمبر دو ہزار دو", 2002, 12, None)]),
        ("یہ 2014ء کی بات ہے", [("2014ء", 2014, None, None)]),
        ("سنہ 2012 ء میں", [("سنہ 2012 ء", 2012, None, None)]),
        ("سنہ دوہزارچھ میں", [("سنہ دوہزارچھ", 2006, None, None)]),
        ("انیس سو ساٹھ میں", [("انیس سو ساٹھ", 1960, None, None)]),
        ("سال 2020 کے دوران", [("سال 2020", 2020, None, None)]),
        ("2050 تک", [("2050", 2050, None, None)]),
        ("مارچ میں انتخابات", [("مارچ", None, 3, None)]),
        ("12/05/2014 کو", [("12/05/2014", 2014, 5, 12)]),
        ("2014-05-12 کو", [("2014-05-12", 2014, 5, 12)]),
        # ranges of days: the first day takes the month and year of the second
        ("پہلا ٹیسٹ 5 سے 9 ستمبر تک", [("5", None, 9, 5), ("9 ستمبر", None, 9, 9)]),
        ("یکم سے 15 نومبر 2014 تک", [("یکم", 2014, 11, 1), ("15 نومبر 2014", 2014, 11, 15)]),
        ("15 اور 16 ستمبر کو", [("15", None, 9, 15), ("16 ستمبر", None, 9, 16)]),
        ("20-23 اکتوبر", [("20", None, 10, 20), ("23 اکتوبر", None, 10, 23)]),
        ("صفحہ 13 سے 9 نومبر", [("9 نومبر", None, 11, 9)]),  # not a range: the days do not rise
        ("اجلاس ستمبر کی 30 تاریخ کو ہوگا", [("ستمبر کی 30 تاریخ", None, 9, 30)]),
        # مارچ and جون alone: months between function words or with a year word before them
        ("پینٹاگون نے جون میں رپورٹ دی", [("جون", None, 6, None)]),
        ("فروری اور مارچ کے دوران", [("فروری", None, 2, None), ("مارچ", None, 3, None)]),
        ("سمتھ نے رواں برس مارچ میں ریٹائرمنٹ لی", [("مارچ", None, 3, None)]),
        ("پانچ جون کو اجلاس ہوا", [("پانچ جون", None, 6, 5)]),
        ("یکم دستمبر 2014 ء کو", [("یکم دستمبر 2014 ء", 2014, 12, 1)]),  # a misspelling news prints
        # not dates
        ("عوامی ماحولیاتی مارچ نامی مہم", []),
        ("لانگ مارچ میں ہزاروں لوگ", []),
        ("بریڈ لے جون واٹلنگ اور ٹم ساؤتھی", []),
        ("2000 افراد جمع ہوئے", []),
        ("دو ہزار روپے", []),
        ("رمضان نے کہا", []),  # a given name
        ("پاکستان نے میچ تین صفر سے جیت لیا", []),  # a score, not the Hijri month
        ("اسکور 1234567 رہا", []),
    ],
)
def test_gregorian(text, expected):
    got = extract_dates(text)
    assert [(d.surface, d.year, d.month, d.day) for d in got] == expected
    assert all(d.calendar == "gregorian" for d in got)
    for d in got:
        assert text[d.char_start : d.char_end] == d.surface


@pytest.mark.parametrize(
    "text, surface",
    [
        ("10 محرم الحرام کو", "10 محرم الحرام"),
        ("رمضان المبارک میں", "رمضان المبارک"),
        ("ماہ رمضان میں", "رمضان"),
        ("سنہ 1446ھ", "سنہ 1446ھ"),
    ],
)
def test_hijri_mentions_keep_gregorian_fields_null(text, surface):
    (d,) = extract_dates(text)
    assert (d.surface, d.calendar) == (surface, "hijri")
    assert (d.year, d.month, d.day) == (None, None, None)


def test_an_invalid_day_is_not_kept():
    (d,) = extract_dates("31 فروری کو")
    assert (d.month, d.day) == (2, None)


# The numeric-date pattern is written to open with a digit; it must find what the plain form does.
_PLAIN_NUMERIC_DATE = r"(?<![\d.,/-])(?:(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})|(?P<Y>\d{4})-(?P<M>\d{2})-(?P<D>\d{2}))(?![\d/-])"


def _plain_numeric(text):
    import re

    out = []
    for m in re.finditer(_PLAIN_NUMERIC_DATE, text):
        if m.group("d"):
            out.append((m.span(), int(m.group("d")), int(m.group("m")), int(m.group("y"))))
        else:
            out.append((m.span(), int(m.group("D")), int(m.group("M")), int(m.group("Y"))))
    return out


def _fast_numeric(text):
    from transforms.date_mentions import _NUMERIC_DATE

    out = []
    for m in _NUMERIC_DATE.finditer(text):
        first = m.group()[0]
        if m.group("y") is not None:
            out.append((m.span(), int(first + m.group("d")), int(m.group("m")), int(m.group("y"))))
        else:
            out.append((m.span(), int(m.group("D")), int(m.group("M")), int(first + m.group("Y"))))
    return out


@pytest.mark.parametrize("text", ["12/05/2014", "2014-05-12", "1/2/2014", "x 12-5-2014 ک", "112/05/2014", "12/05/20145",
                                  "5.12/05/2014", "2014-05-123", "12/05/2014/", "،12/05/2014،", "١٢/٠٥/٢٠١٤"])
def test_numeric_date_pattern_matches_the_plain_form(text):
    assert _fast_numeric(text) == _plain_numeric(text)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789/-., ک", max_size=30))
def test_numeric_date_pattern_matches_the_plain_form_everywhere(text):
    assert _fast_numeric(text) == _plain_numeric(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789/- ک", max_size=30))
def test_year_anchor_pattern_matches_the_plain_form(text):
    import re

    from transforms.date_mentions import load_date_lexicon

    plain = [m.span() for m in re.finditer(r"\d{4}|\d{1,2}[/-]\d{1,2}[/-]\d{4}", text)]
    assert [m.span() for m in load_date_lexicon().anchors._pattern.finditer(text)] == plain


def test_year_beyond_the_bmp_is_an_anchor():
    # mathematical digits (U+1D7D0...) are decimal digits the BMP sets do not hold
    (found,) = extract_dates("یہ \U0001d7d0\U0001d7ce\U0001d7cf\U0001d7d2 میں ہوا")
    assert found.year == 2014


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وزیر اعظم پیر کو لاہور پہنچے", [("پیر", 1)]),
        ("اجلاس جمعرات کے روز ہوگا", [("جمعرات", 4)]),
        ("منگل کی شام دھماکہ ہوا", [("منگل", 2)]),
        ("عدالت نے سماعت بروز جمعہ تک ملتوی کر دی", [("جمعہ", 5)]),
        ("ہفتے کو میچ اور اتوار کے دن فائنل", [("ہفتے", 6), ("اتوار", 7)]),
        ("سوموار کو ہڑتال", [("سوموار", 1)]),
        ("ٹرافی کا آغاز (کل) اتوار سے ہوگا", [("اتوار", 7)]),
        ("سماعت منگل تک ملتوی", [("منگل", 2)]),
        ("سوموار اور منگل کی درمیانی شب", [("سوموار", 1), ("منگل", 2)]),
        ("وہ (جمعہ کو) لاہور آئے", [("جمعہ", 5)]),
        ("ٹیم جمعہ کی علی الصبح روانہ ہوئی", [("جمعہ", 5)]),
        # not days: a week, a prayer, a title, a name cut off by punctuation
        ("اس ہفتے کے دوران بارش ہوئی", []),
        ("ہفتہ بھر کی مہم", []),
        ("جمعہ کی نماز کے بعد", []),
        ("پیر صاحب نے دعا کی", []),
        ("پیر، کو", []),
        ("ہفتے سے بارش ہو رہی ہے", []),  # "for a week": an ambiguous name needs a firmer cue than سے
        ("پیر سے", []),
    ],
)
def test_weekdays_that_name_a_day(text, expected):
    got = extract_dates(text)
    assert [(d.surface, d.weekday) for d in got] == expected
    for d in got:
        assert text[d.char_start : d.char_end] == d.surface
        assert (d.year, d.month, d.day) == (None, None, None)


def test_the_seed_has_cldr_s_urdu_weekday_names():
    import csv

    from babel.dates import get_day_names

    from transforms.reference import DEFAULT_SEEDS_DIR

    with (DEFAULT_SEEDS_DIR / "weekdays.csv").open(encoding="utf-8") as handle:
        seeded = {(row["name"], int(row["weekday"])) for row in csv.DictReader(handle)}
    cldr = {(name, number + 1) for number, name in get_day_names("wide", locale="ur").items()}  # babel: 0 is Monday
    assert cldr <= seeded


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # the year the text omits: the one nearest the article's date
        ("28 دسمبر کو", date(2025, 1, 3), (2024, date(2024, 12, 28))),
        ("یکم جنوری کو", date(2024, 12, 30), (2025, date(2025, 1, 1))),
        ("2 اگست کو", date(2025, 8, 20), (2025, date(2025, 8, 2))),
        ("مارچ میں انتخابات", date(2025, 10, 1), (2026, None)),
        ("مارچ میں انتخابات", date(2025, 8, 1), (2025, None)),
        ("29 فروری کو", date(2025, 3, 1), (2024, date(2024, 2, 29))),  # the nearest year that has the day
        # the words before the month say which year
        ("گزشتہ سال نومبر میں", date(2014, 7, 10), (2013, None)),
        ("گذشتہ فروری میں", date(2014, 11, 5), (2014, None)),
        ("گذشتہ دسمبر میں", date(2014, 11, 5), (2013, None)),
        ("رواں برس جنوری میں", date(2014, 10, 1), (2014, None)),
        ("آئندہ مارچ میں", date(2014, 10, 1), (2015, None)),
        ("اگلے سال 12 مارچ کو", date(2014, 2, 1), (2015, date(2015, 3, 12))),
        # the text's own year wins
        ("یکم دسمبر 2019 کو", date(2025, 1, 3), (2019, date(2019, 12, 1))),
        ("سنہ 2012 میں", date(2025, 1, 3), (2012, None)),
        # weekdays: the nearest such day, three either side
        ("پیر کو", date(2025, 12, 2), (2025, date(2025, 12, 1))),  # a Tuesday's article: yesterday
        ("جمعہ کو", date(2025, 12, 2), (2025, date(2025, 12, 5))),
        ("اتوار کو", date(2025, 12, 2), (2025, date(2025, 11, 30))),
        ("منگل کو", date(2025, 12, 2), (2025, date(2025, 12, 2))),
        ("جمعرات کو", date(2026, 1, 1), (2026, date(2026, 1, 1))),
        ("ہفتے کو", date(2026, 1, 1), (2026, date(2026, 1, 3))),
        ("بدھ کو", date(2026, 1, 1), (2025, date(2025, 12, 31))),
        # ... unless the clause is in the past (the last such day) or the future (the next)
        ("انہیں منگل کو اسپتال میں داخل کرایا گیا تھا۔", date(2014, 10, 5), (2014, date(2014, 9, 30))),
        ("وزیر نے منگل کو کہا کہ وہ جائیں گے۔", date(2014, 10, 5), (2014, date(2014, 9, 30))),
        ("اجلاس جمعہ کو ہوگا۔", date(2014, 10, 4), (2014, date(2014, 10, 10))),
        ("اتوار کو میچ ہوا تھا۔", date(2014, 10, 5), (2014, date(2014, 10, 5))),  # the article's own day
        ("سیریز منگل سے ہو رہی ہے، پھر میچ ختم ہو گیا تھا۔", date(2014, 10, 6), (2014, date(2014, 10, 7))),  # the present
    ],
)
def test_what_the_text_leaves_out_is_resolved_from_the_article_s_date(text, published, expected):
    (d,) = extract_dates(text, published=published)
    assert (d.resolved_year, d.resolved_date) == expected


def test_a_weekday_before_a_date_is_that_date():
    got = extract_dates("میچ اتوار12اکتوبر کو شیڈیول کیا گیا ہے، اور بدھ 22 اکتوبر کو", published=date(2014, 10, 6))
    assert [(d.surface, d.weekday, d.resolved_date) for d in got] == [
        ("اتوار", 7, date(2014, 10, 12)), ("12اکتوبر", None, date(2014, 10, 12)),
        ("بدھ", 3, date(2014, 10, 22)), ("22 اکتوبر", None, date(2014, 10, 22)),
    ]
    # a date that falls on another day leaves the weekday to the clause
    (weekday, _) = extract_dates("میچ اتوار 13 اکتوبر کو ہوا تھا", published=date(2014, 10, 6))
    assert weekday.resolved_date == date(2014, 10, 5)


def test_without_the_article_s_date_only_the_text_s_year_resolves():
    assert [(d.resolved_year, d.resolved_date) for d in extract_dates("پیر کو، یکم دسمبر اور 5 مئی 2020 کو")] == [
        (None, None), (None, None), (2020, date(2020, 5, 5))
    ]


def test_hijri_mentions_are_not_resolved():
    (d,) = extract_dates("10 محرم الحرام کو", published=date(2025, 7, 1))
    assert (d.resolved_year, d.resolved_date) == (None, None)
