"""Poll RSS/Atom feeds and the article pages they link to, into raw rows like the file ingester's.

One poll: each feed is fetched with a conditional GET (an unchanged feed costs one 304), its
items are read and deduplicated (by guid, then by canonical URL, also across feeds: the first
feed listed keeps a shared item), and each new item's page is fetched and its article
extracted. Where the page fails, is refused by robots.txt or holds no article, the feed's own
description is the text and `origin_hint` says 'feed'. Every item ends in exactly one place:
a raw row, a reject (quarantined with a reason), or skipped as already seen.

Items whose URL the manifest already holds are skipped without fetching their page: a feed
repeats yesterday's items every night, and fetching them all again to learn that nothing
changed would cost a request per item per night. The price is that a correction published
at the same URL later is not picked up; `FetchSettings.refetch_known` turns re-fetching on.

Failures of a feed (timeout or 5xx after retries, redirect loop or non-http redirect,
malformed XML, ...) are `errors`; notes on single items (a page that failed, so the
description was used) are `warnings`. Both become `feed_errors` rows, and neither stops the
other feeds. All network work is asynchronous; `poll` is the one synchronous entry point.
"""

from __future__ import annotations

import asyncio
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

import pyarrow as pa

from flows import progress
from flows.feed_parse import FeedItem, FeedProblem, ParsedFeed, dedupe, parse_feed
from flows.feeds_config import Feed
from flows.fetch import Fetcher, FetchError, FetchSettings
from flows.pages import PageArticle, PageProblem, decode_page, extract_article
from flows.schemas import RAW, TIMESTAMP
from flows.warehouse import insert, transaction
from transforms.stage import Reject, article_id_for

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
HTML_TYPES = frozenset({"", "text/html", "application/xhtml+xml"})  # "": a page served without a type
FEED_STATE = pa.schema([
    ("feed_url", pa.string()), ("etag", pa.string()), ("last_modified", pa.string()), ("last_status", pa.int32()),
    ("last_polled_at", TIMESTAMP), ("items_seen", pa.int32()), ("last_error", pa.string()),
])
FEED_ERRORS = pa.schema([
    ("run_id", pa.string()), ("feed_url", pa.string()), ("item_url", pa.string()), ("stage", pa.string()),
    ("reason", pa.string()), ("detail", pa.string()), ("recorded_at", TIMESTAMP),
])
# Page failures that quarantine the item instead of falling back to the description: the
# resource is broken or hostile, and a human should see it rather than a teaser loading as the story.
FATAL_PAGE_REASONS = frozenset({"too_large", "compression_bomb"})


@dataclass(frozen=True)
class FeedError:
    """A `feed_errors` row: item_url is None for a feed-level failure."""

    feed_url: str
    stage: str  # fetch, parse, robots or page
    reason: str
    detail: str
    item_url: str | None = None


@dataclass(frozen=True)
class FeedState:
    """A `feed_state` row: what the next poll sends back to make its GET conditional."""

    feed_url: str
    etag: str | None
    last_modified: str | None
    last_status: int | None
    last_polled_at: datetime | None
    items_seen: int | None
    last_error: str | None = None


@dataclass
class FeedIngest:
    raw: pa.Table  # RAW schema, one row per new item
    rejects: list[Reject]
    skipped: int  # items already in the manifest
    seen_items: int  # distinct items listed by the feeds that answered 200 (= rows + rejects + skipped)
    errors: list[FeedError] = field(default_factory=list)  # feeds that could not be read
    warnings: list[FeedError] = field(default_factory=list)  # items that fell back to their description; feeds read despite a flaw
    not_modified: int = 0  # feeds that answered 304
    states: list[FeedState] = field(default_factory=list)
    requests: int = 0  # HTTP attempts made, robots.txt and retries included
    stats: dict = field(default_factory=dict)  # as Ingested's; empty: a feed item has no size or mtime to stamp


@dataclass
class _FeedResult:
    feed: Feed
    state: FeedState
    items: list[FeedItem] = field(default_factory=list)
    encoding: str = "utf-8"
    error: FeedError | None = None
    warning: FeedError | None = None


@dataclass(frozen=True)
class _PageResult:
    article: PageArticle | None = None
    encoding: str | None = None
    stage: str = "page"
    reason: str | None = None
    detail: str | None = None


def read_states(connection) -> dict[str, FeedState]:
    rows = connection.execute(
        "SELECT feed_url, etag, last_modified, last_status, last_polled_at, items_seen, last_error FROM feed_state"
    ).fetchall()
    return {row[0]: FeedState(*row) for row in rows}


def record_poll(connection, ingest: FeedIngest, run_id: str, at: datetime) -> None:
    """Write the poll's feed_state and feed_errors rows in one transaction.

    Rows go in as Arrow tables: DuckDB's executemany costs milliseconds a row, and a poll
    where every page failed has a feed_errors row per item.
    """
    problems = ingest.errors + ingest.warnings
    states = pa.Table.from_pylist([asdict(s) for s in ingest.states], schema=FEED_STATE)
    errors = pa.Table.from_pylist(
        [{**asdict(p), "run_id": run_id, "recorded_at": at} for p in problems], schema=FEED_ERRORS
    )
    with transaction(connection):
        insert(connection, "feed_state", states, replace=True)
        insert(connection, "feed_errors", errors)


def _read_page(body: bytes, content_type: str, url: str, today: date) -> _PageResult:
    """Decode and extract (CPU work: run off the event loop)."""
    encoding = None
    try:
        html, encoding = decode_page(body, content_type)
        return _PageResult(extract_article(html, url, today), encoding)
    except PageProblem as problem:
        return _PageResult(encoding=encoding, reason=problem.reason, detail=problem.detail)


class _Poll:
    """The asynchronous part of one poll: feeds, then the pages of their new items.

    Parsing and extraction are CPU work; they run on one worker thread, off the event loop
    (so transfers keep flowing) but one at a time (more threads would only contend for the
    interpreter lock and slow the loop that feeds them).
    """

    def __init__(self, fetcher: Fetcher, cpu: ThreadPoolExecutor, known: set[str], settings: FetchSettings, at: datetime):
        self.fetcher, self.cpu, self.known, self.settings, self.at = fetcher, cpu, known, settings, at
        self.pages: dict[str, asyncio.Future] = {}
        self.pages_done = 0

    async def _on_cpu(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.cpu, function, *args)

    def want_page(self, url: str) -> asyncio.Future | None:
        """A page is fetched once however many feeds list it, and not at all if already known."""
        if url in self.known and not self.settings.refetch_known:
            return None
        if url not in self.pages:
            self.pages[url] = asyncio.ensure_future(self.page(url))
        return self.pages[url]

    async def page(self, url: str) -> _PageResult:
        try:
            return await self._page(url)
        finally:
            self.pages_done += 1
            progress.report("feed pages", self.pages_done, len(self.pages))

    async def _page(self, url: str) -> _PageResult:
        try:
            verdict = await self.fetcher.robots(url)
            if not verdict.allowed:
                return _PageResult(stage="robots", reason=verdict.reason, detail=verdict.detail)
            fetched = await self.fetcher.get(url, {"Accept": PAGE_ACCEPT}, types=HTML_TYPES)
            if fetched.status != 200:
                return _PageResult(reason=f"http_{fetched.status}", detail=f"{url} answered {fetched.status}")
            return await self._on_cpu(_read_page, fetched.body, fetched.headers.get("content-type", ""), fetched.url, self.at.date())
        except FetchError as error:
            return _PageResult(reason=error.reason, detail=error.detail)
        except Exception as exc:  # one odd page must not sink the poll
            return _PageResult(reason="unexpected_error", detail=f"{type(exc).__name__}: {exc}")

    async def feed(self, feed: Feed, prior: FeedState | None) -> _FeedResult:
        at = self.at
        headers = {"Accept": FEED_ACCEPT}
        if prior and prior.etag:
            headers["If-None-Match"] = prior.etag
        if prior and prior.last_modified:
            headers["If-Modified-Since"] = prior.last_modified
        kept = (prior.etag, prior.last_modified, prior.items_seen) if prior else (None, None, None)

        def failed(stage: str, reason: str, detail: str, status: int | None) -> _FeedResult:
            state = FeedState(feed.url, kept[0], kept[1], status, at, kept[2], reason)
            return _FeedResult(feed, state, error=FeedError(feed.url, stage, reason, detail))

        try:
            fetched = await self.fetcher.get(feed.url, headers)
        except FetchError as error:
            return failed("fetch", error.reason, error.detail, error.status)
        except Exception as exc:
            return failed("fetch", "unexpected_error", f"{type(exc).__name__}: {exc}", None)
        if fetched.status == 304:
            etag = fetched.headers.get("etag") or kept[0]
            modified = fetched.headers.get("last-modified") or kept[1]
            return _FeedResult(feed, FeedState(feed.url, etag, modified, 304, at, kept[2]))
        if fetched.status != 200:
            return failed("fetch", f"http_{fetched.status}", f"{feed.url} answered {fetched.status} with no feed", fetched.status)
        try:
            parsed: ParsedFeed = await self._on_cpu(parse_feed, fetched.body, fetched.url, fetched.headers.get("content-type"))
        except FeedProblem as problem:
            return failed("parse", problem.reason, problem.detail, fetched.status)
        except Exception as exc:
            return failed("parse", "unexpected_error", f"{type(exc).__name__}: {exc}", fetched.status)
        items = dedupe(parsed.items)
        pages = [self.want_page(item.link) for item in items if item.link]
        await asyncio.gather(*(p for p in pages if p is not None))
        state = FeedState(feed.url, fetched.headers.get("etag"), fetched.headers.get("last-modified"), 200, at, len(items))
        warning = FeedError(feed.url, "parse", "malformed_feed_recovered", parsed.warning) if parsed.warning else None
        return _FeedResult(feed, state, items, parsed.encoding, warning=warning)


async def _poll_all(feeds: list[Feed], priors: dict[str, FeedState], known: set[str], settings: FetchSettings, at: datetime):
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="akhbar-extract") as cpu:
        async with Fetcher(settings) as fetcher:
            run = _Poll(fetcher, cpu, known, settings, at)
            results = await asyncio.gather(*(run.feed(f, priors.get(f.url)) for f in feeds))
            return results, {url: task.result() for url, task in run.pages.items()}, fetcher.requests


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _assemble(results: list[_FeedResult], pages: dict[str, _PageResult], known: set[str], seen: set[tuple[str, str]],
              settings: FetchSettings, run_id: str, at: datetime) -> FeedIngest:
    """Turn feed and page results into raw rows, rejects and notes, in feed order then item order."""
    rows: list[dict] = []
    ingest = FeedIngest(RAW.empty_table(), [], 0, 0)
    claimed: set[str] = set()
    for result in results:
        ingest.states.append(result.state)
        if result.state.last_status == 304:
            ingest.not_modified += 1
        if result.error:
            ingest.errors.append(result.error)
        if result.warning:
            ingest.warnings.append(result.warning)
        feed = result.feed
        for item in result.items:
            if item.uri in claimed:  # listed by an earlier feed too: that feed has it
                continue
            claimed.add(item.uri)
            ingest.seen_items += 1
            if item.uri in known and not settings.refetch_known:
                ingest.skipped += 1
                continue
            article_id = article_id_for(item.uri)
            page = pages.get(item.link) if item.link else None
            if page is not None and page.reason in FATAL_PAGE_REASONS:
                # No text to hash: the marker stands for "this item, refused for this reason", so a
                # rerun that meets the same refusal finds it in the manifest and does not quarantine it twice.
                ingest.rejects.append(Reject(item.uri, page.reason, page.detail, _sha256(f"{page.reason}:{item.uri}"), article_id))
                continue
            if page is not None and page.article is not None:
                article = page.article
                text, encoding = article.text, page.encoding
                title, origin = (article.title, "html") if article.title else (item.title, "feed")
                published = item.published or article.published
            else:
                if page is not None:
                    fallback = "the feed's description is used" if item.description else "the feed has no description either"
                    ingest.warnings.append(FeedError(feed.url, page.stage, page.reason, f"{page.detail}; {fallback}", item.uri))
                text, encoding, title, origin, published = item.description, result.encoding, item.title, "feed", item.published
            if not text.strip():
                why = f"the page failed ({page.reason})" if page is not None else "the item links to no page"
                ingest.rejects.append(Reject(item.uri, "no_text", f"{why} and the feed gives no description", _sha256(""), article_id))
                continue
            sha = _sha256(text)
            if (item.uri, sha) in seen:
                ingest.skipped += 1
                continue
            rows.append(
                {
                    "article_id": article_id,
                    "source_uri": item.uri,
                    "source_name": feed.name,
                    "raw_sha256": sha,
                    "encoding": encoding,
                    "raw_text": text,
                    "run_id": run_id,
                    "ingested_at": at,
                    "headline_hint": title,
                    "published_hint": published,
                    "origin_hint": origin,
                }
            )
    ingest.raw = pa.Table.from_pylist(rows, schema=RAW)
    return ingest


def _run(coroutine):
    """asyncio.run, also from a thread that already runs an event loop (a notebook, an async caller)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def poll(
    feeds: list[Feed],
    connection,
    seen: set[tuple[str, str]],
    run_id: str,
    at: datetime,
    settings: FetchSettings | None = None,
    *,
    persist: bool = True,
    priors: dict[str, FeedState] | None = None,
) -> FeedIngest:
    """Poll the enabled `feeds` once and return their new items as raw rows.

    `seen` is the manifest's (source_uri, raw_sha256) set. The feeds' conditional-GET state is
    read from `feed_state`; with `persist` (the default) the new state and the `feed_errors`
    rows are written before returning. A caller that wants the 304s of the next run to depend
    on this run's load succeeding passes `persist=False` and calls `record_poll` after loading;
    it may pass the feeds' `priors` (from `read_states`) and no connection, so that nothing holds
    the warehouse while the network is slow.
    """
    settings = settings or FetchSettings()
    unique: dict[str, Feed] = {}
    for feed in feeds:
        if feed.enabled:
            unique.setdefault(feed.url, feed)
    priors = read_states(connection) if priors is None else priors
    known = {uri for uri, _ in seen}
    results, pages, requests = _run(_poll_all(list(unique.values()), priors, known, settings, at))
    ingest = _assemble(results, pages, known, seen, settings, run_id, at)
    ingest.requests = requests
    if persist:
        record_poll(connection, ingest, run_id, at)
    return ingest
