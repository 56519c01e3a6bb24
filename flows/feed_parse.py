"""From a feed document's bytes to its items: link, guid, title, description text and date.

feedparser reads RSS 0.9x/1.0/2.0 and Atom alike and is lenient. Leniency is kept where it
is safe: a complete document with a stray undefined entity still yields its items (with a
note), but a document cut short or not a feed at all yields none, so a half-read feed never
loads half-read descriptions.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from transforms.problem import Problem

# Query parameters that track the reader, not name the article.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid", "ocid", "at_medium", "at_campaign", "cmpid"})
# feedparser's bozo exceptions that do not make a document untrustworthy.
BENIGN_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_CLOSING_ROOT = re.compile(rb"</\s*(?:[\w.-]+:)?(?:rss|feed|rdf)\s*>\s*(?:<!--.*?-->\s*)*$", re.IGNORECASE | re.DOTALL)
_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article", "figure", "figcaption", "hr", "table"})
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")


class FeedProblem(Problem):
    """The response is not a feed whose items can be trusted."""


@dataclass(frozen=True)
class FeedItem:
    guid: str | None
    link: str | None  # canonical http(s) URL of the item's page, None when the item has none
    uri: str  # the item's identity: its canonical link, or the feed URL with the guid as fragment
    title: str | None
    description: str  # plain text of the item's content or summary ('' when it has none)
    published: date | None  # as the publisher wrote it (its own time zone), not converted to UTC


@dataclass(frozen=True)
class ParsedFeed:
    items: list[FeedItem]
    encoding: str
    version: str
    warning: str | None  # set when a lenient parse recovered items from a flawed document


def canonical_url(url: str, base: str | None = None) -> str | None:
    """The URL an item is known by: absolute, lower-case scheme and host, no default port,
    no fragment, no utm_* or click-tracking parameters. None for anything but http(s)."""
    url = urljoin(base, url.strip()) if base else url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port and not (scheme == "http" and port == 80 or scheme == "https" and port == 443):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query, doseq=True) if query else "", ""))


class _TextOfHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of a description's HTML: one paragraph a line, as article bodies are stored."""
    if "<" not in fragment and "&" not in fragment:
        text = fragment
    else:
        parser = _TextOfHtml()
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _date_as_written(raw: str | None, parsed) -> date | None:
    """The calendar date in the publisher's own offset (a 23:30 +05:00 story is that day's news)."""
    if raw:
        for reader in (parsedate_to_datetime, lambda s: datetime.fromisoformat(s.strip().replace("Z", "+00:00"))):
            try:
                return reader(raw).date()
            except (TypeError, ValueError, IndexError, AttributeError):
                continue
    if parsed:
        try:
            return date(*parsed[:3])
        except (TypeError, ValueError):
            return None
    return None


def _item_date(entry) -> date | None:
    for key in ("published", "updated", "created"):
        found = _date_as_written(entry.get(key), entry.get(f"{key}_parsed"))
        if found:
            return found
    return None


def _description(entry) -> str:
    """The fullest text the feed gives: content:encoded / Atom content, else the summary."""
    candidates = [c.get("value", "") for c in entry.get("content") or []] + [entry.get("summary", "")]
    texts = [html_to_text(c) for c in candidates if c]
    return max(texts, key=len, default="")


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Items of a feed document, in document order; FeedProblem when it is not a usable feed."""
    if not data.strip():
        raise FeedProblem("empty_feed", "the response has no body")
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(data, response_headers=headers)
    version = parsed.get("version") or ""
    warning = None
    if parsed.get("bozo"):
        error = parsed.get("bozo_exception")
        if not isinstance(error, BENIGN_BOZO):
            what = f"{type(error).__name__}: {error}"
            if not parsed.entries:
                raise FeedProblem("malformed_feed", f"not well-formed and no items could be read ({what})")
            if not _CLOSING_ROOT.search(data.rstrip()[-4096:]):
                raise FeedProblem("malformed_feed", f"the document is cut short or broken ({what}); its items are not trusted")
            warning = f"{what}; {len(parsed.entries)} items read by the lenient parser"
    if not version and not parsed.entries:
        raise FeedProblem("not_a_feed", f"no RSS or Atom document here (content type {content_type or 'unknown'})")
    items = []
    for entry in parsed.entries:
        link = canonical_url(entry.get("link") or "", url) if entry.get("link") else None
        guid = (entry.get("id") or "").strip() or None
        title = html_to_text(entry.get("title", "")) or None
        description = _description(entry)
        if link:
            uri = link
        else:  # no page to fetch: the item is known by its feed and its guid (or its content)
            key = guid or hashlib.sha256(f"{title}\n{description}".encode()).hexdigest()[:16]
            uri = f"{canonical_url(url) or url}#item={quote(key, safe='')}"
        items.append(FeedItem(guid, link, uri, title, description, _item_date(entry)))
    return ParsedFeed(items, parsed.get("encoding") or "utf-8", version, warning)


def dedupe(items: list[FeedItem]) -> list[FeedItem]:
    """First of each guid, then first of each URI: feeds repeat items, and tracking links differ."""
    guids: set[str] = set()
    uris: set[str] = set()
    kept = []
    for item in items:
        if (item.guid and item.guid in guids) or item.uri in uris:
            continue
        if item.guid:
            guids.add(item.guid)
        uris.add(item.uri)
        kept.append(item)
    return kept
