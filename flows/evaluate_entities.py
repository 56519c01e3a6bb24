"""Score entity extraction against labelled Urdu NER data: precision, recall and F1 per type.

Two token-per-line formats are read, told apart from the tags themselves:

- CoNLL BIO (`word<TAB>B-NEP`): NEP person, NEL location, NEO organization; other tags (NEN
  number, NETI time, NEAR artifact...) are not scored.
- IO (`word<TAB>PERSON`): PERSON, LOCATION, ORGANIZATION, with no B-/I- prefixes, so adjacent
  tokens of one type form one entity.

A blank line ends a sentence. A sentence that does not end in a full stop or question mark is a
headline and starts a new document, so that the extractor sees each story whole (a later
"پزشکیان" is linked to the full name earlier in the same story, as in an article). Each token is
normalized on its own (IL-NER's underscores, which join the words of one token, become spaces)
and the tokens are joined with single spaces: labelled spans then have exact character offsets
in the text the extractor reads.

Entity-level scores: a prediction counts when its type and both ends equal a labelled entity's
(`strict`). `overlap` also counts a prediction of the right type that overlaps a labelled
entity (each labelled entity matched once), which shows how much of the strict loss is
disagreement over span edges.

Titles. The extractor keeps a title out of a person's name (صدر [بش]), and says where the title
words that style the name begin (offices, ranks, honorifics, with a demonym before them:
امریکی صدر بش; not a described position such as ترجمان). Labelled corpora differ: some put those
words inside the name ([صدر بش]). The file's own convention is read from its labels: of the
labelled names the extractor finds after a styling title, do more start at the title or at the
name? When at the title, predicted person spans are scored from the title's first word; when
not (or `titles="outside"`), as extracted. The report names the convention and the evidence, and
also gives the strict scores of the spans as extracted, so nothing is hidden by the choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from transforms.entities import ENTITY_TYPES, extract_entities_titled
from transforms.gazetteer import Gazetteer, load_gazetteer
from transforms.normalize import normalize

__all__ = ["Document", "Scores", "TypeScore", "format_report", "read_labelled", "score_entities"]

BIO_TYPES = {"NEP": "PERSON", "NEL": "LOCATION", "NEO": "ORGANIZATION"}
IO_TYPES = {t: t for t in ENTITY_TYPES}
SENTENCE_END = ("۔", "؟", "?", ".", "!")
_BIO_TAG = re.compile(r"^[BI]-")


@dataclass
class Document:
    """A rebuilt text and its labelled entities as (char_start, char_end, type)."""

    text: str
    gold: list[tuple[int, int, str]]


@dataclass
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    path: str
    format: str
    documents: int
    strict: dict[str, TypeScore]
    overlap: dict[str, TypeScore]
    missed: list[tuple[str, str]] = field(default_factory=list)  # (type, surface), strict
    spurious: list[tuple[str, str]] = field(default_factory=list)
    titles: str = "outside"  # where person spans were scored from: "inside" the title or "outside"
    title_evidence: tuple[int, int] = (0, 0)  # labelled names after a title: (from the title, from the name)
    extracted: dict[str, TypeScore] = field(default_factory=dict)  # strict, spans as extracted
    repaired: int = 0  # labelled spans read from leaked inline markup

    def micro(self, mode: str = "strict") -> TypeScore:
        table = self.strict if mode == "strict" else self.overlap
        return TypeScore(*(sum(getattr(s, a) for s in table.values()) for a in ("tp", "fp", "fn")))


def _read_sentences(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0].strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            current.append((parts[0].strip(), parts[-1].strip()))
    if current:
        sentences.append(current)
    return sentences


_MARKUP_TYPES = "|".join(IO_TYPES)
_OPEN_GLUED = re.compile(rf"^({_MARKUP_TYPES})>(.+)$", re.IGNORECASE)
_CLOSE = re.compile(rf"^/({_MARKUP_TYPES})$", re.IGNORECASE)
_CLOSE_GLUED = re.compile(rf"^(.*)</({_MARKUP_TYPES})>?$", re.IGNORECASE)


def _repair_markup(sentences: list[list[tuple[str, str]]]) -> tuple[list[list[tuple[str, str]]], int]:
    """Tokens an annotator wrapped in inline tags that leaked into the file, labelled as the tags say.

    In jahangir.io, some twenty names (مسلم لیگ ( ق), بی بی سی, سری نگر) were tagged as
    `< ORGANIZATION > ... </ORGANIZATION >` and the tags were then split into tokens of their own,
    labelled O with the words between them. Scored as they are, the file would count those names
    as unlabelled, and the tag tokens would sit in the text the extractor reads. The tags are
    dropped and the words between them given the tags' type; a tag may open in one sentence and
    close in the next. Returns the sentences and how many tagged spans were recovered.
    """
    repaired, open_type = 0, None
    repaired_sentences = []
    for sentence in sentences:
        words = list(sentence)
        kept: list[tuple[str, str]] = []
        i = 0
        while i < len(words):
            word, tag = words[i]
            after = [w for w, _ in words[i + 1 : i + 3]]
            if word == "<" and len(after) == 2 and after[0].upper() in IO_TYPES and after[1] == ">":
                open_type, i = after[0].upper(), i + 3
                continue
            if word == "<" and after and (glued := _OPEN_GLUED.match(after[0])):
                open_type = glued.group(1).upper()
                words[i + 1] = (glued.group(2), words[i + 1][1])
                i += 1
                continue
            closing = _CLOSE.match(after[0]) if word == "<" and after else None
            glued = None if closing else _CLOSE_GLUED.match(word)
            if closing or glued:
                if glued and glued.group(1):
                    kept.append((glued.group(1), open_type or tag))
                repaired += open_type is not None
                open_type = None
                i += 2 if closing else 1
                while i < len(words) and words[i][0] == ">":
                    i += 1
                continue
            kept.append((word, open_type or tag))
            i += 1
        if kept:
            repaired_sentences.append(kept)
    return repaired_sentences, repaired


def detect_format(sentences: list[list[tuple[str, str]]]) -> str:
    """'bio' when any tag carries a B-/I- prefix, else 'io'."""
    return "bio" if any(_BIO_TAG.match(tag) for s in sentences for _, tag in s) else "io"


def _entity_type(tag: str, fmt: str) -> tuple[str | None, bool]:
    """The scored type of a tag (None if not scored) and whether it begins an entity (B-)."""
    if fmt == "bio":
        if not _BIO_TAG.match(tag):
            return None, False
        return BIO_TYPES.get(tag[2:]), tag.startswith("B-")
    return IO_TYPES.get(tag), False


def _token_text(token: str) -> str:
    text = normalize(token.replace("_", " ")).replace("\n", " ").strip()
    return text or token


def read_labelled(path: Path | str) -> tuple[str, list[Document], int]:
    """The file's format, its documents rebuilt as text with labelled character spans, and how
    many of those spans were read from leaked inline markup (`_repair_markup`)."""
    sentences, repaired = _repair_markup(_read_sentences(Path(path)))
    fmt = detect_format(sentences)
    documents: list[Document] = []
    parts: list[str] = []
    gold: list[tuple[int, int, str]] = []
    length = 0

    def flush() -> None:
        nonlocal parts, gold, length
        if parts:
            documents.append(Document("".join(parts), gold))
        parts, gold, length = [], [], 0

    for sentence in sentences:
        words = [w for w, _ in sentence]
        is_headline = not words[-1].endswith(SENTENCE_END)
        if is_headline and parts:
            flush()
        if parts:
            parts.append("\n")
            length += 1
        open_span: list | None = None
        for index, (word, tag) in enumerate(sentence):
            text = _token_text(word)
            if index:
                parts.append(" ")
                length += 1
            start, end = length, length + len(text)
            parts.append(text)
            length = end
            kind, begins = _entity_type(tag, fmt)
            if kind is not None and open_span is not None and open_span[2] == kind and not begins:
                open_span[1] = end
            else:
                if open_span is not None:
                    gold.append(tuple(open_span))
                open_span = [start, end, kind] if kind is not None else None
        if open_span is not None:
            gold.append(tuple(open_span))
    flush()
    return fmt, documents, repaired


Span = tuple[int, int, str]
TITLE_CONVENTIONS = ("auto", "inside", "outside")


def _predict(doc: Document, gazetteer: Gazetteer) -> tuple[set[Span], set[Span]]:
    """The extractor's spans as extracted, and with person spans started at their styling title."""
    plain: set[Span] = set()
    titled: set[Span] = set()
    for entity, title in extract_entities_titled(doc.text, gazetteer):
        span = (entity.char_start, entity.char_end, entity.entity_type)
        plain.add(span)
        titled.add((title, entity.char_end, entity.entity_type) if entity.entity_type == "PERSON" else span)
    return plain, titled


def title_evidence(documents: list[Document], predictions: list[tuple[set[Span], set[Span]]]) -> tuple[int, int]:
    """Labelled persons the extractor found after a styling title: (labelled from the title, from the name)."""
    inside = outside = 0
    for doc, (plain, titled) in zip(documents, predictions):
        gold = set(doc.gold)
        for span in titled - plain:
            if span in gold:
                inside += 1
        for span in plain - titled:
            if span in gold:
                outside += 1
    return inside, outside


def _score(documents, predictions, strict, overlap=None, scores=None, examples=0) -> None:
    for doc, predicted in zip(documents, predictions):
        gold = set(doc.gold)
        for start, end, kind in predicted:
            if (start, end, kind) in gold:
                strict[kind].tp += 1
            else:
                strict[kind].fp += 1
                if scores is not None and len(scores.spurious) < examples:
                    scores.spurious.append((kind, doc.text[start:end]))
        for start, end, kind in gold - predicted:
            strict[kind].fn += 1
            if scores is not None and len(scores.missed) < examples:
                scores.missed.append((kind, doc.text[start:end]))
        if overlap is None:
            continue
        # overlap: each labelled entity matched at most once, by a prediction of its type
        unmatched = sorted(gold)
        for start, end, kind in sorted(predicted):
            hit = next((g for g in unmatched if g[2] == kind and g[0] < end and start < g[1]), None)
            if hit is None:
                overlap[kind].fp += 1
            else:
                overlap[kind].tp += 1
                unmatched.remove(hit)
        for _, _, kind in unmatched:
            overlap[kind].fn += 1


def score_entities(path: Path | str, gazetteer: Gazetteer | None = None, examples: int = 50, titles: str = "auto") -> Scores:
    """Per-type precision, recall and F1 of the extractor on one labelled file.

    `titles` is the labelling convention for person spans: "inside" (scored from the styling
    title), "outside" (as extracted), or "auto" (read from the file's labels; see the module).
    """
    if titles not in TITLE_CONVENTIONS:
        raise ValueError(f"titles must be one of {TITLE_CONVENTIONS}")
    gazetteer = gazetteer or load_gazetteer()
    fmt, documents, repaired = read_labelled(path)
    predictions = [_predict(doc, gazetteer) for doc in documents]
    evidence = title_evidence(documents, predictions)
    if titles == "auto":
        titles = "inside" if evidence[0] > evidence[1] else "outside"
    strict = {t: TypeScore() for t in ENTITY_TYPES}
    overlap = {t: TypeScore() for t in ENTITY_TYPES}
    extracted = {t: TypeScore() for t in ENTITY_TYPES}
    scores = Scores(str(path), fmt, len(documents), strict, overlap, titles=titles, title_evidence=evidence, extracted=extracted, repaired=repaired)
    chosen = [titled if titles == "inside" else plain for plain, titled in predictions]
    _score(documents, chosen, strict, overlap, scores, examples)
    _score(documents, [plain for plain, _ in predictions], extracted)
    return scores


def _row(name: str, score: TypeScore) -> str:
    return (
        f"{name:<14}{score.precision:>7.1%}{score.recall:>8.1%}{score.f1:>8.1%}"
        f"{score.tp:>7}{score.fp:>7}{score.fn:>7}"
    )


def format_report(scores: Scores, examples: int = 10) -> str:
    """A plain-text table of the scores, strict and overlap, with a few errors of each kind."""
    lines = [f"{scores.path} ({scores.format.upper()}, {scores.documents} documents)"]
    if scores.repaired:
        lines.append(f"  {scores.repaired} labelled spans read from inline tags the file leaked (< ORGANIZATION > ... </ORGANIZATION >)")
    inside, outside = scores.title_evidence
    where = "from the styling title (صدر بش)" if scores.titles == "inside" else "as extracted, without titles"
    lines.append(
        f"  person spans scored {where}: of the labelled names found after a title, "
        f"{inside} start at the title, {outside} at the name"
    )
    for mode, table in (("strict", scores.strict), ("overlap", scores.overlap)):
        lines.append(f"  {mode}: {'type':<12}{'P':>5}{'R':>8}{'F1':>8}{'TP':>7}{'FP':>7}{'FN':>7}")
        for kind in ENTITY_TYPES:
            lines.append("    " + _row(kind, table[kind]))
        lines.append("    " + _row("all (micro)", scores.micro(mode)))
    if scores.titles == "inside" and scores.extracted:
        extracted = scores.extracted["PERSON"]
        lines.append(
            f"  strict PERSON as extracted (titles outside): P {extracted.precision:.1%} "
            f"R {extracted.recall:.1%} F1 {extracted.f1:.1%}"
        )
    if scores.missed and examples:
        lines.append("  missed: " + " | ".join(f"{k[:3]} {s}" for k, s in scores.missed[:examples]))
    if scores.spurious and examples:
        lines.append("  spurious: " + " | ".join(f"{k[:3]} {s}" for k, s in scores.spurious[:examples]))
    return "\n".join(lines)
