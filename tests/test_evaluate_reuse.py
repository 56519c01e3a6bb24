"""Scoring reuse links against labelled pairs, on a tiny corpus written here."""

import json

from flows.evaluate_reuse import format_report, score_reuse

AGENCY = (
    "پشاور (اے پی پی) صوبائی حکومت نے شہر میں نئی بس سروس شروع کرنے کی منظوری دے دی ہے۔ "
    "ترجمان کے مطابق پہلے مرحلے میں پچاس بسیں چلائی جائیں گی اور کرایہ بیس روپے مقرر کیا گیا ہے۔ "
    "انہوں نے کہا کہ منصوبہ چھ ماہ میں مکمل ہو گا اور روزانہ ہزاروں مسافر اس سے فائدہ اٹھائیں گے۔"
)
PAPER = (
    "پشاور (نمائندہ خصوصی) حکومت نے شہر میں نئی بس سروس شروع کرنے کی منظوری دے دی۔ "
    "پہلے مرحلے میں پچاس بسیں چلائی جائیں گی اور کرایہ بیس روپے مقرر کیا گیا ہے۔ "
    "شہریوں نے فیصلے کا خیرمقدم کیا ہے۔"
)
FIRE = (
    "کوئٹہ (اے پی پی) شہر کے مرکزی بازار میں آگ لگنے سے درجنوں دکانیں جل گئیں۔ "
    "فائر بریگیڈ کی گاڑیوں نے کئی گھنٹے کی کوشش کے بعد آگ پر قابو پایا۔ "
    "پولیس کے مطابق آگ لگنے کی وجہ معلوم کی جا رہی ہے۔"
)
# A story on the same fire, written independently.
FIRE_PAPER = (
    "کوئٹہ (اسٹاف رپورٹر) رات گئے بازار میں بھڑکنے والے شعلوں نے تاجروں کا لاکھوں کا سامان راکھ کر دیا۔ "
    "متاثرہ دکانداروں نے حکومت سے معاوضے کا مطالبہ کیا ہے اور امدادی کارروائیوں میں تاخیر کی شکایت کی۔"
)


def write_corpus(tmp_path, undated=False):
    articles = tmp_path / "articles"
    articles.mkdir()
    files = {
        "0001.txt": ("2024-02-01", "بس سروس کی منظوری", AGENCY),
        "0001p.txt": ("2024-02-02", "نئی بسیں", PAPER),
        "0002.txt": ("2024-02-01", "بازار میں آگ", FIRE),
        "0002p.txt": ("2024-02-02", "دکانیں راکھ", FIRE_PAPER),
    }
    for name, (day, headline, body) in files.items():
        header = f"{headline}" if undated and name == "0001.txt" else f" date {day} {headline}"
        (articles / name).write_text(f"{header}\n{body}\n", encoding="utf-8")
    key = [
        {"file": "0001.txt", "pair": 1, "derived": False, "reuse_class": "WD"},
        {"file": "0001p.txt", "pair": 1, "derived": True, "reuse_class": "WD"},
        {"file": "0002.txt", "pair": 2, "derived": False, "reuse_class": "ND"},
        {"file": "0002p.txt", "pair": 2, "derived": True, "reuse_class": "ND"},
    ]
    (tmp_path / "key.jsonl").write_text("\n".join(json.dumps(k) for k in key) + "\n", encoding="utf-8")
    return tmp_path


def test_derived_pairs_link_and_independent_ones_do_not(tmp_path):
    scores = score_reuse(write_corpus(tmp_path))

    assert scores.articles == 4
    by_pair = {p.pair: p for p in scores.pairs}
    assert by_pair[1].linked and not by_pair[2].linked
    assert (scores.derived.true_positives, scores.derived.false_positives, scores.derived.false_negatives) == (1, 0, 0)
    assert scores.derived.f1 == 1.0 and scores.wholly_derived.f1 == 1.0
    assert scores.nd_unlinked == 1.0

    report = format_report(scores)
    assert "WD+PD vs ND" in report and "WD vs ND" in report
    assert "ND pairs left unlinked: 100.0%" in report


def test_a_source_that_cannot_be_loaded_costs_recall(tmp_path):
    scores = score_reuse(write_corpus(tmp_path, undated=True))

    assert scores.articles == 3
    assert [p.pair for p in scores.pairs if p.missing] == [1]
    assert scores.derived.recall == 0.0
    assert "pairs with a file not loaded: 1 (0001.txt)" in format_report(scores)


def test_a_link_to_the_same_story_filed_twice_counts(tmp_path):
    corpus = write_corpus(tmp_path)
    # the agency filed the bus story a day earlier too; the newspaper links to that filing
    (corpus / "articles" / "0003.txt").write_text(f" date 2024-01-31 بس سروس\n{AGENCY}\n", encoding="utf-8")
    (corpus / "articles" / "0003p.txt").write_text(f" date 2024-02-02 آگ\n{FIRE_PAPER}\n", encoding="utf-8")
    with (corpus / "key.jsonl").open("a", encoding="utf-8") as key:
        key.write(json.dumps({"file": "0003.txt", "pair": 3, "reuse_class": "ND"}) + "\n")
        key.write(json.dumps({"file": "0003p.txt", "pair": 3, "reuse_class": "ND"}) + "\n")

    scores = score_reuse(corpus)

    bus = next(p for p in scores.pairs if p.pair == 1)
    assert bus.linked and not bus.linked_directly
    assert scores.derived.f1 == 1.0
    assert scores.derived_directly.recall == 0.0
