from datetime import date, datetime, timezone

import pyarrow as pa

from flows.schemas import RAW
from transforms.reference import load_reference
from transforms.stage import stage_articles


def raw_table(*items: dict) -> pa.Table:
    base = {"source_name": "test", "encoding": "utf-8", "run_id": "r", "ingested_at": datetime(2025, 1, 1, tzinfo=timezone.utc),
            "headline_hint": None, "published_hint": None, "origin_hint": None}
    rows = [{**base, "article_id": f"a{i}", "source_uri": f"https://example.test/{i}", "raw_sha256": f"{i:064d}", **item} for i, item in enumerate(items)]
    return pa.Table.from_pylist(rows, schema=RAW)


def test_feed_items_take_date_and_headline_from_the_feed_and_the_dateline_from_the_body():
    body = "لاہور (اے پی پی) پنجاب حکومت نے صوبے بھر میں نئے ہسپتال بنانے کا اعلان کیا ہے۔"
    rows, rejects = stage_articles(raw_table(
        {"raw_text": body, "headline_hint": "پنجاب ميں نئے ہسپتال", "published_hint": date(2025, 3, 4), "origin_hint": "html"},
        {"raw_text": body, "headline_hint": None, "published_hint": date(2025, 3, 4), "origin_hint": "feed"},
        {"raw_text": body, "headline_hint": "بغیر تاریخ", "published_hint": None, "origin_hint": "feed"},
    ), load_reference())
    first, second = rows
    assert (first["headline"], first["headline_origin"], first["published_date"]) == ("پنجاب میں نئے ہسپتال", "html", date(2025, 3, 4))
    assert (first["dateline_city"], first["agencies"]) == ("لاہور", ["اے پی پی"])
    assert second["headline_origin"] == "derived" and second["headline"].startswith("لاہور")
    assert [(r.reason, r.source_uri) for r in rejects] == [("no_published_date", "https://example.test/2")]


def test_article_files_are_parsed_from_their_header():
    rows, rejects = stage_articles(raw_table({"raw_text": " date 2025-01-02 سرخی\nکراچی (اے پی پی) خبر کا متن یہاں ہے۔"}), load_reference())
    assert not rejects
    assert (rows[0]["headline"], rows[0]["headline_origin"], rows[0]["published_date"]) == ("سرخی", "header", date(2025, 1, 2))


def test_content_hashes_hash_the_utf8_of_the_match_keys():
    import hashlib

    from transforms.normalize import match_key
    from transforms.stage import _utf8_values, content_hashes

    bodies = ["", "کراچی  (اے پی پی) قیمت 65افراد", "براہِ راست\nنشریات", "a" * 3]
    assert content_hashes(bodies) == [hashlib.sha256(match_key(b).encode("utf-8")).hexdigest() for b in bodies]
    assert content_hashes([]) == []
    sliced = pa.array(["x", "یک", "دو", "z"], pa.large_string()).slice(1, 2)
    assert [bytes(view) for view in _utf8_values(sliced)] == ["یک".encode(), "دو".encode()]
