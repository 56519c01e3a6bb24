"""Score the article parser's fields against an answer key.

Each keyed file goes through the pipeline's own steps (decode_bytes, normalize, parse_article),
so the score measures what the warehouse would hold. Both sides are compared after
`normalize` and `match_key`, so the score counts wrong answers, not spelling variants.

Key format: one JSON object per line with `file` (relative to the corpus folder) and any of
`date` (YYYY-MM-DD or null), `headline`, `dateline_city` (or null) and `agencies` (a list).
A field a key line does not carry is not scored for that file; a headline is scored only when
the key gives one (unless the key marks `headline_origin` as `derived`). A file that cannot be
read or decoded counts as wrong on every field its key line carries.

Agencies are compared as ordered lists: the credit's order is meaningful (the first source is
the one the story came from), and a reordering is a parsing error worth seeing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transforms.article import ParsedArticle, parse_article
from transforms.decode import DecodeFailure, decode_bytes
from transforms.normalize import match_key, normalize
from transforms.reference import Reference, load_reference

FIELDS = ("date", "headline", "dateline_city", "agencies")


@dataclass(frozen=True)
class Mismatch:
    file: str
    field: str
    expected: Any
    got: Any


@dataclass
class FieldScore:
    field: str
    correct: int = 0
    total: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class FieldScores:
    files: int
    fields: dict[str, FieldScore]
    failures: list[Mismatch] = field(default_factory=list)  # files that could not be read

    @property
    def mismatches(self) -> list[Mismatch]:
        return [m for score in self.fields.values() for m in score.mismatches]


def _comparable(value: str | None) -> str | None:
    """The form both sides are compared in; empty text counts as absent."""
    if value is None:
        return None
    key = match_key(normalize(value))
    return key or None


def _comparable_list(values: list[str] | tuple[str, ...] | None) -> list[str]:
    return [key for key in (_comparable(v) for v in values or ()) if key]


def _predicted(parsed: ParsedArticle | None) -> dict[str, Any]:
    if parsed is None:
        return {name: None for name in FIELDS}
    return {
        "date": parsed.published_date.isoformat() if parsed.published_date else None,
        "headline": parsed.headline,
        "dateline_city": parsed.dateline_city,
        "agencies": list(parsed.agencies),
    }


def _scored_fields(entry: dict[str, Any]) -> list[str]:
    """Fields this key line can be scored on."""
    names = [name for name in ("date", "dateline_city", "agencies") if name in entry]
    if entry.get("headline") and entry.get("headline_origin", "header") == "header":
        names.insert(1, "headline")
    return names


def _equal(name: str, expected: Any, got: Any) -> bool:
    if name == "agencies":
        return _comparable_list(expected) == _comparable_list(got)
    if name == "date":
        return (expected or None) == (got or None)
    return _comparable(expected) == _comparable(got)


def parse_file(path: Path, reference: Reference) -> tuple[ParsedArticle | None, str | None]:
    """Run one file through the pipeline's steps; a read or decode failure is reported, not raised."""
    try:
        decoded = decode_bytes(path.read_bytes())
    except OSError as exc:
        return None, f"unreadable: {exc.strerror or exc}"
    except DecodeFailure as exc:
        return None, f"{exc.reason}: {exc.detail}"
    return parse_article(normalize(decoded.text), reference), None


def _read_key(key_path: Path) -> list[dict[str, Any]]:
    with key_path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score_fields(corpus_dir: Path, key_path: Path, reference: Reference | None = None) -> FieldScores:
    """Accuracy per field of the parser on every file the key lists."""
    reference = reference or load_reference()
    scores = {name: FieldScore(name) for name in FIELDS}
    failures: list[Mismatch] = []
    entries = _read_key(Path(key_path))
    for entry in entries:
        name = entry["file"]
        parsed, failure = parse_file(Path(corpus_dir) / name, reference)
        if failure:
            failures.append(Mismatch(name, "file", "readable", failure))
        got = _predicted(parsed)
        for field_name in _scored_fields(entry):
            score = scores[field_name]
            score.total += 1
            if failure is None and _equal(field_name, entry[field_name], got[field_name]):
                score.correct += 1
            else:
                score.mismatches.append(Mismatch(name, field_name, entry[field_name], got[field_name]))
    return FieldScores(files=len(entries), fields=scores, failures=failures)


def format_report(scores: FieldScores, max_mismatches: int = 10) -> str:
    """A small table of accuracy per field, then the first mismatches of each field."""
    lines = [f"{'field':<15}{'correct':>9}{'total':>8}{'accuracy':>10}"]
    for score in scores.fields.values():
        lines.append(f"{score.field:<15}{score.correct:>9}{score.total:>8}{score.accuracy:>9.1%}")
    lines.append(f"files: {scores.files}, unreadable: {len(scores.failures)}")
    for failure in scores.failures:
        lines.append(f"  {failure.file}: {failure.got}")
    for score in scores.fields.values():
        if not score.mismatches:
            continue
        lines.append(f"{score.field} mismatches ({len(score.mismatches)}):")
        for mismatch in score.mismatches[:max_mismatches]:
            lines.append(f"  {mismatch.file}: expected {mismatch.expected!r}, got {mismatch.got!r}")
        if len(score.mismatches) > max_mismatches:
            lines.append(f"  ... {len(score.mismatches) - max_mismatches} more")
    return "\n".join(lines)
