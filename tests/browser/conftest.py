"""Browser fixtures: the seed site built for a sub-path, served on 127.0.0.1, and Chromium.

The browser tests are marked as one xdist group, but pytest-xdist 3.8 ignores groups under
pytest 9.2, so every session fixture here is safe per worker: each worker builds into its own
temporary folder, serves on its own port and launches its own browser.
Without Chromium (or Playwright, or axe-core) the tests are skipped with the reason, except
when CI=true: then a missing tool is a failure, so that CI cannot pass by skipping.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest

from generator.cli import main
from tests.conftest import REPO, copy_project

CHROMIUM = Path(os.environ.get("POLICY_SITE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_VERSION = "4.14.1"
NPM_PREFIX = REPO / ".cache" / "npm" / f"axe-core-{AXE_VERSION}"
"""Where `make test` installs axe-core (see the Makefile); one folder per version."""
AXE_FILE = NPM_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
SUB_PATH = "/sub/path/"
SITE_URL = "https://example.org/sub/path/"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
TIMEOUT_MS = 10_000
"""How long a step may wait: the pages are local, so anything slower is a failure."""


def missing(reason: str) -> NoReturn:
    """Skip for a missing tool; in CI (CI=true) fail instead, so that CI cannot pass by skipping."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium and Playwright's Python package, or a skip saying which is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the Playwright Python package is not installed (pip install -e '.[dev]')")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed by `make test` (or here, if npm is available)."""
    if not AXE_FILE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            missing(f"axe-core is not in {AXE_FILE.parent} and npm is not installed")
        NPM_PREFIX.mkdir(parents=True, exist_ok=True)
        with (NPM_PREFIX / ".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two workers must not install at once
            if not AXE_FILE.is_file():
                _npm_install(npm)
        if not AXE_FILE.is_file():
            missing(f"could not install axe-core@{AXE_VERSION} with npm")
    return AXE_FILE.read_text(encoding="utf-8")


def _npm_install(npm: str) -> None:
    """Install axe-core into NPM_PREFIX, as `make test` does."""
    subprocess.run(
        [
            npm,
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(NPM_PREFIX),
            f"axe-core@{AXE_VERSION}",
        ],
        check=False,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project built into <root>/sub/path/, with site_url saying so (for 404.html)."""
    base = tmp_path_factory.mktemp("browser")
    project = copy_project(base / "project")
    settings = project / "content" / "site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"site_url: {SITE_URL}\n", encoding="utf-8"
    )
    root = base / "served"
    site = root / SUB_PATH.strip("/")
    site.parent.mkdir(parents=True)
    assert main(["-C", str(project), "build", "--site-dir", str(site)]) == 0
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


@pytest.fixture(scope="session")
def base_url(served_root: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT/sub/path/, served from a thread until the session ends."""
    handler = functools.partial(_QuietHandler, directory=str(served_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Recorder:
    """What the pages did that they should not: errors, failed and outside requests."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything recorded, one line each."""
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"failed request: {m}" for m in self.failed]
            + [f"request to another host: {m}" for m in self.external]
        )


def is_local(url: str) -> bool:
    """True for a request the site may make: to the test server, or inline data."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def is_cancelled(failure: str | None) -> bool:
    """A request the browser dropped because the page moved on (e.g. a favicon still loading
    when the next page opens). Missing files show as HTTP errors, recorded separately."""
    return bool(failure) and "ERR_ABORTED" in str(failure)


def record_requests(context: Any, rec: Recorder) -> None:
    """Block requests to other hosts and record them, failed requests and browser errors."""

    def route(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            rec.external.append(route.request.url)
            route.abort()

    def failed(request: Any) -> None:
        if is_local(request.url) and not is_cancelled(request.failure):
            rec.failed.append(f"{request.url} ({request.failure})")

    def response(resp: Any) -> None:
        if resp.status >= 400:
            rec.failed.append(f"{resp.url} (HTTP {resp.status})")

    def console(msg: Any) -> None:
        if msg.type == "error":
            rec.console_errors.append(f"{msg.text} ({msg.location})")

    context.route("**/*", route)
    context.on("requestfailed", failed)
    context.on("response", response)
    context.on("console", console)
    context.on("weberror", lambda err: rec.console_errors.append(str(err.error)))


@pytest.fixture
def open_context(browser: Any) -> Iterator[Callable[..., tuple[Any, Recorder]]]:
    """Open browser contexts that block and record requests to other hosts and any error."""
    contexts = []

    def open_(**options: Any) -> tuple[Any, Recorder]:
        context = browser.new_context(**{"viewport": DESKTOP, **options})
        context.set_default_timeout(TIMEOUT_MS)
        rec = Recorder()
        record_requests(context, rec)
        contexts.append(context)
        return context, rec

    yield open_
    for context in contexts:
        context.close()


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot for review into test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
