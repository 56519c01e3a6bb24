"""Extraction's cost and yield on a corpus: articles per second, and fields per 1,000 words.

Each `*.txt` file goes through the pipeline's own steps (decode, normalize, parse: the body the
warehouse would hold, and its dateline), built outside the timing; then
`transforms.fields.extract_fields` runs over all the bodies `repeat` times, given their
datelines as a batch gives them, and the best CPU time counts (the first run pays for loading
the reference data, which a worker process pays once). The yield is what an analyst would find
in the warehouse: entities by type, quantities by kind and date mentions, per 1,000 words of
body (`articles.word_count`'s words).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from flows.evaluate_fields import parse_file
from transforms.article import text_stats
from transforms.fields import extract_fields
from transforms.reference import load_reference


@dataclass(frozen=True)
class ExtractBench:
    articles: int
    words: int
    megabytes: float
    cpu_seconds: float  # the best run over all bodies
    counts: dict[str, Counter]  # table -> {entity type, quantity kind or "all": rows}

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.cpu_seconds if self.cpu_seconds else float("inf")

    def per_thousand_words(self, table: str, key: str) -> float:
        return 1000 * self.counts[table][key] / self.words if self.words else 0.0


def load_articles(corpus: Path, datelines: dict[str, str | None] | None = None) -> list[tuple[str, str]]:
    """(file name, normalized body) of every readable article under `corpus` (or its `articles/`),
    and into `datelines`, if given, the place each one's dateline names."""
    corpus = Path(corpus)
    folder = corpus / "articles" if (corpus / "articles").is_dir() else corpus
    reference = load_reference()
    articles = []
    for path in sorted(p for p in folder.rglob("*.txt") if p.is_file()):
        parsed, _ = parse_file(path, reference)
        if parsed is not None and parsed.body:
            articles.append((path.name, parsed.body))
            if datelines is not None:
                datelines[path.name] = parsed.dateline_city
    if not articles:
        raise FileNotFoundError(f"no readable articles in *.txt files under {folder}")
    return articles


def bench_extract(corpus: Path, repeat: int = 3) -> ExtractBench:
    datelines: dict[str, str | None] = {}
    articles = load_articles(corpus, datelines)
    best = float("inf")
    for _ in range(max(repeat, 1)):
        started = time.process_time()
        entities, quantities, dates = extract_fields(articles, datelines=datelines)
        best = min(best, time.process_time() - started)
    counts = {
        "entities": Counter(entities.column("entity_type").to_pylist()),
        "quantities": Counter(quantities.column("kind").to_pylist()),
        "date_mentions": Counter({"all": dates.num_rows}),
    }
    for table in ("entities", "quantities"):
        counts[table]["all"] = sum(counts[table].values())
    words = sum(text_stats(body).word_count for _, body in articles)
    size = sum(len(body.encode("utf-8")) for _, body in articles) / 1e6
    return ExtractBench(len(articles), words, size, best, counts)


def print_extract_report(bench: ExtractBench, console) -> None:
    from rich.table import Table

    console.print(f"{bench.articles:,} articles, {bench.words:,} words, {bench.megabytes:.2f} MB of bodies", highlight=False)
    console.print(f"extraction: {bench.cpu_seconds:.3f} CPU s (best run) = {bench.articles_per_second:,.0f} articles/s "
                  f"({1e6 * bench.cpu_seconds / bench.articles:,.0f} µs an article) on one core", highlight=False)
    table = Table("table", "kind", "rows", "per 1,000 words", title="What extraction found")
    for name, kinds in bench.counts.items():
        for kind in sorted(kinds, key=lambda k: (k == "all", k)):
            table.add_row(name, kind, f"{kinds[kind]:,}", f"{bench.per_thousand_words(name, kind):.2f}")
    console.print(table)
