"""The reference lists entity extraction reads, compiled once into one Aho-Corasick automaton.

Names, titles and cue words are data in `seeds/`, not code, so they grow without a code change:

- `places.csv` (`name,kind,canonical,code,ambiguous,note`): countries (CLDR's Urdu names plus
  the spellings news uses), regions, provinces, states, cities and districts, and demonyms
  (`kind=demonym`, e.g. امریکی: not a place themselves, but evidence for one).
- `organizations.csv` (`name,kind,canonical,ambiguous,note`): international and regional bodies,
  ministries, courts, parties, armed groups, companies, media.
- `agencies.csv` (the article parser's list): agencies, broadcasters and news services are
  organizations too; desks and reporter roles are not.
- `persons.csv` (`name,kind,canonical,ambiguous,note`): well-known people (`person`), and the
  name parts that let unknown people be recognised: `given_name`, `family_name`, `name_part`
  (the second half of Arabic compound names: انعام الحق).
- `titles.csv` (`title,kind,note`): offices, ranks, honorifics and roles that announce a name
  and are not part of it, modifiers (سابق، نائب), and `name_prefix` (چوہدری، میاں, which are).
  Offices, ranks, religious titles and honorifics style a name (صدر بش); `role` (ترجمان,
  رہنما), `occupation` (اداکارہ) and `descriptor` (سالہ, شخص) only describe the person.
- `entity_cues.csv` (`term,kind,note`): words around names: `person_after` (نے کہا), the head
  and tail words of organization and place names, directions, Latin letter names for acronyms,
  and `function_word`/`verb`/`common_word`, the ordinary words that never belong to a name,
  and `noun`, those that belong to no person's or place's name but may stand inside an
  organization's (نیشنل سیکیورٹی ایجنسی, پاکستان فٹ بال فیڈریشن, وزارت توانائی);
  `not_name` phrases hold a name in an ordinary sense (بے چین "restless", سپلائی چین, تقسیم ہند)
  and keep the words they cover from every rule; `org_type` words (جریدہ, کمپنی) and
  `person_noun` words (شخص, خاتون) say what the name next to them names; `name_joiner` words
  (بن "son of", بھائی and بائی in Gujarati and Marathi names) stand inside a person's name
  between two of its parts; `kin_noun` words (بیٹے, بیوی, ساس) name the relative after them;
  `area_noun` words (علاقے) after کے make the name before them a place's (اعظم ورسک کے علاقے),
  and `plural_institution` words (اسکولوں) make a list of names before them the institutions';
  a maker's name before a `product_noun` (جہاز, کار) or a model number names the product;
  unlisted initials before کے and a `member_noun` (ترجمان, ارکان, اہلکاروں) are a body's.
  Unknown words before نے and a `tally_noun` (رنز, وکٹیں, گول) after a number name a player;
  a `tally_noun` or a `sport_noun` (ٹینس, فائنل) makes a story a sports story.
  A `venue` phrase (سٹیڈیم, انٹرنیشنل کرکٹ سٹیڈیم) makes the name before it a venue's, a place.
- `urdu_terms.csv`: its function words (postpositions, copulas, verbs, pronouns...) too.
- `common_words.csv` (`term,kind,note`): the ordinary vocabulary of news that is never a
  person's or a place's name: `noun` and `adjective` (they may still stand in an
  organization's name, as in قومی احتساب بیورو, but never name one alone), `adverb` (never in
  any name) and `verb` (ends a name: مشرف نظر آئے).
- `calendar_months.csv` (the date reader's list): a month's name that is no one's (all but those
  marked `ambiguous`, such as جون "June" and "Jon") is an ordinary noun (ایڈورڈ سنوڈن جون میں).

`ambiguous=yes` marks entries that are also ordinary words (شام "Syria" and "evening", ہوائی
"Hawaii" and "aerial"); the extractor takes them only with support from the text (a person's
one-word name, غالب "dominant", only alone before a postposition: غالب کی غزل, not غالب امکان). A name that is
nearly always a name (چین "China") is not marked; the `not_name` phrases cover its other senses.

Every entry is matched on its key: normalized, diacritics and ZWNJ dropped, punctuation as
spaces, single-spaced; a multi-word place, organization, person or title also gets its spaceless key
(اسلام آباد / اسلامآباد), because Urdu news writes compounds both ways.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

from transforms.normalize import normalize
from transforms.offsets import flatten, key_text
from transforms.reference import DEFAULT_SEEDS_DIR, load_reference

__all__ = [
    "Entry",
    "Gazetteer",
    "NAMED_CATEGORIES",
    "load_gazetteer",
    "phrase_key",
    "FUNCTION",
    "COMMON",
    "GIVEN",
    "GIVEN_AMBIGUOUS",
    "FAMILY",
    "NAME_PART",
    "LETTER",
    "PLACE_HEAD",
    "PLACE_TAIL",
    "ORG_TAIL",
    "ORG_HEAD",
    "NUMBER_WORD",
    "ORG_CONNECTOR",
    "VERB",
    "NOUN",
    "ORG_TYPE",
    "PERSON_NOUN",
    "ORG_MODIFIER",
    "NAME_JOINER",
    "KIN",
    "AREA_NOUN",
    "PLURAL_INSTITUTION",
    "PRODUCT_NOUN",
    "MEMBER_NOUN",
    "TALLY_NOUN",
    "SPORT_NOUN",
]

PLACES_FILE = "places.csv"
ORGANIZATIONS_FILE = "organizations.csv"
PERSONS_FILE = "persons.csv"
TITLES_FILE = "titles.csv"
CUES_FILE = "entity_cues.csv"
COMMON_WORDS_FILE = "common_words.csv"
NUMBER_WORDS_FILE = "number_words.csv"
MONTHS_FILE = "calendar_months.csv"
AGENCY_KINDS_AS_ORGANIZATIONS = ("agency", "broadcaster", "outlet_service")

# Word classes of single tokens, as bit flags.
FUNCTION = 1
COMMON = 2
GIVEN = 4
GIVEN_AMBIGUOUS = 8
FAMILY = 16
NAME_PART = 32
LETTER = 64
PLACE_HEAD = 128
PLACE_TAIL = 256
ORG_TAIL = 512
ORG_HEAD = 1024
NUMBER_WORD = 2048
ORG_CONNECTOR = 4096
VERB = 8192
NOUN = 16384  # an ordinary noun or adjective: no person's or place's name, maybe part of an organization's
ORG_TYPE = 32768  # a kind of organization that names one in apposition: جریدے دی لینسٹ
PERSON_NOUN = 65536  # a word for a person: X نامی شخص
ORG_MODIFIER = 131072  # an adjective that may open an organization's name: مرکزی, قومی
NAME_JOINER = 262144  # a word that joins two parts of one person's name: ولبھ بھائی پٹیل, فیصل بن عبدالعزیز
KIN = 524288  # a word for a relative, which names the person after it: بیٹے اذان سے
# (bits 20-22 are the extractor's own: digits, Latin letters, a postposition run into a word)
AREA_NOUN = 1 << 23  # "area": X کے علاقے names a place's X, not a person's
PLURAL_INSTITUTION = 1 << 24  # schools, hospitals...: X ، Y اور Z طبی اسکولوں name institutions
PRODUCT_NOUN = 1 << 25  # a kind of product: a maker's name before it names the product (بوئنگ جہاز)
MEMBER_NOUN = 1 << 26  # a member or officer of a body: initials before "کے" and it are the body's (X کے ترجمان)
TALLY_NOUN = 1 << 27  # what a player scores or takes: X Y نے 52 رنز names a player
SPORT_NOUN = 1 << 28  # a game or its contests (ٹینس, فائنل): the story is a sports story
WORK_NOUN = 1 << 29  # a film, a play, a book, a song: a name right after it is the work's title (فلم بھویش جوشی)

_COMMON_WORD_FLAGS = {"noun": NOUN, "adjective": NOUN, "adverb": COMMON, "verb": VERB | FUNCTION}

_CUE_FLAGS = {
    "function_word": FUNCTION,
    "common_word": COMMON,
    "noun": NOUN,  # an ordinary word that may stand inside an organization's name (سیکیورٹی, بال)
    "letter_name": LETTER,
    "place_head": PLACE_HEAD,
    "place_tail": PLACE_TAIL,
    "org_tail": ORG_TAIL,
    "org_head": ORG_HEAD,
    "org_connector": ORG_CONNECTOR,
    "verb": VERB | FUNCTION,
    "org_type": ORG_TYPE,
    "person_noun": PERSON_NOUN,
    "org_modifier": ORG_MODIFIER,
    "name_joiner": NAME_JOINER,
    "kin_noun": KIN,
    "area_noun": AREA_NOUN,
    "plural_institution": PLURAL_INSTITUTION,
    "product_noun": PRODUCT_NOUN,
    "member_noun": MEMBER_NOUN,
    "tally_noun": TALLY_NOUN,
    "sport_noun": SPORT_NOUN,
    "work_noun": WORK_NOUN,
}
# Cue kinds that are phrases, found by the automaton.
_CUE_PHRASES = ("person_after", "org_after_place", "org_before_place", "org_of_person", "direction", "acronym_not_org", "venue", "prize", "place_noun")

# The order in which the extractor reads a match's entries: BLOCK, a phrase that uses a name in
# an ordinary sense (بے چین, ایجنسیاں), wins over a name; cue phrases name nothing.
NAMED_CATEGORIES = ("BLOCK", "ORGANIZATION", "LOCATION", "PERSON", "TITLE", "DEMONYM")


def _ranked(entries: list[Entry]) -> tuple[Entry, ...]:
    """A match's named entries, in `NAMED_CATEGORIES` order (in file order within a category)."""
    return tuple(sorted((e for e in entries if e.category in NAMED_CATEGORIES), key=lambda e: NAMED_CATEGORIES.index(e.category)))


def phrase_key(text: str) -> str:
    """The form a reference entry is matched in: normalized, keyed, flattened, single-spaced."""
    return " ".join(flatten(key_text(normalize(text))).split())


@dataclass(frozen=True)
class Entry:
    """One reference entry: what it names (`category`), how, and its canonical name."""

    category: str  # LOCATION, ORGANIZATION, PERSON, TITLE, DEMONYM, CUE or BLOCK
    kind: str  # the seeds file's kind (country, ministry, office, person_after, ...)
    canonical: str
    code: str = ""  # ISO 3166 code of the place's country, where known
    ambiguous: bool = False


@dataclass
class Gazetteer:
    """The compiled reference data: one automaton for phrases, one dict for single-word classes."""

    automaton: ahocorasick.Automaton
    word_flags: dict[str, int]
    number_words: frozenset[str]
    entries: int = 0
    person_canonicals: dict[str, str] = field(default_factory=dict)
    # an organization's key -> its canonical name, for names the extractor assembles from parts
    # (مسلم لیگ + "( ق )" is مسلم لیگ ق, listed as پاکستان مسلم لیگ ق)
    org_canonicals: dict[str, str] = field(default_factory=dict)
    token_cache: dict[str, int] = field(default_factory=dict, repr=False)  # for the extractor
    split_cache: dict[str, tuple] = field(default_factory=dict, repr=False)  # for the extractor: words typed together
    title_cuts: dict[str, int] = field(default_factory=dict, repr=False)  # for the extractor: titles typed onto names

    def flags(self, token: str) -> int:
        return self.word_flags.get(token, 0)


def _rows(path: Path, key_column: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if key_column not in (reader.fieldnames or ()) or "kind" not in (reader.fieldnames or ()):
            raise ValueError(f"{path.name} needs columns {key_column} and kind")
        return [
            {k: (v or "").strip() for k, v in row.items() if k}
            for row in reader
            if (row.get(key_column) or "").strip()
        ]


def _add(table: dict[str, list[Entry]], name: str, entry: Entry, joined: bool = False) -> None:
    key = phrase_key(name)
    if not key:
        return
    keys = [key]
    if joined and " " in key:
        keys.append(key.replace(" ", ""))
    for k in keys:
        bucket = table.setdefault(k, [])
        if entry not in bucket:
            bucket.append(entry)


def _build(seeds_dir: Path) -> Gazetteer:
    table: dict[str, list[Entry]] = {}
    flags: dict[str, int] = {}

    def flag(word: str, bit: int) -> None:
        key = phrase_key(word)
        if key and " " not in key:
            flags[key] = flags.get(key, 0) | bit

    for row in _rows(seeds_dir / PLACES_FILE, "name"):
        category = "DEMONYM" if row["kind"] == "demonym" else "LOCATION"
        canonical = normalize(row.get("canonical") or row["name"])
        entry = Entry(category, row["kind"], canonical, row.get("code", ""), row.get("ambiguous") == "yes")
        _add(table, row["name"], entry, joined=category == "LOCATION")

    org_canonicals: dict[str, str] = {}
    for row in _rows(seeds_dir / ORGANIZATIONS_FILE, "name"):
        canonical = normalize(row.get("canonical") or row["name"])
        _add(table, row["name"], Entry("ORGANIZATION", row["kind"], canonical, "", row.get("ambiguous") == "yes"), joined=True)
        org_canonicals.setdefault(phrase_key(row["name"]), canonical)

    reference = load_reference(seeds_dir)
    for name, kind, canonical in reference.agency_kinds:
        if kind in AGENCY_KINDS_AS_ORGANIZATIONS:
            _add(table, name, Entry("ORGANIZATION", kind, normalize(canonical)), joined=True)
    for word in reference.function_words:
        flag(word, FUNCTION)
    for row in _rows(seeds_dir / "urdu_terms.csv", "term"):
        if row["kind"] in ("verb", "copula"):
            flag(row["term"], VERB | FUNCTION)

    person_canonicals: dict[str, str] = {}
    for row in _rows(seeds_dir / PERSONS_FILE, "name"):
        kind, ambiguous = row["kind"], row.get("ambiguous") == "yes"
        if kind == "person":
            canonical = normalize(row.get("canonical") or row["name"])
            _add(table, row["name"], Entry("PERSON", kind, canonical, "", ambiguous), joined=True)
            if not ambiguous:
                person_canonicals[phrase_key(row["name"])] = canonical
        elif kind == "given_name":
            flag(row["name"], GIVEN_AMBIGUOUS if ambiguous else GIVEN)
        elif kind == "family_name":
            flag(row["name"], FAMILY)
        elif kind == "name_part":
            flag(row["name"], NAME_PART)

    for row in _rows(seeds_dir / TITLES_FILE, "title"):
        # وزیر دفاع / وزیردفاع: compound titles are written both ways too
        _add(table, row["title"], Entry("TITLE", row["kind"], normalize(row["title"])), joined=True)

    for row in _rows(seeds_dir / CUES_FILE, "term"):
        kind = row["kind"]
        if kind in _CUE_FLAGS:
            flag(row["term"], _CUE_FLAGS[kind])
        if kind in _CUE_PHRASES or (kind in ("place_head", "org_head") and " " in phrase_key(row["term"])):
            _add(table, row["term"], Entry("CUE", kind, normalize(row["term"])))
        elif kind == "not_name":
            _add(table, row["term"], Entry("BLOCK", kind, normalize(row["term"])))

    for row in _rows(seeds_dir / COMMON_WORDS_FILE, "term"):
        if row["kind"] in _COMMON_WORD_FLAGS:
            flag(row["term"], _COMMON_WORD_FLAGS[row["kind"]])

    with (seeds_dir / MONTHS_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row.get("ambiguous") or "").strip() != "yes":
                flag(row["name"], NOUN)

    number_words = set()
    for row in _rows(seeds_dir / NUMBER_WORDS_FILE, "word"):
        key = phrase_key(row["word"])
        if key:
            number_words.add(key)
            flags[key] = flags.get(key, 0) | NUMBER_WORD

    automaton = ahocorasick.Automaton()
    for key, entries in table.items():
        # what the extractor needs of a match: its length, named entries in the order it reads
        # them, words, and cue kinds
        cue_kinds = tuple(e.kind for e in entries if e.category == "CUE")
        automaton.add_word(f" {key} ", (len(key), _ranked(entries), key.count(" ") + 1, cue_kinds))
    automaton.make_automaton()
    return Gazetteer(automaton, flags, frozenset(number_words), len(table), person_canonicals, org_canonicals)


def place_country(gazetteer: Gazetteer, name: str | None) -> str:
    """The ISO 3166 code of the country of a listed place (لاہور -> PK, ممبئی -> IN), or ""."""
    match = gazetteer.automaton.get(f" {phrase_key(name)} ", None) if name else None
    return next((e.code for e in match[1] if e.category == "LOCATION" and e.code), "") if match else ""


@lru_cache(maxsize=4)
def _load(seeds_dir: Path) -> Gazetteer:
    return _build(seeds_dir)


def load_gazetteer(seeds_dir: Path | str | None = None) -> Gazetteer:
    """The compiled reference data from `seeds_dir` (default: the project's seeds/), built once."""
    return _load(Path(seeds_dir or DEFAULT_SEEDS_DIR).resolve())
