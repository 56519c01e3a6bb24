"""Entity scoring on tiny labelled files written here, in both formats."""

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
    fmt, docs = read_labelled(write(tmp_path, "a.conll", BIO))
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
    fmt, docs = read_labelled(write(tmp_path, "b.io", IO))
    assert fmt == "io"
    text = docs[0].text
    assert [(text[s:e], t) for s, e, t in docs[0].gold] == [("صدر بش", "PERSON"), ("عراق", "LOCATION"), ("ایران", "LOCATION")]


def test_scores_bio(tmp_path):
    scores = score_entities(write(tmp_path, "a.conll", BIO))
    # نواز شریف, لاہور, اقوام متحدہ found; شام (here "evening"-like, unsupported) missed
    assert (scores.strict["PERSON"].tp, scores.strict["PERSON"].fp, scores.strict["PERSON"].fn) == (1, 0, 0)
    assert (scores.strict["LOCATION"].tp, scores.strict["LOCATION"].fn) == (1, 1)
    assert scores.strict["ORGANIZATION"].f1 == 1.0
    assert scores.strict["LOCATION"].recall == 0.5


def test_scores_io_strict_and_overlap(tmp_path):
    scores = score_entities(write(tmp_path, "b.io", IO))
    # the file puts the title inside the name; the extractor does not: strict miss, overlap hit
    assert (scores.strict["PERSON"].tp, scores.strict["PERSON"].fp, scores.strict["PERSON"].fn) == (0, 1, 1)
    assert scores.overlap["PERSON"].tp == 1
    assert scores.strict["LOCATION"].precision == 1.0 and scores.strict["LOCATION"].recall == 1.0
    assert scores.micro().tp == 2


def test_report(tmp_path):
    report = format_report(score_entities(write(tmp_path, "b.io", IO)))
    assert "PERSON" in report and "LOCATION" in report and "ORGANIZATION" in report
    assert "strict" in report and "overlap" in report
    assert "100.0%" in report
