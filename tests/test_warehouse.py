"""The settings every warehouse connection is opened with: they bound a run's memory."""

from flows import warehouse


def _setting(connection, name: str) -> str:
    return connection.execute("SELECT current_setting(?)", [name]).fetchone()[0]


def test_a_connection_caps_duckdbs_memory_and_hands_freed_memory_back(tmp_path, monkeypatch):
    monkeypatch.delenv(warehouse.MEMORY_ENVIRONMENT, raising=False)
    connection = warehouse.connect(tmp_path)
    try:
        assert _setting(connection, "memory_limit") == "381.4 MiB"  # DuckDB's own spelling of 400MB
        assert _setting(connection, "allocator_flush_threshold") == "16.0 MiB"
        assert _setting(connection, "allocator_background_threads") is True
        assert _setting(connection, "preserve_insertion_order") is False
    finally:
        connection.close()


def test_the_memory_cap_is_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(warehouse.MEMORY_ENVIRONMENT, "1GB")
    connection = warehouse.connect(tmp_path)
    try:
        assert _setting(connection, "memory_limit") == "953.6 MiB"
    finally:
        connection.close()
