"""Turn an article file's bytes into text, or say plainly why that cannot be done.

Urdu news arrives as UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1256 from
older Windows desktops. Windows-1256 decodes almost any byte string, so it is accepted only when
the result reads as Arabic-script text; anything else is refused with a reason rather than
guessed, and the pipeline quarantines it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from transforms.problem import Problem

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Share of control characters above which text is taken for binary data.
MAX_CONTROL_SHARE = 0.01
# Share of Arabic-script letters a Windows-1256 reading needs to be believed.
MIN_ARABIC_SHARE_CP1256 = 0.5


class DecodeFailure(Problem):
    """The bytes are not text this pipeline can read."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


# Control characters other than tab, line feed, carriage return and form feed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])


def _control_share(text: str, utf8: bytes | None = None) -> float:
    """The share of the text's characters that are control characters.

    Given the text's UTF-8 bytes, they are counted there (in UTF-8 a byte below 0x20 is always
    that character), which is cheaper than looking at every character of the text.
    """
    if utf8 is not None:
        controls = len(utf8) - len(utf8.translate(None, _CONTROLS))
    elif _CONTROL.search(text):
        controls = len(_CONTROL.findall(text))
    else:
        return 0.0  # text as it should be, and nearly all of it is, needs one scan
    return controls / max(len(text), 1)


def _arabic_letter_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff") / len(letters)


def _check_text(text: str, encoding: str, utf8: bytes | None = None) -> Decoded:
    if not text or text.isspace():
        raise DecodeFailure("empty", "the file holds no text")
    if _control_share(text, utf8) > MAX_CONTROL_SHARE:
        raise DecodeFailure("binary", f"decoded as {encoding} it is mostly control characters")
    return Decoded(text, encoding)


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article file; raise DecodeFailure when it is empty, binary or undecodable."""
    if not data or data.isspace():
        raise DecodeFailure("empty", "the file holds no text" if data else "the file is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), encoding, data if encoding == "utf-8-sig" else None)
            except UnicodeDecodeError as exc:
                raise DecodeFailure("undecodable", f"has a {encoding} BOM but {exc.reason} at byte {exc.start}") from None
    if b"\x00" in data:
        raise DecodeFailure("binary", "contains NUL bytes: binary data, or UTF-16 without a byte-order mark")
    try:
        return _check_text(data.decode("utf-8"), "utf-8", data)
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 ({exc.reason} at byte {exc.start})"
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise DecodeFailure("undecodable", f"{utf8_error} and not Windows-1256") from None
    if _arabic_letter_share(text) < MIN_ARABIC_SHARE_CP1256:
        raise DecodeFailure("undecodable", f"{utf8_error}; read as Windows-1256 it is not Arabic-script text")
    return _check_text(text, "windows-1256")
