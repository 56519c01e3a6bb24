import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

# In CI, hypothesis draws the same examples every run: a red build is never a roll of the dice.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds" / "articles"


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session: starting one costs seconds."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """The seed articles, copied so a test may add or change files beside them."""
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder
