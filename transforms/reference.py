"""Reference vocabulary the article parser needs, read from the CSV files in `seeds/`.

Agency names, month names and the small word lists that tell a place name from a clause are
data, not code: they grow as new sources arrive, and editing a CSV is safer than editing a
regular expression. Every file has a header row and a `kind` column saying what each entry is.

- `agencies.csv` (`name,kind,canonical,note`): news agencies, broadcasters, newspapers' news
  services, desks and reporter roles that appear as a story's source; `canonical` names the
  row a variant spelling or full name stands for (روئٹرز -> رائٹرز), blank for itself.
- `urdu_terms.csv` (`term,kind,note`): `month` (note = month number), `day_word` (note = day
  number), `agency_suffix` (words that end an agency's name, e.g. "خبررساں ایجنسی"),
  `attribution_after` (phrases that follow a source, e.g. "کے مطابق"), `generic_descriptor`
  (words that describe rather than name an agency, e.g. "غیر ملکی"), `past_auxiliary` and
  `future_auxiliary` (تھا, گا: which way a weekday a clause names lies), and the function words
  that never occur in a place name: `postposition` (which also never opens a sentence),
  `copula`, `verb`, `conjunction`, `pronoun` and `particle`; `number_name`, a word the digits
  after it are a name with (ٹوئنٹی 20, "T20"), no amount.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

AGENCIES_FILE = "agencies.csv"
TERMS_FILE = "urdu_terms.csv"
FUNCTION_WORD_KINDS = ("postposition", "copula", "verb", "conjunction", "pronoun", "particle")


@dataclass(frozen=True)
class Reference:
    """The parser's vocabulary. Entries are kept as written; matching normalizes them itself."""

    agencies: tuple[str, ...]
    agency_kinds: tuple[tuple[str, str, str], ...] = ()  # (name, kind, canonical name)
    months: tuple[tuple[str, int], ...] = ()
    day_words: tuple[tuple[str, int], ...] = ()
    agency_suffixes: tuple[str, ...] = ()
    past_auxiliaries: tuple[str, ...] = ()  # تھا, گیا: a clause in the past (for weekdays' dates)
    future_auxiliaries: tuple[str, ...] = ()  # گا, ہوگا: a clause in the future
    number_names: tuple[str, ...] = ()  # ٹوئنٹی: the digits after it are a name's (ٹوئنٹی 20), no amount
    attribution_after: tuple[str, ...] = ()
    generic_descriptors: tuple[str, ...] = ()
    postpositions: tuple[str, ...] = ()
    function_words: tuple[str, ...] = ()  # postpositions included


def _read_rows(path: Path, key_column: str) -> list[dict[str, str]]:
    """Read a seeds CSV, refusing one without the expected header so a typo cannot go unnoticed."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {key_column, "kind"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path.name} lacks column(s) {', '.join(sorted(missing))}")
        rows = []
        for row in reader:
            value = (row.get(key_column) or "").strip()
            if value:
                rows.append({**row, key_column: value, "kind": (row.get("kind") or "").strip()})
        return rows


def _numbered(rows: list[dict[str, str]], kind: str) -> tuple[tuple[str, int], ...]:
    """Terms whose note carries a number (months, day words), e.g. ("اگست", 8)."""
    out = []
    for row in rows:
        if row["kind"] == kind:
            number = (row.get("note") or "").strip().split(" ", 1)[0]
            if not number.isdigit():
                raise ValueError(f"{TERMS_FILE}: {kind} {row['term']!r} needs a number in its note")
            out.append((row["term"], int(number)))
    return tuple(out)


def _terms(rows: list[dict[str, str]], kind: str) -> tuple[str, ...]:
    return tuple(row["term"] for row in rows if row["kind"] == kind)


@lru_cache(maxsize=8)
def _load(seeds_dir: Path) -> Reference:
    agency_rows = _read_rows(seeds_dir / AGENCIES_FILE, "name")
    term_rows = _read_rows(seeds_dir / TERMS_FILE, "term")
    return Reference(
        agencies=tuple(row["name"] for row in agency_rows),
        agency_kinds=tuple((row["name"], row["kind"], row.get("canonical") or row["name"]) for row in agency_rows),
        months=_numbered(term_rows, "month"),
        day_words=_numbered(term_rows, "day_word"),
        agency_suffixes=_terms(term_rows, "agency_suffix"),
        past_auxiliaries=_terms(term_rows, "past_auxiliary"),
        future_auxiliaries=_terms(term_rows, "future_auxiliary"),
        number_names=_terms(term_rows, "number_name"),
        attribution_after=_terms(term_rows, "attribution_after"),
        generic_descriptors=_terms(term_rows, "generic_descriptor"),
        postpositions=_terms(term_rows, "postposition"),
        function_words=tuple(row["term"] for row in term_rows if row["kind"] in FUNCTION_WORD_KINDS),
    )


def load_reference(seeds_dir: Path | None = None) -> Reference:
    """Load the vocabulary from `seeds_dir` (default: the project's seeds/), once per folder."""
    if seeds_dir is None:
        # already absolute; resolving it on every call cost callers per article (a dateline's
        # reading) more than their own work
        return _load(DEFAULT_SEEDS_DIR)
    return _load(Path(seeds_dir).resolve())
