"""The feed poller against a real HTTP server on 127.0.0.1.

Feeds and article pages (Urdu) are written here and served over real sockets; faults are
injected by the routes: 5xx then success, 429 with Retry-After, a timeout, redirect chains,
loops and non-http redirects, malformed XML, a page with no article, a Windows-1256 page,
a 100 MB body, a gzip bomb, a feed repeating yesterday's items. Each outcome is asserted:
raw rows, rejects with reasons, feed_errors rows, 304s, and nothing new on a second run.
"""

from __future__ import annotations

import gzip
import hashlib
import time
from dataclasses import replace
from datetime import date, datetime, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest

from flows import progress, warehouse
from flows.bench_feeds import article_page, conditional, rss_feed, urdu_paragraphs
from flows.feed_parse import canonical_url, parse_feed
from flows.feeds_config import Feed, FeedConfigError, feed_from_url, load_feeds, split_sources
from flows.fetch import FetchSettings, retry_after_seconds
from flows.ingest_feeds import FeedIngest, poll
from flows.local_server import ConnectionGauge, LocalServer, Reply
from flows.pages import decode_page
from transforms.reference import load_reference
from transforms.stage import article_id_for, stage_articles

REPO = Path(__file__).resolve().parent.parent
AT = datetime(2025, 1, 7, 1, 0, tzinfo=timezone.utc)
FAST = FetchSettings(
    connect_timeout=1.0, read_timeout=0.3, attempt_timeout=3.0, retries=2, backoff_base=0.01, backoff_cap=0.05,
    max_retry_after=2.0, max_bytes=2_000_000, trust_env=False,
)
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
PUB = "Tue, 07 Jan 2025 01:30:00 +0500"  # 6 January in UTC, 7 January where it was published
HUNDRED_MB = 100 * 1024 * 1024


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


@pytest.fixture
def db(tmp_path):
    connection = warehouse.connect(tmp_path)
    yield connection
    connection.close()


def run(db, feeds: list[Feed], settings: FetchSettings = FAST, run_id: str = "run-1") -> FeedIngest:
    ingest = poll(feeds, db, warehouse.manifest_keys(db), run_id, AT, settings)
    assert ingest.seen_items == ingest.raw.num_rows + len(ingest.rejects) + ingest.skipped, "an item went missing"
    return ingest


def load(db, ingest: FeedIngest) -> None:
    """What the nightly load records in the manifest for loaded and quarantined items."""
    rows = [(u, s, a, "loaded") for u, s, a in zip(*(ingest.raw.column(c).to_pylist() for c in ("source_uri", "raw_sha256", "article_id")))]
    rows += [(r.source_uri, r.raw_sha256, r.article_id, "quarantined") for r in ingest.rejects]
    for row in rows:
        db.execute("INSERT OR REPLACE INTO manifest (source_uri, raw_sha256, article_id, outcome, run_id, recorded_at) VALUES (?, ?, ?, ?, 'test', now())", list(row))


def rows_by_uri(ingest: FeedIngest) -> dict[str, dict]:
    return {row["source_uri"]: row for row in ingest.raw.to_pylist()}


def publish(server: LocalServer, outlet: str, count: int, validators: bool = True) -> tuple[str, list[str]]:
    """An outlet's feed of `count` items, each with an article page; returns (feed URL, item URLs).

    With `validators` the feed answers a conditional GET with 304, as most outlets' servers do.
    """
    items, urls = [], []
    for n in range(count):
        title = f"{outlet} کی خبر {n}"
        urls.append(server.route(f"/{outlet}/news/{n}.html", Reply(200, article_page(title, urdu_paragraphs(n)).encode(), HTML)))
        items.append({"title": title, "link": urls[-1], "guid": f"{outlet}-{n}", "description": urdu_paragraphs(n, 1)[0], "pubDate": PUB})
    body = rss_feed(outlet, items)
    feed_url = server.route(f"/{outlet}/feed.xml", conditional(body) if validators else Reply(200, body, RSS))
    return feed_url, urls


def feed_errors(db) -> list[tuple]:
    return db.execute("SELECT feed_url, item_url, stage, reason FROM feed_errors ORDER BY feed_url, item_url").fetchall()


# --- items, conditional GET, deduplication --------------------------------------------------


def test_items_become_raw_rows_with_the_pages_text_title_and_the_feeds_date(server, db):
    feed_url, urls = publish(server, "bbc", 3)
    reports = []
    progress.listen(lambda stage, done, total: reports.append((stage, done, total)))
    try:
        ingest = run(db, [Feed("BBC Urdu", feed_url)])
    finally:
        progress.listen(None)
    assert reports[-1] == ("feed pages", 3, 3)
    assert ingest.raw.num_rows == 3 and not ingest.rejects and not ingest.errors and not ingest.warnings
    row = rows_by_uri(ingest)[urls[0]]
    assert row["source_name"] == "BBC Urdu"
    assert row["article_id"] == article_id_for(urls[0])
    assert row["origin_hint"] == "html" and row["headline_hint"] == "bbc کی خبر 0"
    assert row["published_hint"] == date(2025, 1, 7)  # the date as the publisher wrote it
    assert row["encoding"] == "utf-8"
    assert row["raw_text"].splitlines() == urdu_paragraphs(0)  # body only: no headline line
    assert row["raw_sha256"] == hashlib.sha256(row["raw_text"].encode("utf-8")).hexdigest()
    assert row["run_id"] == "run-1" and row["ingested_at"] == AT
    state = db.execute("SELECT etag, last_status, items_seen, last_error FROM feed_state WHERE feed_url = ?", [feed_url]).fetchone()
    assert state[0] and state[1:] == (200, 3, None)


def test_feed_items_stage_like_articles_from_files(server, db):
    feed_url, urls = publish(server, "dw", 2)
    ingest = run(db, [Feed("DW Urdu", feed_url)])
    rows, rejects = stage_articles(ingest.raw, load_reference())
    assert not rejects
    assert {r["headline_origin"] for r in rows} == {"html"}
    assert {r["published_date"] for r in rows} == {date(2025, 1, 7)}


def test_an_unchanged_feed_costs_one_304_and_adds_nothing(server, db):
    etag_feed, urls = publish(server, "geo", 3)
    body = rss_feed("jang", [{"title": "جنگ", "link": server.url("/jang/1.html"), "guid": "j1", "description": "خلاصہ", "pubDate": PUB}])
    stamp = "Mon, 06 Jan 2025 10:00:00 GMT"
    server.route("/jang/1.html", Reply(200, article_page("جنگ", urdu_paragraphs(9)).encode(), HTML))
    modified_feed = server.route(
        "/jang/feed.xml",
        lambda req: Reply(304) if req.headers.get("If-Modified-Since") == stamp else Reply(200, body, {**RSS, "Last-Modified": stamp}),
    )
    feeds = [Feed("Geo", etag_feed), Feed("Jang", modified_feed)]
    first = run(db, feeds)
    assert first.raw.num_rows == 4
    load(db, first)
    second = run(db, feeds, run_id="run-2")
    assert (second.not_modified, second.seen_items, second.raw.num_rows, second.skipped) == (2, 0, 0, 0)
    assert server.hits["/geo/feed.xml"] == 2 and server.hits["/jang/feed.xml"] == 2
    assert all(server.hits[path] == 1 for path in server.hits if path.endswith(".html"))
    states = db.execute("SELECT feed_url, etag, last_modified, last_status, items_seen FROM feed_state ORDER BY feed_url").fetchall()
    assert {s[0]: s[3] for s in states} == {etag_feed: 304, modified_feed: 304}
    assert {s[0]: s[4] for s in states} == {etag_feed: 3, modified_feed: 1}  # kept from the last 200
    assert dict((s[0], s[2]) for s in states)[modified_feed] == stamp


def test_a_feed_repeating_yesterdays_items_adds_only_the_new_one(server, db):
    feed_url, old = publish(server, "express", 2, validators=False)
    first = run(db, [Feed("Express", feed_url)])
    load(db, first)
    feed_url, urls = publish(server, "express", 3, validators=False)  # today: yesterday's two and one new
    second = run(db, [Feed("Express", feed_url)], run_id="run-2")
    assert (second.seen_items, second.skipped, second.raw.num_rows) == (3, 2, 1)
    assert second.raw.column("source_uri").to_pylist() == [urls[2]]
    assert all(server.hits[f"/express/news/{n}.html"] == 1 for n in (0, 1))  # known pages are not fetched again


def test_refetching_known_pages_finds_them_unchanged(server, db):
    feed_url, urls = publish(server, "dunya", 2, validators=False)
    load(db, run(db, [Feed("Dunya", feed_url)]))
    again = run(db, [Feed("Dunya", feed_url)], replace(FAST, refetch_known=True), run_id="run-2")
    assert (again.skipped, again.raw.num_rows) == (2, 0)
    assert server.hits["/dunya/news/0.html"] == 2


def test_items_are_deduplicated_by_guid_then_by_canonical_url_across_feeds(server, db):
    page = server.route("/n/1.html", Reply(200, article_page("ایک", urdu_paragraphs(1)).encode(), HTML))
    other = server.route("/n/2.html", Reply(200, article_page("دو", urdu_paragraphs(2)).encode(), HTML))
    items = [
        {"title": "ایک", "link": page, "guid": "g1", "description": "الف", "pubDate": PUB},
        {"title": "ایک پھر", "link": other, "guid": "g1", "description": "ب", "pubDate": PUB},  # same guid
        {"title": "ایک", "link": page + "?utm_source=rss&utm_medium=feed#top", "guid": "g3", "description": "ج", "pubDate": PUB},  # same page
        {"title": "دو", "link": other, "guid": "g4", "description": "د", "pubDate": PUB},
    ]
    first = server.route("/a.xml", Reply(200, rss_feed("a", items), RSS))
    second = server.route("/b.xml", Reply(200, rss_feed("b", items[3:]), RSS))  # lists the same story
    ingest = run(db, [Feed("Outlet A", first), Feed("Outlet B", second)])
    assert ingest.seen_items == 2
    assert sorted(ingest.raw.column("source_uri").to_pylist()) == [page, other]
    assert set(ingest.raw.column("source_name").to_pylist()) == {"Outlet A"}  # the first feed listed keeps it
    assert server.hits["/n/1.html"] == 1 and server.hits["/n/2.html"] == 1


def test_atom_and_rss_1_feeds_are_read(server, db):
    page = server.route("/x/1.html", Reply(200, article_page("اٹم", urdu_paragraphs(3)).encode(), HTML))
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>اٹم</title><id>urn:a</id>'
        f'<updated>2025-01-06T10:00:00Z</updated><entry><title>اٹم</title><id>urn:a:1</id><link href="{page}"/>'
        "<published>2025-01-06T22:00:00+05:00</published><summary>خلاصہ</summary></entry></feed>"
    ).encode()
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="http://x/"><title>R</title><link>http://x/</link>'
        '<description>d</description></channel><item rdf:about="urn:r:1"><title>آر ڈی ایف</title><link>/r/1.html</link>'
        "<description>مختصر خبر کا خلاصہ</description><dc:date>2025-01-05T10:00:00+05:00</dc:date></item></rdf:RDF>"
    ).encode()
    server.route("/r/1.html", Reply(404, b"gone"))
    ingest = run(db, [Feed("Atom", server.route("/atom.xml", Reply(200, atom, {"Content-Type": "application/atom+xml"}))),
                      Feed("RDF", server.route("/rdf.xml", Reply(200, rdf, {"Content-Type": "application/rdf+xml"})))])
    rows = rows_by_uri(ingest)
    assert rows[page]["published_hint"] == date(2025, 1, 6) and rows[page]["origin_hint"] == "html"
    relative = server.url("/r/1.html")  # a relative link, resolved against the feed's URL
    assert rows[relative]["origin_hint"] == "feed" and rows[relative]["raw_text"] == "مختصر خبر کا خلاصہ"
    assert rows[relative]["published_hint"] == date(2025, 1, 5)
    assert [(w.reason, w.item_url) for w in ingest.warnings] == [("http_404", relative)]


# --- faults at the feed level ------------------------------------------------------------------


def test_5xx_then_success_is_retried(server, db):
    feed_url, _ = publish(server, "app", 2, validators=False)
    good = server.routes["/app/feed.xml"]
    server.route("/app/feed.xml", lambda req: Reply(503 if req.hit == 1 else 500) if req.hit <= 2 else good)
    ingest = run(db, [Feed("APP", feed_url)])
    assert ingest.raw.num_rows == 2 and not ingest.errors
    assert server.hits["/app/feed.xml"] == 3


def test_429_with_retry_after_is_honoured(server, db):
    feed_url, _ = publish(server, "mehr", 1, validators=False)
    good, times = server.routes["/mehr/feed.xml"], []

    def limited(req):
        times.append(time.monotonic())
        return Reply(429, b"slow down", {"Retry-After": "1"}) if req.hit == 1 else good

    server.route("/mehr/feed.xml", limited)
    too_long = server.route("/patient.xml", Reply(429, b"", {"Retry-After": "3600"}))
    ingest = run(db, [Feed("Mehr", feed_url), Feed("Patient", too_long)])
    assert ingest.raw.num_rows == 1
    assert times[1] - times[0] >= 0.95
    # A pause longer than the poll waits is not shortened: the feed is given up on for this run.
    assert [(e.feed_url, e.reason) for e in ingest.errors] == [(too_long, "http_429")]
    assert server.hits["/patient.xml"] == 1


def test_a_timeout_is_a_feed_error_after_retries_and_other_feeds_still_load(server, db):
    slow = server.route("/slow.xml", Reply(200, rss_feed("s", []), RSS, delay=1.0))
    feed_url, _ = publish(server, "nawaiwaqt", 2)
    ingest = run(db, [Feed("Slow", slow), Feed("Nawa-i-Waqt", feed_url)])
    assert ingest.raw.num_rows == 2
    assert [(e.feed_url, e.stage, e.reason) for e in ingest.errors] == [(slow, "fetch", "timeout")]
    assert "3 attempts" in ingest.errors[0].detail and server.hits["/slow.xml"] == 3
    assert feed_errors(db) == [(slow, None, "fetch", "timeout")]
    state = db.execute("SELECT last_status, last_error, etag FROM feed_state WHERE feed_url = ?", [slow]).fetchone()
    assert state == (None, "timeout", None)


def test_redirects_are_followed_within_limits_and_only_to_http(server, db):
    feed_url, _ = publish(server, "independent", 1, validators=False)
    server.route("/moved/1", Reply(301, headers={"Location": "/moved/2"}))
    server.route("/moved/2", Reply(302, headers={"Location": server.url("/moved/3")}))
    server.route("/moved/3", Reply(308, headers={"Location": "/independent/feed.xml"}))
    server.route("/loop/a", Reply(301, headers={"Location": "/loop/b"}))
    server.route("/loop/b", Reply(301, headers={"Location": "/loop/a"}))
    server.route("/ftp", Reply(301, headers={"Location": "ftp://127.0.0.1/feed.xml"}))
    server.route("/file", Reply(302, headers={"Location": "file:///etc/passwd"}))
    for n in range(8):
        server.route(f"/hop/{n}", Reply(302, headers={"Location": f"/hop/{n + 1}"}))
    feeds = [Feed(name, server.url(path)) for name, path in
             [("chain", "/moved/1"), ("loop", "/loop/a"), ("ftp", "/ftp"), ("file", "/file"), ("hops", "/hop/0")]]
    ingest = run(db, feeds)
    assert ingest.raw.num_rows == 1 and ingest.raw.column("source_name").to_pylist() == ["chain"]
    assert {e.feed_url.rsplit(":", 1)[1].split("/", 1)[1]: e.reason for e in ingest.errors} == {
        "loop/a": "redirect_loop", "ftp": "bad_redirect_scheme", "file": "bad_redirect_scheme", "hop/0": "too_many_redirects",
    }
    assert server.hits["/hop/5"] == 1 and server.hits["/hop/6"] == 0  # five redirects followed, no more


def test_malformed_feeds_are_errors_but_a_complete_document_with_a_stray_entity_is_read(server, db):
    page = server.route("/p/1.html", Reply(200, article_page("خبر", urdu_paragraphs(4)).encode(), HTML))
    whole = rss_feed("ok", [{"title": "خبر", "link": page, "guid": "p1", "description": "خلاصہ", "pubDate": PUB}])
    cut = server.route("/cut.xml", Reply(200, whole[: len(whole) - 60], RSS))
    html = server.route("/html.xml", Reply(200, b"<html><body><p>\xd8\xae\xd8\xa8\xd8\xb1</p></body></html>", HTML))
    empty = server.route("/empty.xml", Reply(200, b"", RSS))
    entity = server.route("/entity.xml", Reply(200, whole.replace("خلاصہ".encode(), "خلاصہ&nbsp;مختصر".encode()), RSS))
    ingest = run(db, [Feed(n, u) for n, u in [("cut", cut), ("html", html), ("empty", empty), ("entity", entity)]])
    assert {e.feed_url: (e.stage, e.reason) for e in ingest.errors} == {
        cut: ("parse", "malformed_feed"), html: ("parse", "not_a_feed"), empty: ("parse", "empty_feed"),
    }
    assert ingest.raw.column("source_uri").to_pylist() == [page]
    assert [(w.feed_url, w.reason) for w in ingest.warnings] == [(entity, "malformed_feed_recovered")]
    # A feed that failed to parse keeps no validators, so the next poll reads it in full.
    assert db.execute("SELECT etag, last_status, last_error FROM feed_state WHERE feed_url = ?", [cut]).fetchone() == (None, 200, "malformed_feed")


# --- faults at the page level ------------------------------------------------------------------


def test_a_page_without_an_article_falls_back_to_the_feeds_description(server, db):
    menus = '<html><head><meta charset="utf-8"><title>صفحہ</title></head><body><nav><a href="/">صفحہ اول</a><a href="/b">کھیل</a></nav><footer>جملہ حقوق</footer></body></html>'
    menu_page = server.route("/menu.html", Reply(200, menus.encode(), HTML))
    broken = server.route("/broken.html", Reply(500, b"error"))
    silent = server.route("/silent.html", Reply(404, b"missing"))
    audio = server.route("/bulletin.mp3", Reply(200, b"ID3" + b"\0" * 500_000, {"Content-Type": "audio/mpeg"}))
    items = [
        {"title": "مینو", "link": menu_page, "guid": "m", "description": "<p>پہلا پیرا</p><p>دوسرا&nbsp;پیرا</p>", "pubDate": PUB},
        {"title": "خرابی", "link": broken, "guid": "b", "description": "سرور کی خرابی کے باوجود خبر", "pubDate": PUB},
        {"title": "خاموش", "link": silent, "guid": "s", "pubDate": PUB},  # no description either
        {"title": "بلیٹن", "link": audio, "guid": "a", "description": "آج کا خبرنامہ", "pubDate": PUB},
    ]
    ingest = run(db, [Feed("Outlet", server.route("/f.xml", Reply(200, rss_feed("f", items), RSS)))])
    rows = rows_by_uri(ingest)
    assert rows[menu_page]["raw_text"] == "پہلا پیرا\nدوسرا پیرا"
    assert (rows[menu_page]["origin_hint"], rows[menu_page]["headline_hint"], rows[menu_page]["encoding"]) == ("feed", "مینو", "utf-8")
    assert rows[broken]["origin_hint"] == "feed"
    assert [(r.source_uri, r.reason) for r in ingest.rejects] == [(silent, "no_text")]
    assert {(w.item_url, w.stage, w.reason) for w in ingest.warnings} == {
        (menu_page, "page", "no_article"), (broken, "page", "http_500"), (silent, "page", "http_404"),
        (audio, "page", "unexpected_content_type"),
    }
    assert rows[audio]["raw_text"] == "آج کا خبرنامہ"
    assert server.hits["/broken.html"] == 3  # retried like any 5xx
    assert len(feed_errors(db)) == 4


def test_a_windows_1256_page_declared_in_its_meta_tag_is_decoded(server, db):
    # Windows-1256 has Arabic yeh for ی and no Urdu full stop: pages written in it used ي and "."
    paragraphs = [p.replace("ی", "ي").replace("۔", ".") for p in urdu_paragraphs(5)]
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><title>پرانی ويب سائٹ</title></head>'
        "<body><div class='story'><h1>پرانی ويب سائٹ</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></body></html>"
    ).replace("ی", "ي")
    page = server.route("/old.html", Reply(200, html.encode("cp1256"), {"Content-Type": "text/html"}))
    feed = server.route("/old.xml", Reply(200, rss_feed("o", [{"title": "پرانی", "link": page, "guid": "o", "pubDate": PUB}]), RSS))
    row = rows_by_uri(run(db, [Feed("Old", feed)]))[page]
    assert (row["encoding"], row["origin_hint"]) == ("windows-1256", "html")
    assert row["raw_text"].splitlines() == paragraphs


def test_oversized_bodies_are_refused_without_being_read(server, db):
    def endless():
        chunk = ("<p>" + "خبر " * 8000 + "</p>").encode()
        for _ in range(HUNDRED_MB // len(chunk) + 1):
            yield chunk

    streamed = server.route("/huge.html", Reply(200, endless, HTML))
    declared = server.route("/declared.html", Reply(200, endless, {**HTML, "Content-Length": str(HUNDRED_MB)}))
    items = [{"title": t, "link": u, "guid": t, "description": "خلاصہ", "pubDate": PUB} for t, u in (("a", streamed), ("b", declared))]
    big_feed = server.route("/huge.xml", Reply(200, endless, RSS))
    ingest = run(db, [Feed("Outlet", server.route("/f.xml", Reply(200, rss_feed("f", items), RSS))), Feed("Huge", big_feed)])
    assert {r.source_uri: r.reason for r in ingest.rejects} == {streamed: "too_large", declared: "too_large"}
    assert "Content-Length" in {r.source_uri: r.detail for r in ingest.rejects}[declared]
    assert [(e.feed_url, e.reason) for e in ingest.errors] == [(big_feed, "too_large")]
    assert server.bytes_sent < 60 * 1024 * 1024  # three 100 MB bodies, each stopped near the 2 MB limit (plus socket buffers)
    assert ingest.raw.num_rows == 0


def test_a_gzip_bomb_is_stopped_early_and_gzip_pages_are_read(server, db):
    bomb = gzip.compress(b" " * (20 * 1024 * 1024), compresslevel=9)  # ten times the limit
    assert len(bomb) < 300_000
    bombed = server.route("/bomb.html", Reply(200, bomb, {**HTML, "Content-Encoding": "gzip"}))
    zipped = server.route("/zipped.html", Reply(200, gzip.compress(article_page("گزپ", urdu_paragraphs(6)).encode()), {**HTML, "Content-Encoding": "gzip"}))
    items = [{"title": t, "link": u, "guid": t, "description": "خلاصہ", "pubDate": PUB} for t, u in (("bomb", bombed), ("zip", zipped))]
    ingest = run(db, [Feed("Outlet", server.route("/f.xml", Reply(200, rss_feed("f", items), RSS)))])
    assert [(r.source_uri, r.reason) for r in ingest.rejects] == [(bombed, "compression_bomb")]
    assert rows_by_uri(ingest)[zipped]["raw_text"].splitlines() == urdu_paragraphs(6)


def test_robots_txt_is_honoured_for_pages_but_not_for_feeds(server, db):
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    hidden = server.route("/private/1.html", Reply(200, article_page("چھپی", urdu_paragraphs(7)).encode(), HTML))
    open_ = server.route("/news/1.html", Reply(200, article_page("کھلی", urdu_paragraphs(8)).encode(), HTML))
    items = [{"title": t, "link": u, "guid": t, "description": f"{t} خبر کا خلاصہ", "pubDate": PUB} for t, u in (("چھپی", hidden), ("کھلی", open_))]
    feed = server.route("/private/feed.xml", Reply(200, rss_feed("p", items), RSS))
    ingest = run(db, [Feed("Outlet", feed)])
    rows = rows_by_uri(ingest)
    assert (rows[hidden]["origin_hint"], rows[hidden]["raw_text"]) == ("feed", "چھپی خبر کا خلاصہ")
    assert rows[open_]["origin_hint"] == "html"
    assert [(w.stage, w.reason, w.item_url) for w in ingest.warnings] == [("robots", "robots_disallowed", hidden)]
    assert server.hits["/private/1.html"] == 0 and server.hits["/private/feed.xml"] == 1 and server.hits["/robots.txt"] == 1


def _outlets(servers: list[LocalServer], items: int) -> list[Feed]:
    feeds = []
    for number, server in enumerate(servers):
        entries = []
        for n in range(items):
            url = server.route(f"/{n}.html", Reply(200, article_page(f"خبر {number} {n}", urdu_paragraphs(n)).encode(), HTML, delay=0.02))
            entries.append({"title": f"خبر {number} {n}", "link": url, "guid": f"{number}-{n}", "pubDate": PUB})
        feeds.append(Feed(f"outlet {number}", server.route("/feed.xml", Reply(200, rss_feed(str(number), entries), RSS))))
    return feeds


def test_connections_to_one_host_stay_within_the_per_host_limit(server, db):
    ingest = run(db, _outlets([server], 12), replace(FAST, per_host=2))
    assert ingest.raw.num_rows == 12
    assert server.gauge.peak == 2


def test_connections_overall_stay_within_the_limit(db):
    gauge = ConnectionGauge()
    with LocalServer(gauge=gauge) as one, LocalServer(gauge=gauge) as two, LocalServer(gauge=gauge) as three:
        settings = replace(FAST, max_connections=3, max_keepalive=3, per_host=2)
        ingest = run(db, _outlets([one, two, three], 8), settings)
    assert ingest.raw.num_rows == 24
    # Three hosts share three connections, so the client closes an idle one to open another;
    # the server counts the closed one until its thread sees the close: one more, at most.
    assert 3 <= gauge.peak <= 3 + 1
    assert gauge.total < 24  # connections are reused, not opened per request


# --- everything at once, twice -------------------------------------------------------------------


def test_every_fault_at_once_then_a_second_run_adds_nothing(server, db):
    feed_url, _ = publish(server, "good", 2)
    flaky_url, _ = publish(server, "flaky", 1, validators=False)
    flaky = server.routes["/flaky/feed.xml"]
    server.route("/flaky/feed.xml", lambda req: Reply(500) if req.hit <= 2 else flaky)
    limited_url, _ = publish(server, "limited", 1, validators=False)
    limited = server.routes["/limited/feed.xml"]
    server.route("/limited/feed.xml", lambda req: Reply(429, headers={"Retry-After": "1"}) if req.hit == 1 else limited)
    bomb = server.route("/bomb.html", Reply(200, gzip.compress(b"\0" * (20 * 1024 * 1024)), {**HTML, "Content-Encoding": "gzip"}))
    menu = server.route("/menu.html", Reply(200, b"<html><body><nav><a href='/'>\xd8\xa7</a></nav></body></html>", HTML))
    mixed = [{"title": "بم", "link": bomb, "guid": "bomb", "description": "خلاصہ", "pubDate": PUB},
             {"title": "مینو", "link": menu, "guid": "menu", "description": "صرف خلاصہ", "pubDate": PUB}]
    feeds = [
        Feed("Good", feed_url), Feed("Flaky", flaky_url), Feed("Limited", limited_url),
        Feed("Mixed", server.route("/mixed.xml", conditional(rss_feed("m", mixed)))),
        Feed("Slow", server.route("/slow.xml", Reply(200, b"", RSS, delay=1.0))),
        Feed("Loop", server.route("/loop.xml", Reply(302, headers={"Location": "/loop.xml"}))),
        Feed("Gopher", server.route("/gopher.xml", Reply(301, headers={"Location": "gopher://127.0.0.1/"}))),
        Feed("Broken", server.route("/broken.xml", Reply(200, b"<rss><channel><item><title>\xd8\xae", RSS))),
        Feed("Gone", server.url("/gone.xml")),
    ]
    started = time.monotonic()
    first = run(db, feeds)
    assert sorted(first.raw.column("source_name").to_pylist()) == ["Flaky", "Good", "Good", "Limited", "Mixed"]
    assert [(r.source_uri, r.reason) for r in first.rejects] == [(bomb, "compression_bomb")]
    assert sorted((e.feed_url.rsplit("/", 1)[1], e.reason) for e in first.errors) == [
        ("broken.xml", "malformed_feed"), ("gone.xml", "http_404"), ("gopher.xml", "bad_redirect_scheme"),
        ("loop.xml", "redirect_loop"), ("slow.xml", "timeout"),
    ]
    assert [(w.item_url, w.reason) for w in first.warnings] == [(menu, "no_article")]
    load(db, first)

    second = run(db, feeds, run_id="run-2")
    assert (second.raw.num_rows, len(second.rejects)) == (0, 0)
    assert second.skipped == 2  # the two feeds without validators list known items
    assert second.not_modified == 2  # Good and Mixed answer 304
    assert len(second.errors) == 5 and not second.warnings
    assert db.execute("SELECT count(*) FROM feed_errors WHERE run_id = 'run-2' AND item_url IS NULL").fetchone() == (5,)
    assert time.monotonic() - started < 10


# --- pieces -------------------------------------------------------------------------------------


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2025, 1, 6, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("7", now) == 7.0
    assert retry_after_seconds(format_datetime(datetime(2025, 1, 6, 12, 0, 30, tzinfo=timezone.utc), usegmt=True), now) == 30.0
    assert retry_after_seconds("Mon, 06 Jan 2025 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None and retry_after_seconds(None, now) is None


def test_canonical_urls_drop_tracking_fragments_and_default_ports():
    assert canonical_url("HTTPS://WWW.BBC.com:443/urdu/articles/c1?utm_source=rss&at_medium=RSS&id=2#x") == "https://www.bbc.com/urdu/articles/c1?id=2"
    assert canonical_url("/a/b", "http://example.pk:8080/feed.xml") == "http://example.pk:8080/a/b"
    assert canonical_url("javascript:alert(1)") is None and canonical_url("mailto:x@y.pk") is None


def test_the_http_charset_wins_over_the_meta_tag_and_utf8_is_the_default():
    text = '<html><head><meta charset="windows-1256"></head><body>خبر</body></html>'
    assert decode_page(text.encode("utf-8"), "text/html; charset=UTF-8") == (text, "utf-8")
    assert decode_page(text.encode("cp1256"), "text/html") == (text, "windows-1256")
    assert decode_page("<p>خبر</p>".encode(), None) == ("<p>خبر</p>", "utf-8")
    # A declared charset the bytes do not fit is passed over rather than decoded into garbage.
    assert decode_page("<p>خبر</p>".encode(), "text/html; charset=ascii") == ("<p>خبر</p>", "utf-8")


def test_a_feed_item_without_a_link_is_known_by_its_guid():
    body = rss_feed("f", [{"title": "بلا ربط", "guid": "abc 1", "description": "صرف متن", "pubDate": PUB}])
    item = parse_feed(body, "http://example.pk/feed.xml").items[0]
    assert (item.link, item.uri, item.description) == (None, "http://example.pk/feed.xml#item=abc%201", "صرف متن")


def test_the_seed_feed_list_loads_and_sources_split_into_files_and_feeds(tmp_path):
    everything = load_feeds(REPO / "seeds" / "feeds.toml", include_disabled=True)
    enabled = load_feeds(REPO / "seeds" / "feeds.toml")
    assert len(everything) >= 10 and 0 < len(enabled) < len(everything)
    assert {"BBC Urdu", "DW Urdu", "Independent Urdu", "Express", "Geo Urdu", "Jang", "Mehr News Urdu", "APP Urdu"} <= {f.name for f in everything}
    assert all(f.url.startswith("https://") for f in everything)
    assert feed_from_url("https://www.example.pk/rss.xml") == Feed("example.pk", "https://www.example.pk/rss.xml")
    paths, feeds = split_sources(["seeds/articles", str(REPO / "seeds" / "feeds.toml"), "https://feeds.bbci.co.uk/urdu/rss.xml"])
    assert paths == ["seeds/articles"] and [f.name for f in feeds] == [f.name for f in enabled]  # the BBC URL is listed already
    bad = tmp_path / "bad.toml"
    bad.write_text('[[feed]]\nname = "x"\nurl = "ftp://x"\n', encoding="utf-8")
    with pytest.raises(FeedConfigError, match="http"):
        load_feeds(bad)
