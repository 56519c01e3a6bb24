"""How long a poll of many feeds takes, cold and warm, and how many connections it opens.

`bench_feeds()` serves `feeds` RSS feeds of `items` items each, with an article page per item,
from local servers (one loopback address per outlet where the system allows it, so per-host
limits act as they would on the internet), then polls them three times against a fresh
warehouse: cold (every feed and page fetched), warm (the feeds answer 304), and changed (the
feeds answer 200 again but list only known items, so no page is fetched). The peak number of
open connections is counted at the servers.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import socket
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pyarrow as pa

from flows import warehouse
from flows.feeds_config import Feed
from flows.fetch import FetchSettings
from flows.ingest_feeds import poll
from flows.local_server import ConnectionGauge, LocalServer, Reply, Request

_SENTENCES = (
    "وفاقی حکومت نے آئندہ مالی سال کے بجٹ میں تعلیم اور صحت کے شعبوں کے لیے اضافی رقم مختص کرنے کا فیصلہ کیا ہے۔",
    "وزیر خزانہ نے اسلام آباد میں صحافیوں سے گفتگو کرتے ہوئے کہا کہ مہنگائی کی شرح میں بتدریج کمی آ رہی ہے۔",
    "صوبائی دارالحکومت لاہور میں شدید بارش کے باعث کئی علاقوں میں پانی جمع ہو گیا اور ٹریفک کا نظام متاثر ہوا۔",
    "کراچی کی بندرگاہ پر برآمدات میں گزشتہ ماہ کے مقابلے میں پندرہ فیصد اضافہ ریکارڈ کیا گیا ہے۔",
    "محکمہ موسمیات کے مطابق آئندہ چوبیس گھنٹوں کے دوران ملک کے بیشتر حصوں میں موسم خشک رہنے کا امکان ہے۔",
    "قومی کرکٹ ٹیم کے کپتان نے کہا کہ کھلاڑی آئندہ سیریز کے لیے بھرپور تیاری کر رہے ہیں۔",
)


def urdu_paragraphs(seed: int, count: int = 4) -> list[str]:
    """Distinct Urdu paragraphs: the seed picks and numbers the sentences."""
    return [
        f"{_SENTENCES[(seed + i) % len(_SENTENCES)]} {_SENTENCES[(seed + 2 * i + 1) % len(_SENTENCES)]} خبر نمبر {seed} کا پیراگراف {i + 1}۔"
        for i in range(count)
    ]


def article_page(title: str, paragraphs: list[str], charset: str = "utf-8", published: str | None = None) -> str:
    """An outlet's article page: menus, the article, a footer."""
    date_meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ur" dir="rtl"><head><meta charset="{charset}"><title>{escape(title)}</title>{date_meta}</head>'
        f'<body><nav><a href="/">صفحہ اول</a> <a href="/pakistan">پاکستان</a> <a href="/sports">کھیل</a></nav>'
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        f"<footer>جملہ حقوق محفوظ ہیں</footer></body></html>"
    )


def rss_feed(title: str, items: list[dict]) -> bytes:
    """RSS 2.0 with the fields outlets use: title, link, guid, description, pubDate."""
    entries = []
    for item in items:
        parts = [f"<title>{escape(item['title'])}</title>"]
        if item.get("link"):
            parts.append(f"<link>{escape(item['link'])}</link>")
        if item.get("guid"):
            parts.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        if item.get("description"):
            parts.append(f"<description>{escape(item['description'])}</description>")
        if item.get("pubDate"):
            parts.append(f"<pubDate>{item['pubDate']}</pubDate>")
        entries.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.invalid/</link><description>خبریں</description>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode("utf-8")


def conditional(body: bytes, content_type: str = "application/rss+xml; charset=utf-8") -> callable:
    """A route that answers 304 to a request carrying the body's current ETag."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'

    def reply(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == etag:
            return Reply(304, headers={"ETag": etag})
        return Reply(200, body, {"Content-Type": content_type, "ETag": etag})

    return reply


def _loopback_hosts(n: int) -> list[str]:
    """127.0.0.1 … 127.0.0.n where the system routes them (Linux does); else 127.0.0.1 for all."""
    hosts = []
    for i in range(1, n + 1):
        host = f"127.0.0.{i}"
        try:
            with socket.socket() as probe:
                probe.bind((host, 0))
        except OSError:
            return ["127.0.0.1"] * n
        hosts.append(host)
    return hosts


def _serve_outlets(feeds: int, items: int, pipe) -> None:
    """The servers' process: builds the outlets, then answers the benchmark's commands.

    The servers run in their own process so that their work does not share an interpreter
    (and its lock) with the poller being measured.
    """
    gauge = ConnectionGauge()
    hosts = _loopback_hosts(feeds)
    servers = {host: LocalServer(host, gauge).start() for host in dict.fromkeys(hosts)}
    day = datetime(2025, 1, 6, 9, 0, tzinfo=timezone(timedelta(hours=5)))
    outlets, feed_routes = [], []
    for f in range(feeds):
        server = servers[hosts[f]]
        entries = []
        for i in range(items):
            n = f * items + i
            title = f"خبر {n}: بجٹ اور معیشت پر اجلاس"
            path = f"/outlet{f}/news/{i}.html"
            server.route(path, Reply(200, article_page(title, urdu_paragraphs(n)).encode(), {"Content-Type": "text/html; charset=utf-8"}))
            entries.append({"title": title, "link": server.url(path), "guid": f"outlet{f}-{i}",
                            "description": urdu_paragraphs(n, 1)[0], "pubDate": format_datetime(day - timedelta(minutes=n))})
        body = rss_feed(f"اخبار {f}", entries)
        feed_path = f"/outlet{f}/feed.xml"
        server.route(feed_path, conditional(body))
        feed_routes.append((server, feed_path, body))
        outlets.append((f"اخبار {f}", server.url(feed_path)))
    pipe.send({"outlets": outlets, "hosts": len(servers)})
    try:
        while True:
            command = pipe.recv()
            if command == "reset":
                gauge.reset()
                for server in servers.values():
                    server.bytes_sent = 0
                pipe.send(None)
            elif command == "stats":
                pipe.send({"peak": gauge.peak, "opened": gauge.total, "bytes": sum(s.bytes_sent for s in servers.values())})
            elif command == "touch":  # every feed changes (new ETag) but lists the same items
                for server, path, body in feed_routes:
                    server.route(path, conditional(body + b"<!-- touched -->"))
                pipe.send(None)
            else:
                break
    finally:
        for server in servers.values():
            server.stop()


def _receive(pipe, process, timeout: float = 120.0):
    """The servers' answer, or a clear error if their process died instead of answering."""
    while not pipe.poll(0.5):
        timeout -= 0.5
        if not process.is_alive() or timeout <= 0:
            raise RuntimeError(f"the benchmark's server process stopped answering (exit code {process.exitcode})")
    return pipe.recv()


def _ask(pipe, process, command: str):
    pipe.send(command)
    return _receive(pipe, process)


def bench_feeds(feeds: int = 20, items: int = 50, settings: FetchSettings | None = None) -> dict:
    """Serve `feeds` × `items` locally and time a cold, a warm (304) and a changed-feed poll."""
    settings = settings or FetchSettings(trust_env=False)
    context = multiprocessing.get_context("spawn")  # no fork of a process holding threads and DuckDB
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve_outlets, args=(feeds, items, theirs), daemon=True)
    process.start()
    results = {}
    try:
        setup = _receive(ours, process)
        outlets = [Feed(name, url) for name, url in setup["outlets"]]
        with tempfile.TemporaryDirectory() as tmp:
            connection = warehouse.connect(Path(tmp))
            at = datetime.now(timezone.utc)
            for phase in ("cold", "warm", "changed"):
                if phase == "changed":
                    _ask(ours, process, "touch")
                seen = warehouse.manifest_keys(connection)
                _ask(ours, process, "reset")
                started = time.perf_counter()
                ingest = poll(outlets, connection, seen, f"bench-{phase}", at, settings)
                seconds = time.perf_counter() - started
                served = _ask(ours, process, "stats")
                results[phase] = {
                    "seconds": round(seconds, 3),
                    "requests": ingest.requests,
                    "new_items": ingest.raw.num_rows,
                    "skipped": ingest.skipped,
                    "not_modified": ingest.not_modified,
                    "errors": len(ingest.errors) + len(ingest.warnings),
                    "peak_connections": served["peak"],
                    "connections_opened": served["opened"],
                    "megabytes_served": round(served["bytes"] / 1e6, 2),
                }
                _record_as_loaded(connection, ingest)
            connection.close()
    finally:
        if process.is_alive():
            ours.send("stop")
        process.join(timeout=10)
        if process.is_alive():
            process.terminate()
    return {
        "feeds": feeds,
        "items_per_feed": items,
        "hosts": setup["hosts"],
        "max_connections": settings.max_connections,
        "per_host": settings.per_host,
        **{f"{phase}_{key}": value for phase, figures in results.items() for key, value in figures.items()},
        "peak_connections": max(figures["peak_connections"] for figures in results.values()),
    }


def _record_as_loaded(connection, ingest) -> None:
    """Stand in for the load step: the manifest learns the polled items, as a nightly load records them."""
    uris = ingest.raw.column("source_uri").to_pylist() + [r.source_uri for r in ingest.rejects]
    if not uris:
        return
    rows = pa.table({
        "source_uri": uris,
        "raw_sha256": ingest.raw.column("raw_sha256").to_pylist() + [r.raw_sha256 for r in ingest.rejects],
        "article_id": ingest.raw.column("article_id").to_pylist() + [r.article_id for r in ingest.rejects],
        "outcome": ["loaded"] * ingest.raw.num_rows + ["quarantined"] * len(ingest.rejects),
    })
    connection.register("bench_manifest", rows)
    connection.execute(
        "INSERT OR REPLACE INTO manifest (source_uri, raw_sha256, article_id, outcome, run_id, recorded_at) "
        "SELECT source_uri, raw_sha256, article_id, outcome, 'bench', now() FROM bench_manifest"
    )
    connection.unregister("bench_manifest")


if __name__ == "__main__":
    import json

    print(json.dumps(bench_feeds(), indent=2, ensure_ascii=False))
