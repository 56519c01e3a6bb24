"""Headless Chromium for the tests that render a page: the dashboard and the Data Docs."""

import shutil
import subprocess
from pathlib import Path

import pytest


def chromium(*args: str, user_data: Path) -> subprocess.CompletedProcess:
    """Headless Chromium with everything that could reach the network switched off."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium): the page cannot be rendered")
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={user_data}", "--virtual-time-budget=10000", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)
