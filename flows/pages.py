"""From an article page's bytes to its text, title and date.

Decoding follows the order browsers use, narrowed to what Urdu sites send: a byte-order mark,
then the charset of the HTTP Content-Type, then a `<meta>` charset (old Urdu sites declare
Windows-1256 only there), then UTF-8, and last the same Windows-1256 check article files get.
One exception: bytes that are valid UTF-8 (and not plain ASCII) are read as UTF-8 whatever
label they carry, since a mislabelled UTF-8 page is common and the reverse never happens.
trafilatura finds the article in the page; a page where it finds only menus and footers is
not an article, and the caller falls back to the feed's description.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from datetime import date

import trafilatura

from transforms.decode import DecodeFailure, decode_bytes
from transforms.problem import Problem

# What makes extracted text an article rather than navigation: enough words, and at least
# one line that reads as a sentence (menus are lines of one to three words).
MIN_ARTICLE_WORDS = 25
MIN_LONGEST_LINE_WORDS = 10
# The HTML standard looks for <meta charset> in the first 1024 bytes; pages in the wild put
# long <head> preambles first, so look a little further.
META_SCAN_BYTES = 4096

_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Labels that mean windows-1252 on the web, whatever they say.
_WEB_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "latin-1": "cp1252"}


class PageProblem(Problem):
    """The page cannot give an article: the feed's description stands in for it."""


@dataclass(frozen=True)
class PageArticle:
    text: str  # body only: one paragraph a line, the headline line removed
    title: str | None
    published: date | None


def _codec(label: str | None) -> str | None:
    """Python codec for a charset label, or None if the label names nothing Python knows."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _WEB_ALIASES.get(name, name)


def encoding_label(codec: str) -> str:
    """The name recorded in `raw.encoding`: windows-1256 rather than Python's cp1256."""
    codec = codec.removesuffix("-sig")
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    return codec


def declared_charsets(body: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """(codec, where it came from) in the order they are believed."""
    found: list[tuple[str, str]] = []
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return [(codec, "byte-order mark")]
    match = _HTTP_CHARSET.search(content_type or "")
    if match and _codec(match.group(1)):
        found.append((_codec(match.group(1)), "HTTP header"))
    head = body[:META_SCAN_BYTES]
    for pattern, where in ((_META_CHARSET, "meta tag"), (_XML_ENCODING, "XML declaration")):
        match = pattern.search(head)
        codec = _codec(match.group(1).decode("ascii", "replace")) if match else None
        if codec:
            # A meta tag readable as ASCII cannot be UTF-16: the standard reads it as UTF-8.
            found.append(("utf-8" if codec.startswith("utf-16") else codec, where))
    found.append(("utf-8", "default"))
    return found


def decode_page(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(text, encoding label) of an HTML page; PageProblem('undecodable') when nothing fits."""
    try:
        as_utf8 = body.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    for codec, _where in declared_charsets(body, content_type):
        if as_utf8 is not None and codec != "utf-8" and not codec.startswith("utf-16") and not body.isascii():
            # Non-ASCII bytes that are valid UTF-8 are UTF-8 whatever the label says: servers
            # mislabel UTF-8 as ISO-8859-1 often, while Windows-1256 Arabic is never valid UTF-8.
            return as_utf8, "utf-8"
        try:
            return body.decode(codec), encoding_label(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        decoded = decode_bytes(body)
    except DecodeFailure as failure:
        raise PageProblem("undecodable", failure.detail) from None
    return decoded.text, encoding_label(decoded.encoding)


def _looks_like_article(text: str) -> bool:
    lines = text.splitlines()
    return sum(len(line.split()) for line in lines) >= MIN_ARTICLE_WORDS and max((len(line.split()) for line in lines), default=0) >= MIN_LONGEST_LINE_WORDS


def extract_article(html: str, url: str, today: date) -> PageArticle:
    """The article in a page, via trafilatura; PageProblem('no_article') when it holds none.

    Reader comments are left out (they are not the outlet's text); the date is the page's
    own publication date, never a guess from the body, and never later than `today`.
    """
    raw = trafilatura.extract(
        html,
        url=url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False, "max_date": today.isoformat()},
    )
    meta = json.loads(raw) if raw else {}
    title = (meta.get("title") or "").strip() or None
    lines = [line.strip() for line in (meta.get("text") or "").splitlines() if line.strip()]
    if lines and title and lines[0] == title:  # trafilatura keeps the <h1>; the headline is a field of its own
        lines = lines[1:]
    text = "\n".join(lines)
    if not _looks_like_article(text):
        longest = max((len(line.split()) for line in lines), default=0)
        raise PageProblem(
            "no_article",
            f"{len(text.split())} words, at most {longest} in a line: menus or a stub, not an article "
            f"(an article has {MIN_ARTICLE_WORDS}+ words and a line of {MIN_LONGEST_LINE_WORDS}+)",
        )
    published = None
    if meta.get("date"):
        try:
            published = date.fromisoformat(meta["date"][:10])
        except ValueError:
            published = None
    return PageArticle(text, title, published)
