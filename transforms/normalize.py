"""Urdu text normalization (placeholder: the full rule set is being written)."""
import unicodedata


def normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def match_key(text: str) -> str:
    return " ".join(normalize(text).split())
