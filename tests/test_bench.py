"""The bench: its corpus, its memory sampler, its raw floor, three real runs, and the normalizer comparison."""

import io
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from rich.console import Console
from typer.testing import CliRunner

from flows.bench import STAGES, bench_app, bench_pipeline, build_corpus, print_pipeline_report, raw_floor
from flows.bench_normalize import AKHBAR, ALL_SHARED, URDUHACK, URDUNORM, agreement, load_bodies
from flows.peak_memory import TreeRSSSampler, process_tree
from transforms.normalize import match_key

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "articles"
HEADER = re.compile(r"^ ?date \d{4}-\d{2}-\d{2} \S")
MiB = 1 << 20


def _body(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").partition("\n")[2].split())


def test_the_corpus_is_the_same_for_a_seed_and_its_articles_are_distinct_and_in_the_seed_format(tmp_path):
    first = build_corpus(SEEDS, tmp_path / "a", 40, seed=7)
    again = build_corpus(SEEDS, tmp_path / "b", 40, seed=7)
    other = build_corpus(SEEDS, tmp_path / "c", 40, seed=8)
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in again]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]

    # Two originals make forty articles, every body a different text, each with a date line.
    assert len({_body(p) for p in first}) == 40
    for path in first:
        text = path.read_text(encoding="utf-8")
        assert HEADER.match(text), text[:80]
        assert len(text.splitlines()) >= 2
    # The originals come first, unchanged.
    assert sorted(p.read_bytes() for p in first[:2]) == sorted(p.read_bytes() for p in SEEDS.glob("*.txt"))

    # Articles added later are new texts, not copies of the first ones.
    added = build_corpus(SEEDS, tmp_path / "a", 5, seed=7, skip=40)
    assert len(added) == 5 and not {_body(p) for p in added} & {_body(p) for p in first}
    assert len(list((tmp_path / "a").rglob("*.txt"))) == 45
    # Tonight's articles carry tonight's date, the rest of the file as built.
    dated = build_corpus(SEEDS, tmp_path / "d", 5, seed=7, skip=40, dated=date(2026, 1, 2))
    assert [p.read_text(encoding="utf-8").splitlines()[0].split()[:2] for p in dated] == [["date", "2026-01-02"]] * 5
    assert [_body(p) for p in dated] == [_body(p) for p in added]


def test_recombination_cuts_one_line_bodies_at_sentence_ends(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for n, city in enumerate(("لاہور", "کراچی", "پشاور")):
        sentences = "".join(f"جملہ {n}{i} یہاں ختم ہوتا ہے۔ " for i in range(6))
        (source / f"{n:04d}.txt").write_text(f" date 2014-0{n + 1}-10 خبر {n}\n{city} ۔ 10 مارچ (اے پی پی) {sentences}\n", encoding="utf-8")
    paths = build_corpus(source, tmp_path / "corpus", 60)
    assert len({_body(p) for p in paths}) == 60
    for path in paths[3:]:
        body = _body(path)
        # A body opens with an original's dateline, and sentences from two originals follow it.
        assert re.match(r"^(لاہور|کراچی|پشاور) ۔ 10 مارچ", body), body
        assert len({m for m in re.findall(r"جملہ (\d)\d", body)}) == 2, body


def test_too_small_a_source_is_refused(tmp_path):
    (tmp_path / "one.txt").write_text(" date 2025-01-01 خبر\nایک جملہ۔\n", encoding="utf-8")
    with pytest.raises(ValueError, match="distinct"):
        build_corpus(tmp_path, tmp_path / "corpus", 5)


def test_the_sampler_measures_a_process_tree_holding_200_mb(tmp_path):
    # A parent process whose child touches 200 MiB, holds it for a moment and exits.
    child = "import time; data = b'x' * (200 << 20); print('ready', flush=True); time.sleep(1)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}], check=True)"
    process = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True)
    with TreeRSSSampler(process.pid, interval=0.02) as sampler:
        assert process.stdout.readline().strip() == "ready"
        assert len(process_tree(process.pid)) == 2
        process.wait()
    # 200 MiB in the child, plus two interpreters' own memory.
    assert 200 * MiB <= sampler.peak <= 200 * MiB + 120e6, sampler.peak / 1e6
    assert 200 * MiB <= sampler.largest <= 200 * MiB + 60e6 and sampler.largest < sampler.peak
    assert sampler.samples > 5


def test_a_small_child_of_a_large_parent_is_measured_small():
    # Linux's rusage would give the child the parent's size at the fork; the sampler does not.
    held = bytearray(300 * MiB)
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.5)"])
    with TreeRSSSampler(process.pid, interval=0.02) as sampler:
        _, _, usage = os.wait4(process.pid, 0)
    assert usage.ru_maxrss * 1024 > 300 * MiB  # what the bench used to report
    assert 0 < sampler.largest < 60e6, sampler.largest / 1e6
    del held


def test_the_raw_floor_writes_every_file_unchanged_to_parquet(tmp_path):
    paths = build_corpus(SEEDS, tmp_path / "corpus", 12)
    floor = raw_floor(tmp_path / "corpus", tmp_path / "floor.parquet", repeat=2)
    assert floor.seconds > 0 and floor.files == 12
    assert floor.bytes == sum(p.stat().st_size for p in paths)
    table = pq.read_table(tmp_path / "floor.parquet")
    assert table.num_rows == 12
    assert sorted(table.column("data").to_pylist()) == sorted(p.read_bytes() for p in paths)


@pytest.mark.usefixtures("prefect_harness")
def test_the_bench_runs_the_flow_cold_then_with_nothing_new_then_with_one_percent_new(tmp_path):
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    steps = []
    result = bench_pipeline(SEEDS, 30, keep=tmp_path / "bench", env=env, on_step=steps.append)
    cold, again, more = result.runs
    assert (cold.summary["loaded"], cold.summary["quarantined"], cold.summary["skipped"]) == (30, 0, 0)
    assert (again.summary["loaded"], again.summary["skipped"]) == (0, 30)
    assert (more.summary["loaded"], more.summary["skipped"]) == (1, 30)
    assert len(list((tmp_path / "bench" / "corpus").rglob("*.txt"))) == 31
    for run in result.runs:
        assert run.wall_s > run.flow_s > 0
        assert run.peak_rss >= run.max_process_rss > 50e6  # an interpreter with Prefect and DuckDB
    assert (cold.articles, again.articles, more.articles) == (30, 30, 1)
    # every stage is timed, the load's three apart: writing, reuse linking, the search index
    assert set(cold.stages) == set(STAGES) and all(cold.stages[s] > 0 for s in ("load", "link", "index"))
    assert result.floor.files == 30 and result.floor.seconds > 0
    assert steps[0].startswith("building 30 articles")

    out = io.StringIO()
    print_pipeline_report(result, Console(file=out, width=200))
    report = out.getvalue()
    for text in ("cold", "no new data", "1% new", "Seconds per stage", "raw floor: read 30 files", "× floor"):
        assert text in report
    # A run that reports no stages (an older flow) gets dashes, not an error.
    for run in result.runs:
        run.summary.pop("stages", None)
    print_pipeline_report(result, Console(file=io.StringIO(), width=200))


def test_the_bench_refuses_a_kept_folder_that_holds_a_warehouse(tmp_path):
    (tmp_path / "warehouse").mkdir()
    with pytest.raises(FileExistsError):
        bench_pipeline(SEEDS, 3, keep=tmp_path)


# ---------------------------------------------------------------------------------------------
# The normalizer comparison.


def test_agreement_counts_only_the_rules_both_apply():
    bodies = ["قومی اسمبلی کا اجلاس 2025 میں ہوا۔", "وزیر اعظم نے کہا كه ملک ترقی کرے گا۔", "شَہر میں بارش ہوئی۔"]
    # urduhack-lite writes Urdu digits, which is not a rule it shares with akhbar: no difference.
    same = agreement(bodies, {AKHBAR: match_key, URDUHACK: lambda t: match_key(t).replace("2", "۲")})
    assert next(a for a in same if a.rule == ALL_SHARED).share == 1.0
    # One that leaves Arabic kaf and heh alone disagrees on the letter rule, on one body of three.
    results = agreement(bodies, {AKHBAR: match_key, URDUNORM: lambda t: match_key(t).replace("کہ", "كه")})
    by_rule = {a.rule: a for a in results}
    assert (by_rule[ALL_SHARED].agreeing, by_rule[ALL_SHARED].total) == (2, 3)
    assert by_rule["Arabic letters to Urdu: ي ى ك ه"].agreeing == 2
    assert by_rule["diacritics removed"].agreeing == 3
    assert ("کہ", "كه") in by_rule[ALL_SHARED].differences


def test_bench_normalize_reports_speed_and_what_is_not_installed(tmp_path):
    result = CliRunner().invoke(bench_app, ["normalize", "--corpus", str(SEEDS), "--repeat", "1"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "normalize_array" in result.output and "MB/s" in result.output
    for package in (URDUHACK, URDUNORM):
        try:
            __import__(package.replace("-", "_"))
        except ImportError:
            assert f"{package}: not installed" in result.output
    assert len(load_bodies(SEEDS)) == 2


def test_the_pipeline_bench_refuses_a_missing_corpus(tmp_path):
    result = CliRunner().invoke(bench_app, ["--corpus", str(tmp_path / "none"), "--articles", "5"], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "not a folder" in result.output


# Extraction's cost and yield.


def test_bench_extract_counts_what_extraction_finds_per_thousand_words(tmp_path):
    from flows.bench_extract import bench_extract, load_articles
    from transforms.article import text_stats
    from transforms.fields import extract_fields

    articles = load_articles(SEEDS)
    assert [name for name, _ in articles] == sorted(p.name for p in SEEDS.glob("*.txt"))
    entities, quantities, _ = extract_fields(articles)
    bench = bench_extract(SEEDS, repeat=1)
    assert bench.articles == 2 and bench.cpu_seconds > 0
    assert bench.words == sum(text_stats(body).word_count for _, body in articles)
    people = entities.column("entity_type").to_pylist().count("PERSON")
    assert bench.counts["entities"]["PERSON"] == people >= 5  # the seeds' golden persons
    assert bench.counts["quantities"]["money"] >= 1 and bench.counts["quantities"]["percent"] >= 1  # تین ارب ڈالر, 40 فیصد
    assert bench.counts["quantities"]["all"] == quantities.num_rows
    assert bench.per_thousand_words("entities", "PERSON") == pytest.approx(1000 * people / bench.words)


def test_bench_extract_command_prints_speed_and_yield(tmp_path):
    result = CliRunner().invoke(bench_app, ["extract", "--corpus", str(SEEDS), "--repeat", "1"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "articles/s" in result.output and "per 1,000 words" in result.output and "ORGANIZATION" in result.output
    empty = CliRunner().invoke(bench_app, ["extract", "--corpus", str(tmp_path)], env={"COLUMNS": "300"})
    assert empty.exit_code == 1 and "no readable articles" in empty.output
