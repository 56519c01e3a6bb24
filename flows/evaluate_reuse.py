"""Score the reuse links against a corpus of labelled source/derived pairs (COUNTER's layout).

The corpus folder holds `articles/NNNN.txt` (an agency story), `articles/NNNNp.txt` (a
newspaper story and its pair) and `key.jsonl` with one line per file: `file`, `pair` and
`reuse_class` (WD wholly derived, PD partly derived, ND not derived). Which file of a pair is
the derived one is read from the name (a trailing `p` or `P`), since that is how the corpus is
built.

The files go through the pipeline's own steps: `read_new` (decoding), `stage_articles`
(normalization, parsing, content hash) into an in-memory warehouse with the real DDL, then
`link_batch` over all of them, in the order the nightly flow would ingest them. So the score is
the score of what the warehouse would hold.

Scoring, per pair:
- The derived article counts as linked to its source when its `reuse_of` lies in the source's
  story (`story_articles`), which is what an analyst sees in `stories`. Agency sources are
  sometimes filed twice, nearly word for word; a newspaper story that links to the other
  filing, or to the earliest of them, has found its story, and is counted correct. The report
  also gives the stricter count, links straight to the source only.
- WD and PD pairs are positives: linked is a true positive, anything else a false negative
  (also when the derived article links to another story, or a file could not be loaded).
- ND pairs are negatives: linked is a false positive. An ND article linked to some other
  story is not counted against the links: the key says nothing about that story.
- "WD alone" scores the WD pairs as positives against the same ND negatives.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from flows import warehouse
from flows.ingest_files import discover, read_new
from flows.reuse_index import link_batch
from flows.schemas import ARTICLES
from transforms.reference import load_reference
from transforms.stage import stage_articles

POSITIVE = ("WD", "PD")
NEGATIVE = "ND"
RUN_ID = "evaluate-reuse"


@dataclass(frozen=True)
class PRF:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        linked = self.true_positives + self.false_positives
        return self.true_positives / linked if linked else 0.0

    @property
    def recall(self) -> float:
        positives = self.true_positives + self.false_negatives
        return self.true_positives / positives if positives else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class PairResult:
    pair: int
    reuse_class: str
    source: str
    derived: str
    linked: bool  # the derived article's reuse_of lies in its source's story
    linked_directly: bool  # its reuse_of is the source itself
    linked_elsewhere: bool  # it links to an article of another story
    missing: bool  # a file of the pair is not in the warehouse (unreadable, undated)


@dataclass
class ReuseScores:
    pairs: list[PairResult]
    articles: int  # loaded into the warehouse
    links: int  # articles with a source, pairs or not
    seconds: float
    classes: Counter = field(default_factory=Counter)

    def _prf(self, positive: tuple[str, ...], directly: bool = False) -> PRF:
        linked = [(p, p.linked_directly if directly else p.linked) for p in self.pairs]
        tp = sum(1 for p, hit in linked if p.reuse_class in positive and hit)
        fn = sum(1 for p, hit in linked if p.reuse_class in positive and not hit)
        fp = sum(1 for p, hit in linked if p.reuse_class == NEGATIVE and hit)
        return PRF(tp, fp, fn)

    @property
    def derived(self) -> PRF:
        """WD and PD pairs against ND pairs."""
        return self._prf(POSITIVE)

    @property
    def derived_directly(self) -> PRF:
        """WD and PD pairs against ND pairs, counting only links straight to the source."""
        return self._prf(POSITIVE, directly=True)

    @property
    def wholly_derived(self) -> PRF:
        """WD pairs against ND pairs."""
        return self._prf(("WD",))

    @property
    def nd_unlinked(self) -> float:
        negatives = [p for p in self.pairs if p.reuse_class == NEGATIVE]
        return sum(1 for p in negatives if not p.linked) / len(negatives) if negatives else 0.0


def _read_key(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _is_derived(file_name: str) -> bool:
    return Path(file_name).stem.lower().endswith("p")


def load_corpus(connection, articles_dir: Path) -> dict[str, str]:
    """Load every article file as the nightly flow would; return file name -> article_id."""
    at = datetime.now(timezone.utc)
    files = discover([articles_dir])
    ingested = read_new(files, set(), RUN_ID, at)
    rows, _ = stage_articles(ingested.raw, load_reference())
    table = pa.Table.from_pylist([dict(row, run_id=RUN_ID, ingested_at=at) for row in rows], schema=ARTICLES)
    warehouse.insert(connection, "articles", table)
    names = {f.uri: Path(f.path).name for f in files}
    return {names[row["source_uri"]]: row["article_id"] for row in rows}


def score_reuse(corpus_dir: Path) -> ReuseScores:
    """Load the corpus into a fresh in-memory warehouse, link it, and score the pairs."""
    corpus_dir = Path(corpus_dir)
    key = _read_key(corpus_dir / "key.jsonl")
    connection = duckdb.connect()
    try:
        warehouse.apply_ddl(connection)
        ids = load_corpus(connection, corpus_dir / "articles")
        started = time.perf_counter()
        link_batch(connection, list(ids.values()))
        seconds = time.perf_counter() - started
        story = dict(connection.execute("SELECT article_id, story_id FROM story_articles").fetchall())
        reuse_of = dict(connection.execute("SELECT article_id, reuse_of FROM articles").fetchall())
    finally:
        connection.close()

    by_pair: dict[int, dict[str, dict]] = {}
    for entry in key:
        by_pair.setdefault(entry["pair"], {})["derived" if _is_derived(entry["file"]) else "source"] = entry
    pairs = []
    for number, members in sorted(by_pair.items()):
        if set(members) != {"source", "derived"}:
            continue
        source, derived = members["source"]["file"], members["derived"]["file"]
        source_id, derived_id = ids.get(source), ids.get(derived)
        target = reuse_of.get(derived_id) if derived_id else None
        linked = target is not None and source_id is not None and story.get(target) == story.get(source_id)
        pairs.append(
            PairResult(
                pair=number,
                reuse_class=members["derived"]["reuse_class"],
                source=source,
                derived=derived,
                linked=linked,
                linked_directly=target is not None and target == source_id,
                linked_elsewhere=target is not None and not linked,
                missing=source_id is None or derived_id is None,
            )
        )
    return ReuseScores(
        pairs=pairs,
        articles=len(ids),
        links=sum(1 for v in reuse_of.values() if v is not None),
        seconds=round(seconds, 3),
        classes=Counter(p.reuse_class for p in pairs),
    )


def format_report(scores: ReuseScores) -> str:
    """Precision, recall and F1 for WD+PD against ND and for WD alone, then the counts behind them."""
    lines = [f"{'':<16}{'precision':>10}{'recall':>8}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}"]
    rows = (("WD+PD vs ND", scores.derived), ("WD vs ND", scores.wholly_derived), ("  direct links", scores.derived_directly))
    for label, prf in rows:
        lines.append(
            f"{label:<16}{prf.precision:>10.3f}{prf.recall:>8.3f}{prf.f1:>7.3f}"
            f"{prf.true_positives:>5}{prf.false_positives:>5}{prf.false_negatives:>5}"
        )
    classes = ", ".join(f"{name} {scores.classes[name]}" for name in ("WD", "PD", "ND"))
    lines.append("(direct links: WD+PD vs ND, only links straight to the source count)")
    lines.append(f"pairs: {len(scores.pairs)} ({classes}); ND pairs left unlinked: {scores.nd_unlinked:.1%}")
    missing = [p for p in scores.pairs if p.missing]
    elsewhere = [p for p in scores.pairs if p.linked_elsewhere]
    lines.append(
        f"articles loaded: {scores.articles}, linked to an earlier article: {scores.links}, "
        f"linking took {scores.seconds:.2f} s"
    )
    lines.append(f"pairs with a file not loaded: {len(missing)}" + (f" ({', '.join(p.source for p in missing)})" if missing else ""))
    lines.append(
        f"derived articles linked to another story: {len(elsewhere)} "
        f"({sum(1 for p in elsewhere if p.reuse_class != NEGATIVE)} of them WD/PD)"
    )
    return "\n".join(lines)
