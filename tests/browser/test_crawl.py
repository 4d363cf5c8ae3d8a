"""Every page of the built site, visited in Chromium under a sub-path: links, anchors, requests,
console, accessibility (axe-core) and phone width."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    SUB_PATH,
    Recorder,
    is_local,
    missing,
    record_requests,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.help} at ` +
      v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""
PAGE_FACTS = """() => ({
  links: Array.from(document.querySelectorAll("a[href]")).map(a => a.href),
  ids: Array.from(document.querySelectorAll("[id], a[name]"))
    .map(e => e.id || e.getAttribute("name")),
})"""


@dataclass
class Crawl:
    """What a crawl of the whole site found."""

    pages: dict[str, set[str]] = field(default_factory=dict)
    """Page URL → the ids on it."""
    links: dict[str, set[str]] = field(default_factory=dict)
    """Link target (with fragment) → the pages linking to it."""
    files: dict[str, int] = field(default_factory=dict)
    """Linked non-page file → HTTP status."""
    axe: dict[str, list[str]] = field(default_factory=dict)
    axe_missing: bool = False
    recorder: Recorder = field(default_factory=Recorder)


def _is_page(url: str) -> bool:
    """Pages end in / or .html; everything else (JSON, CSV, XML) is a file to fetch."""
    path = urlsplit(url).path
    return path.endswith("/") or path.endswith(".html")


@pytest.fixture
def crawl(browser: Any, base_url: str, request: pytest.FixtureRequest) -> Crawl:
    """Visit every page reachable from the home page (plus 404.html), running axe on each
    when axe-core is there (without it the other checks still run; see the test)."""
    try:
        axe_source: str | None = request.getfixturevalue("axe_source")
    except pytest.skip.Exception:
        axe_source = None
    result = Crawl(axe_missing=axe_source is None)
    context = browser.new_context(viewport=DESKTOP)
    record_requests(context, result.recorder)
    page = context.new_page()
    queue = deque([base_url, base_url + "404.html"])
    seen = set(queue)
    while queue:
        url = queue.popleft()
        page.goto(url, wait_until="load")
        facts = page.evaluate(PAGE_FACTS)
        result.pages[url] = set(facts["ids"])
        if axe_source is not None:
            page.add_script_tag(content=axe_source)
            result.axe[url] = page.evaluate(AXE_RUN)
        for link in facts["links"]:
            result.links.setdefault(link, set()).add(url)
            target, _ = urldefrag(link)
            if not is_local(target) or not urlsplit(target).path.startswith(SUB_PATH):
                continue
            if _is_page(target) and target not in seen:
                seen.add(target)
                queue.append(target)
            elif not _is_page(target) and target not in result.files:
                result.files[target] = context.request.get(target).status
    context.close()
    return result


def built_pages(served_root: Path, base_url: str) -> set[str]:
    """The address of every HTML page of the built site."""
    site = served_root / SUB_PATH.strip("/")
    return {
        base_url + p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html")
    }


def broken_links(crawl: Crawl) -> list[str]:
    """Internal links whose page, file or anchor does not exist, or that leave the sub-path."""
    broken = []
    for link, sources in sorted(crawl.links.items()):
        target, fragment = urldefrag(link)
        parts = urlsplit(target)
        where = sorted(sources)[0]
        if parts.hostname != "127.0.0.1":
            continue  # a link to another site is not a request; the reader may follow it
        if not parts.path.startswith(SUB_PATH):
            broken.append(f"{link}: outside {SUB_PATH}, from {where}")
        elif not _is_page(target):
            if crawl.files.get(target) != 200:
                broken.append(f"{link}: HTTP {crawl.files.get(target)}, from {where}")
        elif target not in crawl.pages:
            broken.append(f"{link}: page not reached, from {where}")
        elif fragment and unquote(fragment) not in crawl.pages[target]:
            broken.append(f"{link}: no id '{unquote(fragment)}', from {where}")
    return broken


# One test for the whole crawl: pytest-xdist 3.8 ignores xdist_group under pytest 9.2, so
# separate tests could each run the crawl on a different worker.
def test_every_page_under_a_sub_path(crawl: Crawl, served_root: Path, base_url: str) -> None:
    data = {f"{base_url}data/{name}" for name in ("policies.json", "positions.csv")}
    report = {
        "pages not reached from the home page": sorted(
            built_pages(served_root, base_url) - set(crawl.pages)
        ),
        "console errors, failed requests, requests to other hosts": crawl.recorder.problems(),
        "broken links and anchors": broken_links(crawl),
        "open data not linked": sorted(u for u in data if crawl.files.get(u) != 200),
        "axe-core: serious or critical violations": [
            f"{url}: {v}" for url, found in sorted(crawl.axe.items()) for v in found
        ],
    }
    assert {k: v for k, v in report.items() if v} == {}
    assert len(crawl.pages) >= 20
    if crawl.axe_missing:
        missing("axe-core is missing: every check passed except the accessibility check")


def test_axe_in_dark_mode(
    open_context: Callable[..., tuple[Any, Recorder]], base_url: str, axe_source: str
) -> None:
    context, rec = open_context(color_scheme="dark")
    page = context.new_page()
    found = {}
    for path in ("", "compare/", "figures/", "dimensions/regulatory-approach/"):
        page.goto(base_url + path)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(AXE_RUN)
        if violations:
            found[path] = violations
    assert found == {}
    assert rec.problems() == []


def test_no_page_scrolls_sideways_at_phone_width(
    open_context: Callable[..., tuple[Any, Recorder]], served_root: Path, base_url: str
) -> None:
    context, rec = open_context(viewport=PHONE)
    page = context.new_page()
    wide = {}
    for url in sorted(built_pages(served_root, base_url)):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[url] = width
    assert wide == {}
    assert rec.problems() == []


def test_screenshots_for_review(
    open_context: Callable[..., tuple[Any, Recorder]], base_url: str
) -> None:
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context, rec = open_context(viewport=viewport)
        page = context.new_page()
        for name, path in (
            ("home", ""),
            ("dimension", "dimensions/regulatory-approach/"),
            ("compare", "compare/"),
        ):
            page.goto(base_url + path)
            if name == "compare":
                page.wait_for_selector("#ps-compare[data-ready='true']")
            screenshot(page, f"{name}-{size}")
        assert rec.problems() == []
