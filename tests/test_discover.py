"""Which files a run reads: every *.txt below its sources, each once, under its real path."""

import os
from pathlib import Path

import pytest

from flows.ingest_files import SourceNotFound, discover


def test_nested_text_files_are_found_once_under_their_real_paths(tmp_path):
    news = tmp_path / "news"
    (news / "2025" / "11").mkdir(parents=True)
    (news / "2025" / "11" / "b.txt").write_text("ب", encoding="utf-8")
    (news / "a.txt").write_text("الف", encoding="utf-8")
    (news / "notes.md").write_text("no", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("ج ج", encoding="utf-8")
    os.symlink(elsewhere, news / "link.txt")
    os.symlink(news / "2025", tmp_path / "alias")

    found = discover([news, news / "a.txt", tmp_path / "alias"])
    assert [(Path(f.path).relative_to(tmp_path).as_posix(), f.source_name, f.size) for f in found] == [
        ("news/2025/11/b.txt", "news", 2),  # sizes in bytes of UTF-8
        ("news/a.txt", "news", 6),
        ("elsewhere.txt", "news", 5),  # news/link.txt, in the order of the names found
    ]
    assert [f.uri for f in found] == [Path(f.path).as_uri() for f in found]


def test_a_missing_source_is_refused(tmp_path):
    with pytest.raises(SourceNotFound):
        discover([tmp_path / "missing"])


def test_uris_are_those_of_pathlib_for_any_file_name(tmp_path):
    news = tmp_path / "خبریں 2025"
    news.mkdir()
    for name in ("خبر ایک.txt", "a%20b#1?.txt", "plain.txt"):
        (news / name).write_text("خبر", encoding="utf-8")
    found = discover([news])
    assert sorted(f.uri for f in found) == sorted((news / name).resolve().as_uri() for name in ("خبر ایک.txt", "a%20b#1?.txt", "plain.txt"))
    assert all(f.mtime_ns == os.stat(f.path).st_mtime_ns for f in found)


def test_the_listing_task_leaves_no_link_per_file_in_the_flow(tmp_path, prefect_harness):
    """Prefect links each element of a returned list to its task's state, for the flow's life:
    a dict entry per file of the archive, were the listing returned bare."""
    from prefect import flow
    from prefect.context import FlowRunContext

    from flows.nightly import discover_files

    for number in range(200):
        (tmp_path / f"{number:03d}.txt").write_text("خبر", encoding="utf-8")

    @flow
    def listing() -> tuple[int, int]:
        files = discover_files([str(tmp_path)]).files
        return len(files), len(FlowRunContext.get().run_results)

    found, links = listing()
    assert found == 200
    assert links < 10


def test_a_kept_listing_is_taken_once_and_only_while_fresh(tmp_path, monkeypatch):
    from flows import ingest_files

    (tmp_path / "a.txt").write_text("خبر", encoding="utf-8")
    listing = discover([tmp_path])
    ingest_files.keep_listing([tmp_path], listing)
    (tmp_path / "b.txt").write_text("خبر", encoding="utf-8")
    assert ingest_files.discover_once([tmp_path]) is listing  # as kept, without the file that came since
    assert [Path(f.path).name for f in ingest_files.discover_once([tmp_path])] == ["a.txt", "b.txt"]  # taken once
    ingest_files.keep_listing([tmp_path], listing)
    assert len(ingest_files.discover_once([tmp_path / "a.txt"])) == 1  # other sources: listed anew
    monkeypatch.setattr(ingest_files, "LISTING_KEPT_SECONDS", -1.0)
    ingest_files.keep_listing([tmp_path], listing)
    assert len(ingest_files.discover_once([tmp_path])) == 2  # too old


def test_the_flow_takes_the_listing_the_quick_check_made(seed_copy, tmp_path, prefect_harness, monkeypatch):
    """`akhbar run` lists the sources before Prefect starts; a flow with work then lists nothing again."""
    from flows import ingest_files
    from flows.lake import Lake
    from flows.nightly import nightly
    from flows.quick_run import nothing_new

    warehouse = tmp_path / "wh"
    nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    (seed_copy / "late.txt").write_text((next(seed_copy.glob("*.txt"))).read_text(encoding="utf-8") + "\nایک اور جملہ۔", encoding="utf-8")
    assert nothing_new([str(seed_copy)], warehouse, Lake.of(warehouse)) is None
    walked, walk = [], ingest_files._text_files
    monkeypatch.setattr(ingest_files, "_text_files", lambda folder: walked.append(folder) or walk(folder))
    summary = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    assert walked == []
    assert (summary["new"], summary["skipped"]) == (1, summary["seen"] - 1)
