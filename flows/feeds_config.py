"""Which feeds to poll: the outlets listed in a TOML file, or a feed URL given on the command line.

`akhbar run --source` takes folders and files of articles, TOML feed lists and feed URLs
alike; `split_sources` tells them apart so the flow can hand each to its ingester.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class FeedConfigError(ValueError):
    """The feed list cannot be used as written; the message says where and why."""


@dataclass(frozen=True)
class Feed:
    name: str  # the outlet, as `source_name` of its articles
    url: str
    enabled: bool = True
    language: str = "ur"
    homepage: str | None = None


def is_feed_url(source: str) -> bool:
    return urlsplit(str(source)).scheme.lower() in ("http", "https")


def is_feed_list(source: str | Path) -> bool:
    return str(source).lower().endswith(".toml")


def _name_from_url(url: str) -> str:
    host = (urlsplit(url).hostname or url).lower()
    return host.removeprefix("www.")


def feed_from_url(url: str) -> Feed:
    """A feed given as a bare URL; its outlet is named after the host (without `www.`)."""
    url = url.strip()
    if not is_feed_url(url) or not urlsplit(url).hostname:
        raise FeedConfigError(f"{url!r} is not an http(s) feed URL")
    return Feed(name=_name_from_url(url), url=url)


def load_feeds(path: str | Path, include_disabled: bool = False) -> list[Feed]:
    """The `[[feed]]` tables of a TOML file, enabled ones only unless asked otherwise.

    Each table needs `name` and `url`; `enabled` defaults to true. A URL listed twice is an
    error rather than a silent double poll.
    """
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FeedConfigError(f"{path}: not valid TOML ({exc})") from None
    tables = document.get("feed", [])
    if not isinstance(tables, list):
        raise FeedConfigError(f"{path}: feeds are written as [[feed]] tables")
    feeds: list[Feed] = []
    urls: set[str] = set()
    for number, table in enumerate(tables, start=1):
        where = f"{path}: feed #{number}"
        if not isinstance(table, dict):
            raise FeedConfigError(f"{where} is not a table")
        unknown = set(table) - {"name", "url", "enabled", "language", "homepage"}
        if unknown:
            raise FeedConfigError(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
        name, url = table.get("name"), table.get("url")
        if not isinstance(name, str) or not name.strip():
            raise FeedConfigError(f"{where} needs a name")
        if not isinstance(url, str) or not is_feed_url(url):
            raise FeedConfigError(f"{where} ({name}) needs an http(s) url, not {url!r}")
        enabled = table.get("enabled", True)
        if not isinstance(enabled, bool):
            raise FeedConfigError(f"{where} ({name}): enabled must be true or false")
        if url in urls:
            raise FeedConfigError(f"{where} ({name}): {url} is listed twice")
        urls.add(url)
        feeds.append(Feed(name.strip(), url.strip(), enabled, table.get("language", "ur"), table.get("homepage")))
    return [f for f in feeds if include_disabled or f.enabled]


def split_sources(sources: list[str | Path]) -> tuple[list[str], list[Feed]]:
    """Separate article folders/files from feeds (TOML lists and URLs), keeping order.

    A feed reached twice (in two lists, or a list and a URL) is polled once.
    """
    paths: list[str] = []
    feeds: dict[str, Feed] = {}
    for source in sources:
        text = str(source)
        if is_feed_url(text):
            feed = feed_from_url(text)
            feeds.setdefault(feed.url, feed)
        elif is_feed_list(text):
            for feed in load_feeds(text):
                feeds.setdefault(feed.url, feed)
        else:
            paths.append(text)
    return paths, list(feeds.values())
