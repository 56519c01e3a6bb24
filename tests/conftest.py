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


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3-compatible server on 127.0.0.1 (moto's), for the object-storage lake: no cloud here."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"{host}:{port}"
    server.stop()


@pytest.fixture
def s3_lake(s3_endpoint, request) -> str:
    """The URI of an empty lake in a fresh bucket of the test S3 server."""
    bucket = "lake-" + "".join(c if c.isalnum() else "-" for c in request.node.name.lower())[:40].strip("-")
    return (f"s3://test:test@{bucket}/lake?endpoint_override={s3_endpoint}&scheme=http"
            "&region=us-east-1&allow_bucket_creation=true")
