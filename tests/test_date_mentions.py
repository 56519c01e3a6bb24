"""Date mentions: Gregorian dates in digits and words, years, Hijri months."""

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
        # not dates
        ("2000 افراد جمع ہوئے", []),
        ("دو ہزار روپے", []),
        ("رمضان نے کہا", []),  # a given name
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
