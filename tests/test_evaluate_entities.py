"""Entity scoring on tiny labelled files written here, in both formats."""

import pytest

from flows.evaluate_entities import format_report, read_labelled, score_entities

BIO = """وزیر	O
اعظم	O
نواز	B-NEP
شریف	I-NEP
نے	O
لاہور	B-NEL
میں	O
اقوام	B-NEO
متحدہ	I-NEO
کا	O
ذکر	O
کیا	O
۔	O

شام	B-NEL
کو	O
بارش	O
ہوئی	O
۔	O
"""

IO = """صدر	PERSON
بش	PERSON
نے	O
عراق	LOCATION
اور	O
ایران	LOCATION
کا	O
دورہ	O
کیا	O
۔	O
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_bio_and_rebuilds_spans(tmp_path):
    fmt, docs, repaired = read_labelled(write(tmp_path, "a.conll", BIO))
    assert repaired == 0
    assert fmt == "bio"
    assert len(docs) == 1  # both sentences end with a full stop: one story
    text = docs[0].text
    assert [(text[s:e], t) for s, e, t in docs[0].gold] == [
        ("نواز شریف", "PERSON"),
        ("لاہور", "LOCATION"),
        ("اقوام متحدہ", "ORGANIZATION"),
        ("شام", "LOCATION"),
    ]


def test_reads_io(tmp_path):
    fmt, docs, _ = read_labelled(write(tmp_path, "b.io", IO))
    assert fmt == "io"
    text = docs[0].text
    assert [(text[s:e], t) for s, e, t in docs[0].gold] == [("صدر بش", "PERSON"), ("عراق", "LOCATION"), ("ایران", "LOCATION")]


# Inline tags leaked into the token stream, in each form they take: spaced, glued to the first
# or last word, a closing tag split into "<", "/TYPE", ">", and a tag open across a blank line.
LEAKED = """ان	O
کی	O
<	O
ORGANIZATION	O
>	O
مسلم	O
لیگ	O
(	O
ق)</ORGANIZATION	O
>	O
نے	O
<	O
ORGANIZATION>(سینٹرل	O
کمیٹی)</ORGANIZATION	O
>	O
اور	O
<	O
Organization	O
>	O
بی	O
بی	O
سی	O
<	O
/ORGANIZATION	O
>	O
>	O
سے	O
بات	O
کی	O
<	O
PERSON	O
>	O

ہینسن</PERSON	O
>	O
نے	O
لاہور	LOCATION
میں	O
کہا	O
۔	O
"""


def test_reads_leaked_inline_tags_as_labels(tmp_path):
    fmt, docs, repaired = read_labelled(write(tmp_path, "c.io", LEAKED))
    assert fmt == "io" and repaired == 4
    text = docs[0].text
    assert "<" not in text and ">" not in text and "ORGANIZATION" not in text
    assert [(text[s:e], t) for s, e, t in docs[0].gold] == [
        ("مسلم لیگ ( ق)", "ORGANIZATION"),
        ("(سینٹرل کمیٹی)", "ORGANIZATION"),
        ("بی بی سی", "ORGANIZATION"),
        ("ہینسن", "PERSON"),
        ("لاہور", "LOCATION"),
    ]


def test_scores_bio(tmp_path):
    scores = score_entities(write(tmp_path, "a.conll", BIO))
    # نواز شریف, لاہور, اقوام متحدہ found; شام (here "evening"-like, unsupported) missed
    assert (scores.strict["PERSON"].tp, scores.strict["PERSON"].fp, scores.strict["PERSON"].fn) == (1, 0, 0)
    assert (scores.strict["LOCATION"].tp, scores.strict["LOCATION"].fn) == (1, 1)
    assert scores.strict["ORGANIZATION"].f1 == 1.0
    assert scores.strict["LOCATION"].recall == 0.5


def test_scores_io_strict_and_overlap(tmp_path):
    scores = score_entities(write(tmp_path, "b.io", IO))
    # the file puts the title inside the name: read from its labels, person spans scored from the title
    assert scores.titles == "inside" and scores.title_evidence == (1, 0)
    assert (scores.strict["PERSON"].tp, scores.strict["PERSON"].fp, scores.strict["PERSON"].fn) == (1, 0, 0)
    # the spans as extracted (title outside) are still scored and reported
    assert (scores.extracted["PERSON"].tp, scores.extracted["PERSON"].fp, scores.extracted["PERSON"].fn) == (0, 1, 1)
    assert scores.overlap["PERSON"].tp == 1
    assert scores.strict["LOCATION"].precision == 1.0 and scores.strict["LOCATION"].recall == 1.0
    assert scores.micro().tp == 3


# labels that keep the title out of the name, as the extractor does
BIO_TITLE_OUT = """صدر	O
بش	B-NEP
نے	O
کہا	O
۔	O
"""


@pytest.mark.parametrize(
    "text, name, option, convention, strict_tp",
    [
        (IO, "b.io", "auto", "inside", 1),  # label [صدر بش]: read as inside
        (BIO_TITLE_OUT, "c.conll", "auto", "outside", 1),  # label صدر [بش]: read as outside
        (IO, "b.io", "outside", "outside", 0),  # forced: spans as extracted
        (BIO_TITLE_OUT, "c.conll", "inside", "inside", 0),  # forced the other way: a miss, not loosened
    ],
)
def test_title_convention(tmp_path, text, name, option, convention, strict_tp):
    scores = score_entities(write(tmp_path, name, text), titles=option)
    assert scores.titles == convention
    assert scores.strict["PERSON"].tp == strict_tp
    assert scores.strict["PERSON"].tp + scores.strict["PERSON"].fn == 1


def test_title_convention_rejects_unknown_option(tmp_path):
    with pytest.raises(ValueError):
        score_entities(write(tmp_path, "b.io", IO), titles="sometimes")


def test_role_titles_stay_outside_when_scoring_inside(tmp_path):
    # ترجمان describes a position rather than styling the name: the span starts at the name
    text = "ترجمان	O\nعلی	PERSON\nرضا	PERSON\nنے	O\nکہا	O\n۔	O\n\nصدر	PERSON\nبش	PERSON\nنے	O\nکہا	O\n۔	O\n"
    scores = score_entities(write(tmp_path, "d.io", text))
    assert scores.titles == "inside"
    assert (scores.strict["PERSON"].tp, scores.strict["PERSON"].fp) == (2, 0)


def test_report(tmp_path):
    report = format_report(score_entities(write(tmp_path, "b.io", IO)))
    assert "PERSON" in report and "LOCATION" in report and "ORGANIZATION" in report
    assert "strict" in report and "overlap" in report
    assert "100.0%" in report
    assert "scored from the styling title" in report and "1 start at the title, 0 at the name" in report
    assert "as extracted (titles outside)" in report
