"""Fixtures of the web tests: the newsroom index, an in-process client, a real server, Debian's Chromium.

(``tests/web`` is a package so that this conftest and the one above it do not clash.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from faults import skip_or_fail
from starlette.testclient import TestClient

from searchkit import Index
from searchkit.web import create_app
from web.newsroom import write_newsroom

CHROMIUM = "/usr/bin/chromium"
#: Chromium here must not try to reach the network (it stalls on refused connections) nor keep state.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL_CHROMIUM = "apt-get install chromium chromium-driver (and pip install -e '.[test]' for playwright)"


@pytest.fixture(scope="session")
def newsroom(tmp_path_factory) -> Path:
    """The newsroom archive with its hostile articles (read-only: tests that change files copy it)."""
    return write_newsroom(tmp_path_factory.mktemp("newsroom") / "corpus", hostile=True)


@pytest.fixture(scope="session")
def news_index(newsroom: Path, tmp_path_factory) -> Path:
    """The newsroom's index on disk; no test writes to it."""
    path = tmp_path_factory.mktemp("news-index") / "index"
    with Index(path) as ix:
        report = ix.sync([newsroom])
    assert report.failed == 0, report.failures
    return path


@pytest.fixture(scope="session")
def client(news_index: Path) -> Iterator[TestClient]:
    """The app in this process, on the newsroom index, addressed as 127.0.0.1."""
    with TestClient(create_app(news_index), base_url="http://127.0.0.1") as test_client:
        yield test_client


def start_server(index: Path, *args: str, cwd: Path | None = None) -> tuple[subprocess.Popen, str]:
    """``searchkit serve`` on a free port; returns the process and the URL it printed (it listens by then)."""
    process = subprocess.Popen([sys.executable, "-m", "searchkit", "serve", "--index", str(index), "--port", "0",
                                *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    url = process.stdout.readline().strip()
    if not url.startswith("http://"):
        process.kill()
        raise AssertionError(f"no URL from searchkit serve: {url!r} {process.stderr.read()}")
    return process, url


def stop(process: subprocess.Popen) -> tuple[int, str]:
    """Stop a server if it still runs; its exit code and stderr."""
    if process.poll() is None:
        process.terminate()
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # a hang is a failure, not a wait
        process.kill()
        _, err = process.communicate()
    return process.returncode, err


def require_chromium() -> str:
    """Chromium's path; skipped here without it, failed in CI (CI=true) where it must be installed."""
    missing = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "the playwright package is not installed"
    if not missing and not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing = f"{CHROMIUM} is not installed"
    if missing:
        skip_or_fail(f"browser tests need Debian's Chromium: {missing}; install with {INSTALL_CHROMIUM}")
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
