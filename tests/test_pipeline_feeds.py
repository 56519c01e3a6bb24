"""The nightly flow with a feed beside article files, against a real HTTP server on 127.0.0.1."""

from pathlib import Path

import duckdb
import pytest

from flows.bench_feeds import article_page, conditional, rss_feed, urdu_paragraphs
from flows.local_server import LocalServer, Reply
from flows.nightly import nightly

pytestmark = pytest.mark.usefixtures("prefect_harness")


def query(warehouse: Path, sql: str):
    with duckdb.connect(str(warehouse / "akhbar.duckdb"), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_files_and_a_feed_load_together_and_a_second_run_costs_a_304(seed_copy, tmp_path):
    with LocalServer() as server:
        items = []
        for n in range(3):
            page = article_page(f"سرخی نمبر {n}", urdu_paragraphs(n))
            server.route(f"/news/{n}.html", Reply(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"}))
            items.append({"title": f"سرخی نمبر {n}", "link": server.url(f"/news/{n}.html"), "guid": f"item-{n}",
                          "description": "خلاصہ", "pubDate": "Tue, 04 Mar 2025 08:00:00 +0500"})
        server.route("/robots.txt", Reply(404))
        feed_url = server.route("/feed.xml", conditional(rss_feed("آزمائشی خبریں", items)))
        warehouse = tmp_path / "wh"

        first = nightly(sources=[str(seed_copy), feed_url], warehouse_dir=str(warehouse))
        assert (first["seen"], first["loaded"], first["quarantined"]) == (5, 5, 0)
        rows = query(warehouse, "SELECT headline, headline_origin, published_date::VARCHAR FROM articles WHERE source_uri LIKE 'http%' ORDER BY headline")
        assert rows == [(f"سرخی نمبر {n}", "html", "2025-03-04") for n in range(3)]

        second = nightly(sources=[str(seed_copy), feed_url], warehouse_dir=str(warehouse))
        assert (second["loaded"], second["quarantined"]) == (0, 0)
        assert server.hits["/feed.xml"] == 2 and all(server.hits[f"/news/{n}.html"] == 1 for n in range(3))
        assert query(warehouse, "SELECT last_status FROM feed_state") == [(304,)]
