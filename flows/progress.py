"""A place for the flow to report progress that the command line can show.

The flow runs in the CLI's own process (Prefect's ephemeral mode or a client of a server), so
a plain callback is enough; with no listener, reports go nowhere.
"""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[str, int, int], None] | None = None


def listen(callback: Callable[[str, int, int], None] | None) -> None:
    global _listener
    _listener = callback


def report(stage: str, done: int, total: int) -> None:
    if _listener is not None:
        _listener(stage, done, total)
