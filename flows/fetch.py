"""A polite, bounded HTTP client for feeds and article pages.

The poller talks to servers it does not control, so every request is bounded: connections
overall and per host, connect/read timeouts and a deadline for the whole response, a
number of redirects (followed by hand, so loops and non-http(s) targets are caught), and a
response size counted on the *decompressed* bytes as they arrive, so a gzip bomb stops after
a few kilobytes of input. Timeouts, dropped connections, 429 and 5xx are retried with capped
exponential backoff and jitter, honouring Retry-After. robots.txt is fetched once per host and
consulted for article pages; feeds are what outlets publish for machines and are not checked.
"""

from __future__ import annotations

import asyncio
import random
import zlib
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

USER_AGENT = "akhbar/0.1 (+https://github.com/akhbar; Urdu news archiver)"
ROBOTS_AGENT = "akhbar"  # the token robots.txt rules name
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Bodies of redirects and errors are read (to keep the connection reusable) up to this much.
SMALL_BODY = 64 * 1024
# robots.txt beyond this is ignored past the limit's worth, as the big crawlers do.
MAX_ROBOTS_BYTES = 512 * 1024
# Text and HTML compress 5-20x; output a hundred times the input is a compression bomb.
BOMB_RATIO = 100


@dataclass(frozen=True)
class FetchSettings:
    """Limits of one poll. Defaults suit a nightly run; tests shrink the delays."""

    max_connections: int = 32
    max_keepalive: int = 32  # as many as connections: fewer closes a connection a waiting request was about to reuse
    per_host: int = 4
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    attempt_timeout: float = 60.0  # a whole response, body included: stops a server dribbling bytes
    retries: int = 3  # further attempts after the first
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    max_retry_after: float = 120.0  # a server asking for a longer pause is given up on for this run
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024
    robots: bool = True
    # Fetch the pages of items whose URL the manifest already holds (to catch corrections).
    refetch_known: bool = False
    user_agent: str = USER_AGENT
    trust_env: bool = True  # honour HTTP(S)_PROXY / NO_PROXY from the environment


class FetchError(Exception):
    """A request that gave no usable response; `reason` is a short code, `detail` prose."""

    def __init__(self, reason: str, detail: str, status: int | None = None, retryable: bool = False):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.status = status
        self.retryable = retryable


@dataclass
class Fetched:
    url: str  # after redirects
    status: int  # 2xx or 304
    headers: httpx.Headers
    body: bytes  # decompressed
    attempts: int = 1
    redirects: int = 0


@dataclass(frozen=True)
class RobotsVerdict:
    allowed: bool
    reason: str | None = None  # robots_disallowed or robots_unavailable when not allowed
    detail: str | None = None


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with jitter: retries from many items do not arrive in step."""
    return min(cap, base * 2**attempt) * random.uniform(0.5, 1.0)


class _Inflater:
    """Decompress a body chunk by chunk, never producing more than asked for at a time."""

    def __init__(self, coding: str | None):
        self.coding = coding
        self.first = True
        if coding in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            self.z = zlib.decompressobj()
        else:
            self.z = None

    def feed(self, chunk: bytes, max_length: int) -> bytes:
        if self.z is None:
            return chunk
        try:
            return self.z.decompress(chunk, max_length)
        except zlib.error as exc:
            if self.coding == "deflate" and self.first:  # some servers send raw deflate, without zlib's header
                self.z = zlib.decompressobj(-zlib.MAX_WBITS)
                self.first = False
                return self.feed(chunk, max_length)
            raise FetchError("bad_compression", f"{self.coding} body does not decompress: {exc}") from None
        finally:
            self.first = False


def _codings(response: httpx.Response) -> str | None:
    """The body's one content-coding we can undo, or a FetchError for anything else."""
    header = response.headers.get("content-encoding", "")
    codings = [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]
    if not codings:
        return None
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise FetchError("unsupported_encoding", f"Content-Encoding {header!r} was not asked for")
    return codings[0]


async def read_bounded(response: httpx.Response, limit: int) -> bytes:
    """The decompressed body, or FetchError(too_large / compression_bomb) as soon as it passes `limit`."""
    coding = _codings(response)
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise FetchError("too_large", f"Content-Length is {int(declared):,} bytes; the limit is {limit:,}")
    inflater = _Inflater(coding)
    received = produced = 0
    chunks: list[bytes] = []
    async for chunk in response.aiter_raw():
        received += len(chunk)
        data = inflater.feed(chunk, limit - produced + 1)
        produced += len(data)
        if produced > limit:
            consumed = received - len(inflater.z.unconsumed_tail) if inflater.z is not None else received
            if coding and produced >= BOMB_RATIO * max(consumed, 1):
                raise FetchError(
                    "compression_bomb",
                    f"{consumed:,} {coding} bytes decompressed past the {limit:,}-byte limit (ratio {produced // max(consumed, 1):,}:1)",
                )
            where = f" once decompressed from {coding}" if coding else ""
            raise FetchError("too_large", f"the body passed the {limit:,}-byte limit{where}")
        chunks.append(data)
    if inflater.z is not None:
        tail = inflater.z.flush()
        if produced + len(tail) > limit:
            raise FetchError("too_large", f"the body passed the {limit:,}-byte limit once decompressed from {coding}")
        chunks.append(tail)
    return b"".join(chunks)


class _Slots:
    """Request slots, at most `total` at once and `per_host` to one host.

    A freed slot goes to a waiter for the same host first (it finds the connection just
    released, still open), else to the longest waiter whose host is below its limit. Plain
    semaphores would hand it to whichever host is next and churn through a new connection
    for nearly every request once more hosts are busy than connections allowed.
    """

    def __init__(self, total: int, per_host: int):
        self.total, self.per_host = total, per_host
        self.active = 0
        self.by_host: dict[str, int] = {}
        self.waiting: dict[str, deque[tuple[int, asyncio.Future]]] = {}
        self.ticket = 0

    def _free_for(self, host: str) -> bool:
        return self.active < self.total and self.by_host.get(host, 0) < self.per_host

    def _take(self, host: str) -> None:
        self.active += 1
        self.by_host[host] = self.by_host.get(host, 0) + 1

    async def acquire(self, host: str) -> None:
        if self._free_for(host) and not self.waiting.get(host):
            self._take(host)
            return
        self.ticket += 1
        future = asyncio.get_running_loop().create_future()
        queue = self.waiting.setdefault(host, deque())
        entry = (self.ticket, future)
        queue.append(entry)
        try:
            await future  # the slot was taken on our behalf by release()
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release(host)
            elif entry in queue:
                queue.remove(entry)
            raise

    def release(self, host: str) -> None:
        self.active -= 1
        self.by_host[host] -= 1
        self._wake(prefer=host)

    def _wake(self, prefer: str) -> None:
        while self.active < self.total:
            candidates = [h for h, q in self.waiting.items() if q and self.by_host.get(h, 0) < self.per_host]
            if not candidates:
                return
            host = prefer if prefer in candidates else min(candidates, key=lambda h: self.waiting[h][0][0])
            _, future = self.waiting[host].popleft()
            if future.cancelled():
                continue
            self._take(host)
            future.set_result(None)


class Fetcher:
    """One poll's HTTP client: use as `async with Fetcher(settings) as fetcher`."""

    def __init__(self, settings: FetchSettings):
        self.settings = settings
        self.requests = 0  # attempts sent, for reports
        self._client: httpx.AsyncClient | None = None
        self._slots = _Slots(settings.max_connections, settings.per_host)
        self._robots: dict[str, asyncio.Future] = {}

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._client = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=s.max_connections, max_keepalive_connections=s.max_keepalive),
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None),
            follow_redirects=False,
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=s.trust_env,
        )
        return self

    async def __aexit__(self, *exc) -> None:
        for task in self._robots.values():
            task.cancel()
        await self._client.aclose()

    async def get(
        self, url: str, headers: dict[str, str] | None = None, max_bytes: int | None = None, types: frozenset[str] | None = None
    ) -> Fetched:
        """GET with redirects followed by hand; returns a 2xx or 304 response or raises FetchError.

        With `types`, a 2xx response whose media type is not among them (a PDF or an MP3 where
        a page was expected) is refused before its body is read.
        """
        limit = max_bytes or self.settings.max_bytes
        visited = {urldefrag(url).url}
        current, attempts = url, 0
        for hops in range(self.settings.max_redirects + 1):
            fetched, tries = await self._with_retries(current, headers or {}, limit, types)
            attempts += tries
            if fetched.status not in REDIRECT_STATUSES:
                fetched.attempts, fetched.redirects = attempts, hops
                return fetched
            location = fetched.headers.get("location", "").strip()
            if not location:
                raise FetchError("bad_redirect", f"{fetched.status} from {current} has no Location", fetched.status)
            target = urldefrag(urljoin(current, location)).url
            scheme = urlsplit(target).scheme.lower()
            if scheme not in ("http", "https"):
                raise FetchError("bad_redirect_scheme", f"{current} redirects to a {scheme or 'scheme-less'} URL: {target[:200]}", fetched.status)
            if target in visited:
                raise FetchError("redirect_loop", f"{current} redirects back to {target} after {hops + 1} redirects", fetched.status)
            visited.add(target)
            current = target
        raise FetchError("too_many_redirects", f"more than {self.settings.max_redirects} redirects from {url}")

    async def _with_retries(self, url: str, headers: dict[str, str], limit: int, types: frozenset[str] | None) -> tuple[Fetched, int]:
        s = self.settings
        for attempt in range(s.retries + 1):
            tries = attempt + 1
            try:
                fetched = await self._attempt(url, headers, limit, types)
            except FetchError as error:
                if not error.retryable or attempt == s.retries:
                    if error.retryable:
                        error.detail += f" ({tries} attempts)"
                    raise
                delay = backoff_seconds(attempt, s.backoff_base, s.backoff_cap)
            else:
                status = fetched.status
                if status == 429 or 500 <= status <= 599:
                    if attempt == s.retries:
                        raise FetchError(f"http_{status}", f"{url} answered {status} to {tries} attempts", status)
                    wait = retry_after_seconds(fetched.headers.get("retry-after"))
                    if wait is not None and wait > s.max_retry_after:
                        raise FetchError(
                            f"http_{status}",
                            f"{url} asked to retry after {wait:.0f} s, longer than the {s.max_retry_after:.0f} s this poll waits",
                            status,
                        )
                    delay = wait if wait is not None else backoff_seconds(attempt, s.backoff_base, s.backoff_cap)
                elif 200 <= status < 300 or status == 304 or status in REDIRECT_STATUSES:
                    return fetched, tries
                else:
                    raise FetchError(f"http_{status}", f"{url} answered {status}", status)
            await asyncio.sleep(delay)  # a retry waiting out its delay holds no slot
        raise AssertionError("unreachable")

    async def _attempt(self, url: str, headers: dict[str, str], limit: int, types: frozenset[str] | None) -> Fetched:
        host = urlsplit(url).netloc.lower()
        deadline = self.settings.attempt_timeout
        await self._slots.acquire(host)
        try:
            self.requests += 1
            try:
                async with asyncio.timeout(deadline):
                    async with self._client.stream("GET", url, headers=headers) as response:
                        if 200 <= response.status_code < 300:
                            media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                            if types is not None and media not in types:
                                raise FetchError("unexpected_content_type", f"{url} is {media}, not {' or '.join(sorted(t for t in types if t))}")
                            body = await read_bounded(response, limit)
                        else:
                            body = await self._drain(response)
                        return Fetched(str(response.url), response.status_code, response.headers, body)
            except TimeoutError:
                raise FetchError("timeout", f"no complete response from {url} within {deadline:g} s", retryable=True) from None
            except httpx.TimeoutException as exc:
                raise FetchError("timeout", f"{type(exc).__name__} from {url}", retryable=True) from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise FetchError("bad_url", f"{url}: {exc}") from None
            except httpx.TransportError as exc:
                raise FetchError("connection_error", f"{type(exc).__name__} from {url}: {exc}", retryable=True) from None
        finally:
            self._slots.release(host)

    @staticmethod
    async def _drain(response: httpx.Response) -> bytes:
        """Read a small non-2xx body so the connection can be reused; a large one is abandoned."""
        try:
            return await read_bounded(response, SMALL_BODY)
        except FetchError:
            return b""

    async def robots(self, url: str) -> RobotsVerdict:
        """May this page be fetched? robots.txt is read once per origin and shared by all its pages."""
        if not self.settings.robots:
            return RobotsVerdict(True)
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        pending = self._robots.get(origin)
        if pending is None:
            pending = self._robots[origin] = asyncio.ensure_future(self._load_robots(origin))
        rules, problem = await asyncio.shield(pending)
        if problem:
            return RobotsVerdict(False, "robots_unavailable", problem)
        if not rules.can_fetch(ROBOTS_AGENT, url):
            return RobotsVerdict(False, "robots_disallowed", f"{origin}/robots.txt disallows {parts.path or '/'} for {ROBOTS_AGENT}")
        return RobotsVerdict(True)

    async def _load_robots(self, origin: str) -> tuple[RobotFileParser, str | None]:
        """RFC 9309: a 4xx means no rules; an unreachable robots.txt (5xx, timeout) means disallow all."""
        rules = RobotFileParser(origin + "/robots.txt")
        try:
            fetched = await self.get(origin + "/robots.txt", max_bytes=MAX_ROBOTS_BYTES)
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500:
                rules.parse([])
                return rules, None
            if error.reason in ("too_large", "compression_bomb"):
                return rules, f"robots.txt is too large ({error.detail})"
            return rules, f"robots.txt unavailable: {error.reason}: {error.detail}"
        rules.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return rules, None
