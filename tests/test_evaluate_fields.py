"""Field scoring against an answer key, on a tiny corpus written here."""

import json

from flows.evaluate_fields import format_report, score_fields


def write_corpus(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        " date 2025-01-02 بارش سے موسم خوشگوار\nلاہور ۔ 2 جنوری (اے پی پی) شہر میں بارش ہوئی۔\n", encoding="utf-8"
    )
    (corpus / "b.txt").write_text(
        "date 2025-01-03 کرکٹ ٹیم کی فتح\nکراچی(سپورٹس ڈیسک/ نیٹ نیوز) ٹیم نے میچ جیت لیا۔\n", encoding="utf-8"
    )
    (corpus / "c.txt").write_text("وزیر اعظم کا دورہ\nاسلام آباد (اے پی پی) دورہ شروع ہوا۔\n", encoding="utf-8")
    (corpus / "d.txt").write_bytes(b"")
    key = [
        # spacing differences are not errors
        {"file": "a.txt", "date": "2025-01-02", "headline": "بارش سے  موسم خوشگوار", "dateline_city": "لاہور", "agencies": ["اے پی پی"]},
        # the key disagrees on the city and on the order of the sources
        {"file": "b.txt", "date": "2025-01-03", "headline": "کرکٹ ٹیم کی فتح", "dateline_city": "حیدرآباد", "agencies": ["نیٹ نیوز", "سپورٹس ڈیسک"]},
        # no date header, and the key says so
        {"file": "c.txt", "date": None, "headline": "وزیر اعظم کا دورہ", "dateline_city": "اسلام آباد", "agencies": ["اے پی پی"]},
        {"file": "d.txt", "date": "2025-01-04", "headline": "", "dateline_city": None, "agencies": []},
    ]
    key_path = tmp_path / "key.jsonl"
    key_path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in key) + "\n", encoding="utf-8")
    return corpus, key_path


def test_score_fields_counts_and_mismatches(tmp_path):
    corpus, key_path = write_corpus(tmp_path)
    scores = score_fields(corpus, key_path)

    assert scores.files == 4
    assert [f.file for f in scores.failures] == ["d.txt"]
    assert "empty" in scores.failures[0].got

    date = scores.fields["date"]
    assert (date.correct, date.total) == (3, 4)
    assert [m.file for m in date.mismatches] == ["d.txt"]

    headline = scores.fields["headline"]  # d.txt's key gives no headline, so it is not scored
    assert (headline.correct, headline.total) == (3, 3)

    # an unreadable file is wrong on every field, even where the key expects nothing
    city = scores.fields["dateline_city"]
    assert (city.correct, city.total) == (2, 4)
    assert [(m.file, m.expected, m.got) for m in city.mismatches] == [("b.txt", "حیدرآباد", "کراچی"), ("d.txt", None, None)]

    agencies = scores.fields["agencies"]
    assert (agencies.correct, agencies.total) == (2, 4)
    assert agencies.mismatches[0].got == ["سپورٹس ڈیسک", "نیٹ نیوز"]
    assert agencies.accuracy == 0.5


def test_format_report_lists_fields_and_mismatches(tmp_path):
    corpus, key_path = write_corpus(tmp_path)
    report = format_report(score_fields(corpus, key_path))
    for name in ("date", "headline", "dateline_city", "agencies"):
        assert name in report
    assert "75.0%" in report and "50.0%" in report
    assert "b.txt" in report and "حیدرآباد" in report
    assert "d.txt" in report
