"""Named points of a run where an outside observer can hold it, to prove it survives a kill.

Crash safety is a claim about every moment of a run; the tests check it at the moments that
matter (mid-ingest, between Parquet files, before validation, inside the load's transaction,
while publishing) by holding a real run there and killing it. Off unless AKHBAR_HALT_AT names
the point: then the run touches AKHBAR_HALT_MARKER and sleeps AKHBAR_HALT_SECONDS (default:
until killed) before going on.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

POINTS = ("ingest", "validate", "parquet", "load", "index", "publish")


def reached(point: str) -> None:
    if os.environ.get("AKHBAR_HALT_AT") != point:
        return
    marker = os.environ.get("AKHBAR_HALT_MARKER")
    if marker:
        Path(marker).touch()
    time.sleep(float(os.environ.get("AKHBAR_HALT_SECONDS", "86400")))
