"""Text reuse, the pure parts: shingles, MinHash bands, scores and the link decision."""

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import reuse
from transforms.article import read_dateline
from transforms.reuse import (
    ArticleText,
    Candidate,
    band_buckets,
    choose_source,
    link_articles,
    minhash_signatures,
    shingle_batch,
    shingles,
    story_key,
)

AGENCY = (
    "لاہور (اے پی پی) پنجاب حکومت نے صوبے کے تمام سرکاری سکولوں میں مفت کتابیں فراہم کرنے کا فیصلہ کیا ہے۔ "
    "وزیر تعلیم نے بتایا کہ اس منصوبے پر دو ارب روپے خرچ ہوں گے اور کتابیں اگلے ماہ سے تقسیم کی جائیں گی۔ "
    "انہوں نے کہا کہ غریب خاندانوں کے بچوں کو تعلیم جاری رکھنے میں مدد ملے گی۔ "
    "محکمہ تعلیم کے حکام کے مطابق پہلے مرحلے میں دیہی علاقوں کے سکولوں کو ترجیح دی جائے گی۔ "
    "والدین اور اساتذہ نے حکومت کے اس اقدام کا خیرمقدم کیا ہے۔"
)
# The same story as a newspaper prints it: another dateline, sentences moved, words changed,
# one sentence dropped.
REWRITE = (
    "لاہور (نمائندہ خصوصی) صوبائی حکومت نے پنجاب کے تمام سرکاری سکولوں میں مفت کتابیں فراہم کرنے کا فیصلہ کر لیا۔ "
    "محکمہ تعلیم کے حکام کے مطابق پہلے مرحلے میں دیہی علاقوں کے سکولوں کو ترجیح دی جائے گی۔ "
    "وزیر تعلیم کا کہنا تھا کہ منصوبے پر دو ارب روپے خرچ ہوں گے اور کتابیں اگلے ماہ سے تقسیم ہوں گی۔ "
    "اس موقع پر انہوں نے کہا کہ غریب خاندانوں کے بچوں کو تعلیم جاری رکھنے میں مدد ملے گی۔"
)
# A report that takes one sentence of the agency story and adds its own.
PARTIAL = (
    "ملتان (نامہ نگار) ضلع کے سرکاری سکولوں میں داخلہ مہم کا آغاز ہو گیا ہے اور اساتذہ گھر گھر جا رہے ہیں۔ "
    "وزیر تعلیم نے بتایا کہ اس منصوبے پر دو ارب روپے خرچ ہوں گے اور کتابیں اگلے ماہ سے تقسیم کی جائیں گی۔ "
    "مقامی افسران کا کہنا ہے کہ گزشتہ برس کے مقابلے میں داخلوں کی تعداد بڑھنے کی توقع ہے۔ "
    "کئی دیہات میں نئے کمرے بھی تعمیر کیے جا رہے ہیں۔"
)
WEATHER = (
    "کراچی (اسٹاف رپورٹر) شہر میں آج صبح سے بادل چھائے رہے اور کئی علاقوں میں ہلکی بارش ہوئی۔ "
    "محکمہ موسمیات نے آئندہ دو روز کے دوران مزید بارش کی پیش گوئی کی ہے۔ "
    "بارش کے بعد سڑکوں پر پانی جمع ہونے سے ٹریفک کی روانی متاثر ہوئی اور شہریوں کو مشکلات کا سامنا کرنا پڑا۔ "
    "ماہی گیروں کو سمندر میں نہ جانے کی ہدایت کی گئی ہے۔"
)
CRICKET = (
    "راولپنڈی (سپورٹس ڈیسک) قومی کرکٹ ٹیم نے تیسرے ٹی ٹوئنٹی میچ میں مہمان ٹیم کو سات وکٹوں سے شکست دے کر "
    "سیریز اپنے نام کر لی۔ کپتان نے شاندار نصف سنچری بنائی جبکہ فاسٹ باؤلرز نے ابتدائی اوورز میں تین وکٹیں حاصل کیں۔ "
    "میچ دیکھنے کے لیے سٹیڈیم میں ہزاروں شائقین موجود تھے۔"
)
DAY = date(2024, 3, 10)


def article(article_id, body, days=0, content_hash=None):
    return ArticleText(article_id, DAY + timedelta(days=days), body, content_hash)


# --- shingles ----------------------------------------------------------------------------------


def test_story_key_skips_the_dateline():
    assert story_key(AGENCY).startswith("پنجاب حکومت")
    other_dateline = AGENCY.replace("لاہور (اے پی پی)", "لاہور (نمائندہ خصوصی)")
    assert np.array_equal(shingles(AGENCY), shingles(other_dateline))


def test_shingles_ignore_spelling_variants_and_diacritics():
    variant = AGENCY.replace("ی", "ي").replace("ک", "ك").replace("تعلیم", "تَعلِیم").replace("سکولوں", "سکـولوں")
    assert np.array_equal(shingles(AGENCY), shingles(variant))


def test_shingles_are_distinct_sorted_word_pairs():
    hashes = shingles("پہلا دوسرا تیسرا پہلا دوسرا")
    assert hashes.dtype == np.uint64
    assert len(hashes) == 3  # پہلا دوسرا, دوسرا تیسرا, تیسرا پہلا
    assert list(hashes) == sorted(hashes)
    assert len(shingles("اکیلا")) == 0


def test_batch_shingles_match_one_by_one():
    bodies = [AGENCY, "", "ایک لفظ", WEATHER]
    hashes, offsets = shingle_batch(bodies)
    for index, body in enumerate(bodies):
        assert np.array_equal(hashes[offsets[index] : offsets[index + 1]], shingles(body))


def word_by_word(body: str) -> np.ndarray:
    """The definition: the distinct hashes of neighbouring word pairs of `story_words`."""
    words = np.array([reuse._word_hash(w) for w in reuse.story_words(body)], dtype=np.uint64)
    return np.unique(reuse._pair_hashes(words[:-1], words[1:])) if len(words) > 1 else np.empty(0, np.uint64)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="ابپتٹجکگلمنوہیے۔،؟ َ ِ ُ ٔ\u200c_-x9۱٢ ()\n", max_size=80), max_size=6))
def test_column_shingles_equal_the_word_by_word_definition(bodies):
    bodies = bodies + [AGENCY, WEATHER]
    hashes, offsets = shingle_batch(bodies)
    for index, body in enumerate(bodies):
        assert np.array_equal(hashes[offsets[index] : offsets[index + 1]], word_by_word(body)), body
    starts = [read_dateline(body)[2] for body in bodies]
    again, again_offsets = shingle_batch(bodies, starts)
    assert np.array_equal(again, hashes) and np.array_equal(again_offsets, offsets)


def test_reuse_text_holds_each_articles_shingles_and_bands():
    table = reuse.reuse_text(["a", "b", "c"], [AGENCY, "", CRICKET])
    hashes, offsets = shingle_batch([AGENCY, "", CRICKET])
    buckets = band_buckets(minhash_signatures(hashes, offsets))
    assert table.schema == reuse.REUSE_TEXT
    assert table.column("shingles").to_pylist() == [list(hashes[offsets[i] : offsets[i + 1]]) for i in range(3)]
    assert table.column("bands").to_pylist() == [list(buckets[0]), [], list(buckets[2])]


urdu_words = st.lists(st.text(alphabet="ابپتٹثجچحخدڈرزسشصعفقکگلمنوہیے", min_size=1, max_size=6), min_size=0, max_size=40)


@settings(max_examples=60, deadline=None)
@given(urdu_words, urdu_words)
def test_signatures_are_deterministic_and_order_free(first, second):
    bodies = [" ".join(first), " ".join(second)]
    hashes, offsets = shingle_batch(bodies)
    again_hashes, again_offsets = shingle_batch(list(reversed(bodies)))
    signatures = minhash_signatures(hashes, offsets)
    reversed_signatures = minhash_signatures(again_hashes, again_offsets)
    assert np.array_equal(signatures, reversed_signatures[::-1])
    assert np.array_equal(band_buckets(signatures), band_buckets(reversed_signatures)[::-1])
    if bodies[0] == bodies[1]:
        assert np.array_equal(signatures[0], signatures[1])


@settings(max_examples=40, deadline=None)
@given(st.lists(urdu_words, min_size=1, max_size=12), st.integers(1, 20))
def test_signatures_do_not_depend_on_how_bodies_are_chunked(texts, size):
    bodies = [" ".join(words) for words in texts]
    hashes, offsets = shingle_batch(bodies)
    whole = minhash_signatures(hashes, offsets)
    alone = [minhash_signatures(*shingle_batch([body])) for body in bodies]
    saved, reuse._CHUNK_SHINGLES = reuse._CHUNK_SHINGLES, size
    try:
        chunked = minhash_signatures(hashes, offsets)
    finally:
        reuse._CHUNK_SHINGLES = saved
    assert np.array_equal(chunked, whole)
    assert np.array_equal(whole, np.concatenate(alone))


def test_minhash_agreement_estimates_jaccard():
    words = [f"لفظ{i}" for i in range(400)]
    # word pairs of the first 300 words and of words 100-399 overlap in 199 of 399 pairs
    hashes, offsets = shingle_batch([" ".join(words[:300]), " ".join(words[100:])])
    signatures = minhash_signatures(hashes, offsets)
    agreement = float(np.mean(signatures[0] == signatures[1]))
    assert abs(agreement - 199 / 399) < 0.2


def test_bands_of_identical_texts_all_agree_and_unrelated_ones_do_not():
    hashes, offsets = shingle_batch([AGENCY, AGENCY.replace("(اے پی پی)", "(آن لائن)"), CRICKET])
    buckets = band_buckets(minhash_signatures(hashes, offsets))
    assert buckets.shape == (3, reuse.BANDS)
    assert np.array_equal(buckets[0], buckets[1])
    assert not np.any(buckets[0] == buckets[2])


# --- the decision ------------------------------------------------------------------------------


def candidate(source_id, shared, target_weight=10.0, source_weight=10.0, days=1, shingles=50, exact=False, order=None):
    return Candidate(source_id, order or (DAY - timedelta(days=days), 0), shared, target_weight, source_weight, days, shingles, exact)


def test_choose_source_prefers_an_exact_copy_and_the_earliest_one():
    link = choose_source(
        [candidate("rewrite", 9.0), candidate("late copy", 0, exact=True, days=1), candidate("first copy", 0, exact=True, days=30)]
    )
    assert (link.source_id, link.score, link.kind) == ("first copy", 1.0, "copy")


def test_choose_source_selects_by_cosine_and_decides_by_containment():
    # a long source contains more of the target, but the short one matches it more closely
    long_source = candidate("long", 4.0, source_weight=100.0)
    close_source = candidate("close", 3.5, source_weight=5.0)
    link = choose_source([long_source, close_source])
    assert link.source_id == "close"
    assert link.score == 0.35 and link.kind == "rewrite"


def test_choose_source_threshold_inside_the_window():
    at = reuse.REWRITE_CONTAINMENT
    assert choose_source([candidate("s", at * 10.0)]) is not None
    assert choose_source([candidate("s", at * 10.0 - 0.01)]) is None


def test_choose_source_beyond_the_window_needs_a_near_duplicate():
    old_rewrite = candidate("old", 3.0, days=reuse.WINDOW_DAYS + 1)
    assert choose_source([old_rewrite]) is None
    old_reprint = candidate("old", 6.0, days=reuse.WINDOW_DAYS + 1)
    assert choose_source([old_reprint]).kind == "near_duplicate"
    # an old, more similar article does not crowd out a recent source
    recent = candidate("recent", 2.0, source_weight=40.0, days=1)
    assert choose_source([old_rewrite, recent]).source_id == "recent"


def test_choose_source_ignores_short_texts_unless_copied():
    assert choose_source([candidate("s", 9.0, shingles=reuse.MIN_SHINGLES - 1)]) is None
    assert choose_source([candidate("s", 0, shingles=2, exact=True)]).kind == "copy"


def test_choose_source_breaks_ties_by_the_earlier_article():
    first = candidate("first", 5.0, order=(DAY, 1))
    second = candidate("second", 5.0, order=(DAY, 2))
    assert choose_source([second, first]).source_id == "first"


# --- linking a set of articles -----------------------------------------------------------------


def test_identical_text_links_as_an_exact_copy():
    links = link_articles([article("a", AGENCY, 0, "h1"), article("b", AGENCY, 1, "h1"), article("c", AGENCY, 2, "h1")])
    assert links["b"].source_id == "a" and links["b"].kind == "copy"
    assert links["c"].source_id == "a"
    assert "a" not in links


def test_rewrite_links_to_its_source_and_unrelated_stories_stay_apart():
    links = link_articles([article("agency", AGENCY), article("weather", WEATHER, 1), article("paper", REWRITE, 1), article("cricket", CRICKET, 2)])
    assert links["paper"].source_id == "agency"
    assert links["paper"].kind == "rewrite"
    assert links["paper"].score > 0.3
    assert set(links) == {"paper"}


def test_the_source_must_be_earlier():
    # the rewrite was published first: the agency story may link to it, never the reverse
    links = link_articles([article("agency", AGENCY, 2), article("paper", REWRITE, 0)])
    assert "paper" not in links
    assert links["agency"].source_id == "paper"


def test_same_day_articles_are_ordered_by_ingestion():
    links = link_articles([article("first", AGENCY), article("second", REWRITE)])
    assert links == {"second": links["second"]} and links["second"].source_id == "first"


def test_partial_reuse_links_within_the_week_only():
    links = link_articles([article("agency", AGENCY), article("week", PARTIAL, 2), article("month", PARTIAL + " ", 30)])
    assert links["week"].source_id == "agency" and links["week"].kind == "rewrite"
    assert reuse.REWRITE_CONTAINMENT < links["week"].score < reuse.NEAR_DUPLICATE_CONTAINMENT
    # a month later the same text is a copy of the first report, but no longer a rewrite of the agency story
    assert links["month"].source_id == "week" and links["month"].kind == "near_duplicate"
    alone = link_articles([article("agency", AGENCY), article("month", PARTIAL, 30)])
    assert alone == {}


def test_a_reprint_a_month_later_is_a_near_duplicate():
    reprint = AGENCY.replace("(اے پی پی)", "(نمائندہ خصوصی)").replace("خیرمقدم", "شکریہ ادا")
    links = link_articles([article("agency", AGENCY), article("reprint", reprint, 31)])
    assert links["reprint"].source_id == "agency" and links["reprint"].kind == "near_duplicate"
