"""`akhbar backfill`: reprocess a date range, seen or not, and say how many rows changed."""

import duckdb
import pytest

from flows.nightly import nightly

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_backfill_reprocesses_only_its_range_and_counts_what_changed(seed_copy, tmp_path):
    from datetime import date

    warehouse = tmp_path / "wh"
    nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))
    database = str(warehouse / "akhbar.duckdb")
    # As if the article had been loaded before a normalization rule changed: Arabic kaf and yeh in its body.
    with duckdb.connect(database) as connection:
        connection.execute("UPDATE articles SET body = replace(replace(body, 'ک', 'ك'), 'ی', 'ي') WHERE published_date = DATE '2025-12-11'")
        connection.execute("DELETE FROM entities WHERE article_id IN (SELECT article_id FROM articles WHERE published_date = DATE '2025-12-11')")
        (stale,) = connection.execute("SELECT body FROM articles WHERE published_date = DATE '2025-12-11'").fetchone()
        assert "ك" in stale

    # The other seed (2025-09-10) is outside the range: not reprocessed.
    summary = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse), backfill_from=date(2025, 12, 1), backfill_to=date(2025, 12, 31))
    assert (summary["flow"], summary["loaded"], summary["changed"], summary["skipped"]) == ("backfill", 1, 1, 1)
    with duckdb.connect(database, read_only=True) as connection:
        (body,) = connection.execute("SELECT body FROM articles WHERE published_date = DATE '2025-12-11'").fetchone()
        assert "ك" not in body and "ي" not in body
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert connection.execute(
            "SELECT count(*) FROM entities JOIN articles USING (article_id) WHERE published_date = DATE '2025-12-11'").fetchone()[0] > 0
        assert connection.execute("SELECT flow, status FROM runs WHERE run_id = ?", [summary["run_id"]]).fetchone() == ("backfill", "completed")

    # A backfill over rows that are already right changes nothing, and a nightly run after it has nothing new.
    again = nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse), backfill_from=date(2025, 1, 1), backfill_to=date(2025, 12, 31))
    assert (again["loaded"], again["changed"]) == (2, 0)
    assert nightly(sources=[str(seed_copy)], warehouse_dir=str(warehouse))["new"] == 0
