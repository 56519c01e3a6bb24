"""The article parser: header date, headline or first sentence, dateline, sources, statistics."""

from datetime import date
from pathlib import Path

import pytest

from transforms.article import (
    INVALID_DATE,
    MAX_DERIVED_HEADLINE_CHARS,
    NO_DATE_HEADER,
    parse_article,
    text_stats,
)
from transforms.decode import decode_bytes
from transforms.normalize import normalize
from transforms.reference import load_reference

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
REFERENCE = load_reference()


def parse(text: str):
    return parse_article(normalize(text), REFERENCE)


def parse_seed(name: str):
    raw = decode_bytes((SEEDS / "articles" / name).read_bytes()).text
    return normalize(raw), parse_article(normalize(raw), REFERENCE)


def article(body: str, headline: str = "حکومت کا نئے منصوبے کا اعلان") -> str:
    return f" date 2025-03-04 {headline}\n{body}\n"


# --- seed articles ------------------------------------------------------------------------------


def test_seed_with_headline_and_dateline():
    text, parsed = parse_seed("003_3a629e79eff072b7.txt")
    first_line = text.strip().split("\n", 1)[0]
    assert parsed.published_date == date(2025, 9, 10)
    assert parsed.date_problem is None
    assert parsed.headline_origin == "header"
    assert parsed.headline == first_line.split("2025-09-10", 1)[1].strip()
    assert parsed.dateline_city == "اسلام آباد"
    assert parsed.agencies == ("اے پی پی", "دنیا نیوز")
    assert parsed.body.startswith("اسلام آباد (")
    assert parsed.body[parsed.dateline_end :].startswith("نائب وزیر اعظم")


def test_seed_whose_first_line_is_a_sentence():
    text, parsed = parse_seed("000_d95e7e197682fc27.txt")
    first_sentence = text.strip().split("\n", 1)[0].split("2025-12-11", 1)[1].strip()
    assert parsed.published_date == date(2025, 12, 11)
    assert parsed.headline_origin == "derived"
    assert parsed.headline == first_sentence.rstrip("۔")
    assert parsed.body.startswith(first_sentence)
    assert parsed.dateline_city is None
    assert parsed.dateline_end == 0
    assert parsed.agencies == ("مہر خبررساں ایجنسی",)


# --- datelines ----------------------------------------------------------------------------------

DATELINES = [
    # CITY ۔ DATE (AGENCY), with the date's spacing as it comes
    ("کیپ ٹاؤن۔ یکم دسمبر (اے پی پی) جنوبی افریقہ نے سیریز جیت لی۔", "کیپ ٹاؤن", ("اے پی پی",)),
    ("بیجنگ ۔02 اگست (اے پی پی) چین میں نئی ریل سروس شروع ہوگئی۔", "بیجنگ", ("اے پی پی",)),
    ("ملتان ۔ 28 نومبر (اے پی پی) شہر میں بارش ہوئی۔", "ملتان", ("اے پی پی",)),
    ("نئی دہلی۔14ستمبر(اے پی پی) بھارت میں انتخابات ہوئے۔", "نئی دہلی", ("اے پی پی",)),
    ("کراچی ۔ 5 ستمبر 2014ء (اے پی پی) بازار کھل گئے۔", "کراچی", ("اے پی پی",)),
    ("کوئٹہ، 28 نومبر (اے پی پی) صوبے میں سردی بڑھ گئی۔", "کوئٹہ", ("اے پی پی",)),
    ("پشاور - 3 مارچ (اے پی پی) اجلاس ملتوی ہوگیا۔", "پشاور", ("اے پی پی",)),
    ("سکھر ۔ 12-09-2014 (اے پی پی) دریا میں پانی بڑھ گیا۔", "سکھر", ("اے پی پی",)),
    ("واشنگٹن 23 نومبر (اے پی پی) امریکی حکام نے بیان جاری کیا۔", "واشنگٹن", ("اے پی پی",)),
    # CITY(AGENCY/DESK) and several sources
    ("میر پور(وقت نیوز) میزبان ٹیم نے میچ جیت لیا۔", "میر پور", ("وقت نیوز",)),
    ("بیجنگ(نیوز ایجنسیاں،مانیٹرنگ ڈیسک)چین نے نیا سیٹلائٹ بھیجا۔", "بیجنگ", ("نیوز ایجنسیاں", "مانیٹرنگ ڈیسک")),
    ("ڈھاکہ (سپورٹس ڈیسک/اے ایف پی ) میزبان ٹیم ہار گئی۔", "ڈھاکہ", ("سپورٹس ڈیسک", "اے ایف پی")),
    ("اسلام آباد (اے پی پی، دنیا نیوز) کابینہ کا اجلاس ہوا۔", "اسلام آباد", ("اے پی پی", "دنیا نیوز")),
    ("لاہور ( سٹاف رپورٹر ) شہر میں میلہ لگا۔", "لاہور", ("سٹاف رپورٹر",)),
    # a combined byline joined by "+" is one credit
    ("پشاور (نامہ نگار+ سٹاف رپورٹر) صوبائی اسمبلی کا اجلاس ہوا۔", "پشاور", ("نامہ نگار+ سٹاف رپورٹر",)),
    # several places in one dateline are kept together
    (
        "سٹین فورڈ ،واشنگٹن، کٹز بوہیل(سپورٹس ڈیسک) ٹینس کے مقابلے جاری ہیں۔",
        "سٹین فورڈ ،واشنگٹن، کٹز بوہیل",
        ("سپورٹس ڈیسک",),
    ),
    ("پشاور + مردان (نامہ نگار) دونوں شہروں میں بارش ہوئی۔", "پشاور + مردان", ("نامہ نگار",)),
    # a credit without a place
    ("(اے پی پی) وفاقی کابینہ کا اجلاس ہوا۔", None, ("اے پی پی",)),
    # a headline's tail spilled onto the body line before the dateline
    ("پالیسی کا اعلان کر دیا۔ملتان ۔ 3 مارچ (اے پی پی) حکومت نے نئی پالیسی جاری کی۔", "ملتان", ("اے پی پی",)),
    ("منظوری دے دی گئی دبئی ۔ 2 اکتوبر (اے پی پی) کونسل نے مراکز کی منظوری دی۔", None, ("اے پی پی",)),
]


@pytest.mark.parametrize("body, city, agencies", DATELINES)
def test_dateline_forms(body, city, agencies):
    parsed = parse(article(body))
    assert parsed.headline_origin == "header"
    assert parsed.dateline_city == (normalize(city) if city else None)
    assert parsed.agencies == tuple(normalize(a) for a in agencies)
    assert parsed.dateline_end > 0
    assert not parsed.body[parsed.dateline_end :].startswith((" ", ")"))


NOT_DATELINES = [
    # the parenthesis glosses a name and a postposition follows it
    "وزیر اعظم (نواز شریف) نے آج قوم سے خطاب کیا۔",
    "پاکستان کرکٹ بورڈ (پی سی بی) کے چیئرمین نے استعفیٰ دے دیا۔",
    # an ordinary parenthesis later in the text
    "حکومت نے آج ایک اہم اجلاس میں فیصلہ کیا کہ ملک بھر میں (خاص طور پر پنجاب میں) نئے اسکول کھولے جائیں گے۔",
    "صوبائی وزیر نے کہا کہ نئے منصوبے کی لاگت (تقریباً دو ارب روپے) حکومت ادا کرے گی۔",
    # the words before the parenthesis are prose, not a place
    "اجلاس میں شرکت کرنے والے تمام ارکان نے متفقہ طور پر قرارداد منظور کی (تفصیلات) اور پھر اجلاس ختم ہوا۔",
    # no dateline at all
    "ملک بھر میں آج یوم آزادی جوش و خروش سے منایا گیا۔",
]


@pytest.mark.parametrize("body", NOT_DATELINES)
def test_parentheses_that_are_not_datelines(body):
    parsed = parse(article(body))
    assert parsed.dateline_city is None
    assert parsed.agencies == ()
    assert parsed.dateline_end == 0


# --- attribution --------------------------------------------------------------------------------

ATTRIBUTIONS = [
    ("مہر خبررساں ایجنسی کی رپورٹ کے مطابق دونوں ملکوں نے معاہدہ کیا۔", ("مہر خبررساں ایجنسی",)),
    ("ایران کی مہر خبر رساں ایجنسی کے مطابق دونوں ملکوں نے معاہدہ کیا۔", ("مہر خبر رساں ایجنسی",)),
    ("شہر میں زلزلہ آیا۔ رائٹرز کے مطابق کوئی جانی نقصان نہیں ہوا۔", ("رائٹرز",)),
    ("ثنا نیوز نے بتایا کہ اجلاس کل ہوگا۔", ("ثنا نیوز",)),
    # an agency this vocabulary does not list, recognized by its "news agency" suffix
    ("ترکی کی ایلفا نیوز ایجنسی نے بتایا کہ سرحد کھول دی گئی۔", ("ایلفا نیوز ایجنسی",)),
    ("اے ایف پی کے مطابق اجلاس ہوا۔ رائٹرز کی رپورٹ کے مطابق فیصلہ ہوگیا۔", ("اے ایف پی", "رائٹرز")),
    # a descriptor is not a name
    ("ایک غیر ملکی خبر رساں ایجنسی کے مطابق سرحد بند کر دی گئی۔", ()),
    ("سرکاری خبر رساں ایجنسی کے مطابق سرحد بند کر دی گئی۔", ()),
    # a person, not an agency
    ("وزیر خزانہ کے مطابق مہنگائی کم ہوئی ہے۔", ()),
    # attribution far into the story is not the story's source
    ("پہلا جملہ ہے۔ دوسرا جملہ ہے۔ تیسرا جملہ ہے۔ رائٹرز کے مطابق چوتھا جملہ ہے۔", ()),
]


@pytest.mark.parametrize("body, agencies", ATTRIBUTIONS)
def test_attribution_agencies(body, agencies):
    parsed = parse(article(body))
    assert parsed.dateline_city is None
    assert parsed.agencies == agencies


def test_spelling_variants_still_match_the_vocabulary():
    # Arabic-keyboard letters, a diacritic and a split compound; the text's own spelling is kept
    parsed = parse(article("مهر خبر رساں ايجنسی کی رپورٹ کے مطابق معاہدہ ہوا۔"))
    assert parsed.agencies == (normalize("مهر خبر رساں ايجنسی"),)
    assert parse(article("رَائٹرز کے مطابق معاہدہ ہوا۔")).agencies == (normalize("رَائٹرز"),)
    dated = parse(article("لاہور ۔ 13 اكتوبر (اے پی پی) اجلاس ہوا۔"))
    assert dated.dateline_city == "لاہور"


def test_dateline_credit_wins_over_attribution():
    parsed = parse(article("لاہور (وقت نیوز) رائٹرز کے مطابق بارش ہوئی۔"))
    assert parsed.agencies == ("وقت نیوز",)


# --- header -------------------------------------------------------------------------------------


def test_no_date_header():
    parsed = parse("وزیر اعظم کا دورہ چین\nاسلام آباد (اے پی پی) وزیر اعظم چین روانہ ہوگئے۔\n")
    assert parsed.published_date is None
    assert parsed.date_problem.startswith(f"{NO_DATE_HEADER}:")
    assert parsed.headline == "وزیر اعظم کا دورہ چین"
    assert parsed.dateline_city == "اسلام آباد"


def test_impossible_date():
    parsed = parse(" date 2025-02-30 وزیر اعظم کا دورہ چین\nاسلام آباد (اے پی پی) وزیر اعظم روانہ ہوگئے۔")
    assert parsed.published_date is None
    assert parsed.date_problem == f"{INVALID_DATE}: impossible date 2025-02-30"
    assert parsed.headline == "وزیر اعظم کا دورہ چین"


def test_unreadable_date():
    parsed = parse("date 2025/02/03 وزیر اعظم کا دورہ چین\nمتن")
    assert parsed.published_date is None
    assert parsed.date_problem.startswith(f"{INVALID_DATE}:")


def test_date_with_leading_whitespace_and_urdu_digits():
    parsed = parse("\n\n   date ۲۰۲۵-۰۹-۱۰ وزیر اعظم کا دورہ چین\nمتن")
    assert parsed.published_date == date(2025, 9, 10)
    assert parsed.date_problem is None


# --- headline or first sentence -----------------------------------------------------------------


def test_headline_ending_in_full_stop_is_a_headline_when_a_dateline_follows():
    parsed = parse(article("لاہور (اے پی پی) خلائی جہاز واپس آگیا۔", "روس کا خلائی جہاز کامیاب مشن کے بعد زمین پر اتر گیا۔"))
    assert parsed.headline_origin == "header"
    assert parsed.headline == "روس کا خلائی جہاز کامیاب مشن کے بعد زمین پر اتر گیا۔"
    assert parsed.dateline_city == "لاہور"


def test_question_headline_is_a_headline():
    parsed = parse(article("ملک بھر میں بحث جاری ہے۔", "کیا ٹیم اس بار ورلڈ کپ جیت سکے گی؟"))
    assert parsed.headline_origin == "header"
    assert parsed.body == "ملک بھر میں بحث جاری ہے۔"


def test_short_quote_headline_is_a_headline():
    parsed = parse(article("اداکارہ نے کہا کہ وہ جلد نئی فلم شروع کریں گی۔", "جلد واپس آؤں گی۔"))
    assert parsed.headline_origin == "header"


def test_first_line_opening_with_a_dateline_is_the_body():
    parsed = parse(" date 2025-03-04 لاہور (اے پی پی) پنجاب حکومت نے نئی بسیں چلا دیں۔\nمزید بسیں اگلے ماہ آئیں گی۔")
    assert parsed.headline_origin == "derived"
    assert parsed.headline == "لاہور (اے پی پی) پنجاب حکومت نے نئی بسیں چلا دیں"
    assert parsed.dateline_city == "لاہور"
    assert parsed.body.startswith("لاہور (اے پی پی) پنجاب")


def test_headline_with_a_parenthesis_is_a_headline():
    parsed = parse(article("پارٹی کے چیئرمین نے جلسے سے خطاب کیا۔", "عمران خان (پی ٹی آئی) لاہور پہنچ گئے"))
    assert parsed.headline_origin == "header"
    assert parsed.headline == "عمران خان (پی ٹی آئی) لاہور پہنچ گئے"


def test_derived_headline_is_the_first_sentence():
    text = " date 2025-03-04 حکومت نے آج نئے بجٹ کا اعلان کیا۔ اس میں ٹیکس کم کیے گئے۔\nوزیر خزانہ نے تفصیلات بتائیں۔"
    parsed = parse(text)
    assert parsed.headline_origin == "derived"
    assert parsed.headline == "حکومت نے آج نئے بجٹ کا اعلان کیا"
    assert parsed.body == "حکومت نے آج نئے بجٹ کا اعلان کیا۔ اس میں ٹیکس کم کیے گئے۔\nوزیر خزانہ نے تفصیلات بتائیں۔"


def test_long_derived_headline_is_cut_at_a_word_boundary():
    sentence = " ".join(["کتاب", "قلم", "میز", "کرسی", "دروازہ"] * 12)
    parsed = parse(f" date 2025-03-04 {sentence}۔\nدوسری سطر۔")
    assert parsed.headline_origin == "derived"
    assert parsed.headline.endswith("…")
    assert len(parsed.headline) <= MAX_DERIVED_HEADLINE_CHARS + 1
    cut = parsed.headline.removesuffix("…")
    assert sentence.startswith(cut) and sentence[len(cut)] == " "


def test_headline_on_the_line_after_a_bare_date():
    parsed = parse("date 2025-03-04\nوزیر اعظم کا دورہ چین\nاسلام آباد (اے پی پی) وزیر اعظم روانہ ہوگئے۔")
    assert parsed.headline == "وزیر اعظم کا دورہ چین"
    assert parsed.dateline_city == "اسلام آباد"


def test_empty_article():
    parsed = parse("date 2025-03-04")
    assert parsed.published_date == date(2025, 3, 4)
    assert parsed.headline == ""
    assert parsed.body == ""
    assert parsed.agencies == ()


# --- statistics ---------------------------------------------------------------------------------


def test_text_stats_counts():
    body = "پاکستان ایک خوبصورت ملک ہے۔ یہاں 5 دریا ہیں!\n\nاس کا دارالحکومت Islamabad ہے۔"
    stats = text_stats(body)
    assert stats.word_count == 14
    assert stats.sentence_count == 3
    assert stats.paragraph_count == 2
    arabic_letters = sum(len(w) for w in "پاکستان ایک خوبصورت ملک ہے یہاں دریا ہیں اس کا دارالحکومت ہے".split())
    assert stats.urdu_ratio == pytest.approx(arabic_letters / (arabic_letters + len("Islamabad")))


def test_text_stats_sentence_without_terminator_and_decimal_point():
    stats = text_stats("قیمت 1.5 فیصد بڑھ گئی\nدوسری سطر۔ تیسرا جملہ")
    assert stats.sentence_count == 3
    assert stats.paragraph_count == 2


def test_text_stats_diacritics_and_digits_are_not_letters():
    stats = text_stats("۔ 123 ٍ")
    assert stats.word_count == 1
    assert stats.urdu_ratio == 0.0
    assert text_stats("").word_count == 0


# --- reference ----------------------------------------------------------------------------------


def test_reference_is_read_from_the_seeds_and_cached():
    assert "اے پی پی" in REFERENCE.agencies
    assert ("اگست", 8) in REFERENCE.months
    assert "نے" in REFERENCE.postpositions and "نے" in REFERENCE.function_words
    assert load_reference() is REFERENCE


def test_reference_from_another_folder(tmp_path):
    for name in ("agencies.csv", "urdu_terms.csv"):
        (tmp_path / name).write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "agencies.csv").open("a", encoding="utf-8") as handle:
        handle.write("فرضی پریس سروس,agency,,a made-up agency for this test\n")
    reference = load_reference(tmp_path)
    parsed = parse_article(normalize(article("فرضی پریس سروس کے مطابق بارش ہوئی۔")), reference)
    assert parsed.agencies == ("فرضی پریس سروس",)
    assert parse(article("فرضی پریس سروس کے مطابق بارش ہوئی۔")).agencies == ()


def test_reference_without_kind_column_is_refused(tmp_path):
    (tmp_path / "agencies.csv").write_text("name\nاے پی پی\n", encoding="utf-8")
    (tmp_path / "urdu_terms.csv").write_text((SEEDS / "urdu_terms.csv").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ValueError, match="kind"):
        load_reference(tmp_path)
