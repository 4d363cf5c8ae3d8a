"""MkDocs' build, with the pages converted and written on all cores.

`mkdocs build` converts and writes one page after the other; at 1,000 policies that is most
of a minute on one core. This module runs the same steps as `mkdocs.commands.build.build`
(MkDocs 1.6) in the same order, except that the pages are handed to forked worker processes.
A page's HTML depends only on itself, the configuration and the navigation, so every worker
writes the same bytes MkDocs would; the tests compare both builds file by file. What pages
share is gathered back in page order: the anchors each page has and links to (checked at the
end, as MkDocs does), the search index entries, and the log messages.

Only what this module knows is run in parallel: the search plugin and no hooks. Any other
plugin, a platform without fork, one job or a small site: MkDocs' own build runs instead.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from generator.parallel import die_with_parent

KNOWN_PLUGINS = {"search", "material/search"}
"""Plugins whose per-page state this module gathers back from the workers."""

MIN_PAGES = 100
"""Below this many pages MkDocs' own build is about as fast as starting workers."""

MAX_JOBS = 8


@dataclass
class PageResult:
    """What one page's worker found that the build needs after all pages are written."""

    index: int
    anchors: set[str]
    links: dict[str, dict[str, str]]
    search_entries: list[Any]
    logs: list[tuple[str, int, str]]
    error: str | None = None


def can_run_parallel(config: MkDocsConfig, jobs: int, min_pages: int) -> bool:
    """Whether the parallel build gives the same site as MkDocs' own build, and is worth it."""
    return (
        jobs > 1
        and "fork" in mp.get_all_start_methods()
        and set(config.plugins) <= KNOWN_PLUGINS
        and _count_pages(config.docs_dir) >= min_pages
    )


def _count_pages(docs_dir: str) -> int:
    """How many Markdown pages the docs folder holds."""
    return sum(name.endswith(".md") for _, _, names in os.walk(docs_dir) for name in names)


def default_jobs() -> int:
    """All cores, at most MAX_JOBS."""
    return max(1, min(os.cpu_count() or 1, MAX_JOBS))


def build(config: MkDocsConfig, jobs: int | None = None, min_pages: int = MIN_PAGES) -> None:
    """Build the site like `mkdocs build`; pages on `jobs` processes (default: all cores)."""
    jobs = default_jobs() if jobs is None else jobs
    if not can_run_parallel(config, jobs, min_pages):
        mkdocs_build.build(config)
        return
    with _strict(config):
        SiteBuilder(config, jobs).full()


@contextmanager
def _strict(config: MkDocsConfig) -> Iterator[None]:
    """MkDocs' end of a build: abort on warnings in strict mode; plugins hear of errors."""
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    if config.strict:
        logger.addHandler(counter)
    try:
        yield
        if counts := counter.get_counts():
            summary = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {summary} in strict mode!")
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            logger.error(str(exc))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logger.removeHandler(counter)


_JOB: dict[str, Any] = {}
"""The build state the forked workers inherit: config, files, nav, env, pages."""


class SiteBuilder:
    """One site's MkDocs build, kept in memory: built in full once, then only changed pages.

    A page's HTML depends on itself, the configuration and the navigation; so while the set
    of pages and the titles in the navigation stay the same, rebuilding the changed pages
    gives the same site as a full build (the preview server relies on this).
    """

    def __init__(self, config: MkDocsConfig, jobs: int, min_pages: int = MIN_PAGES) -> None:
        self.config = config
        self.jobs = jobs
        self.min_pages = min_pages
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Any = None
        self.docs: list[File] = []
        self.early: set[str] = set()
        self.entries: dict[int, list[Any]] = {}
        self.preview: tuple[Path, Path, str] | None = None

    @classmethod
    def for_preview(cls, config_file: Path, site_dir: Path, dev_addr: str) -> SiteBuilder:
        """A builder for the live preview: served from `dev_addr`, written to `site_dir`."""
        from mkdocs.config import load_config
        from mkdocs.livereload import _serve_url

        config = load_config(str(config_file), site_dir=str(site_dir), dev_addr=dev_addr)
        host, port = config.dev_addr
        mount = urlsplit(config.site_url or "/").path
        # As `mkdocs serve` does: links and the sitemap point at the preview.
        config.site_url = _serve_url(host, port, mount)
        builder = cls(config, default_jobs())
        builder.preview = (config_file, site_dir, dev_addr)
        return builder

    def reloaded(self) -> SiteBuilder:
        """A new builder for the preview after its configuration file changed."""
        assert self.preview is not None, "only a preview's builder is reloaded"
        return SiteBuilder.for_preview(*self.preview)

    def full(self) -> None:
        """The steps of MkDocs' build, with the pages on worker processes."""
        config = self.config.plugins.on_config(self.config)
        self.config = config
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        docs = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        for file in docs:
            if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
                Page(None, file, config)
        self.early = _prepare_nav_pages(config, files, nav)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=InclusionLevel.is_included)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)
        self.files, self.nav, self.env, self.docs = files, nav, env, docs
        self.entries = {}
        self._pages(range(len(docs)))

    def update(self, changed: set[str], finish: bool = True) -> bool:
        """Rebuild the pages whose sources (`src_uri`s) changed; False if a full build is needed.

        `finish=False` leaves out what the whole site shares (the anchor check, the search
        index), for a quick look at a page before a complete update.

        A page added or removed, or a new title for a page whose title the navigation takes
        from its heading, changes every page's navigation: then the caller builds in full.
        """
        index = {f.src_uri: i for i, f in enumerate(self.docs)}
        if self.files is None or not changed <= index.keys():
            return False
        for uri in sorted(changed & self.early):
            page = self.docs[index[uri]].page
            assert page is not None
            title = page.title
            mkdocs_build._populate_page(page, self.config, self.files)
            if page.title != title:
                return False
        self._pages(sorted(index[uri] for uri in changed), finish)
        return True

    def _pages(self, indices: Iterable[int], finish: bool = True) -> None:
        """Convert and write the pages at `indices`; then check anchors and write the index."""
        config, files, docs = self.config, self.files, self.docs
        assert files is not None
        wanted = list(indices)
        _JOB.update(config=config, files=files, nav=self.nav, env=self.env, docs=docs)
        _JOB.update(early=self.early)
        try:
            if self.jobs > 1 and len(wanted) >= self.min_pages:
                results = sorted(_run_pages(docs, wanted, self.jobs), key=lambda r: r.index)
            else:
                results = [_one_page(i) for i in wanted]
        finally:
            _JOB.clear()
        for result in results:
            page = docs[result.index].page
            assert page is not None
            for name, level, message in result.logs:
                logging.getLogger(name).log(level, message)
            if result.error is not None:
                raise BuildError(result.error)
            page.present_anchor_ids = result.anchors
            links = {files.get_file_from_path(k): v for k, v in result.links.items()}
            page.links_to_anchors = links  # type: ignore[assignment]
            self.entries[result.index] = result.search_entries
        if not finish:
            return
        level = config.validation.links.anchors
        for file in docs:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=level)
        search = _search_index(config)
        if search is not None:
            search.entries = [e for i in sorted(self.entries) for e in self.entries[i]]
        config.plugins.on_post_build(config=config)


def _prepare_nav_pages(config: MkDocsConfig, files: Files, nav: Navigation) -> set[str]:
    """Give every page in the navigation what other pages show of it: its metadata and title.

    Other pages' navigation shows a page's title and front matter. A title given in the
    configuration is known; a page without one takes its first heading, which needs the page
    converted: those few are converted here, before the workers start, as MkDocs would.
    """
    early: set[str] = set()
    for page in nav.pages:
        if "title" in page.__dict__:
            page.read_source(config)
        else:
            mkdocs_build._populate_page(page, config, files)
            early.add(page.file.src_uri)
    return early


def _search_index(config: MkDocsConfig) -> Any:
    """The search plugin's index, whose entries the workers add to; None without search."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


class _Capture(logging.Handler):
    """In a worker: keep the log messages, to be logged by the parent in page order."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep one message."""
        self.records.append((record.name, record.levelno, record.getMessage()))


_CAPTURE = _Capture()


def _start_worker(parent: int) -> None:
    """In a new worker: die with the parent; send MkDocs' messages to the capture."""
    die_with_parent(parent)
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(_CAPTURE)
    logger.propagate = False


def _run_pages(docs: list[File], indices: list[int], jobs: int) -> Iterator[PageResult]:
    """Convert and write the pages at `indices` on `jobs` workers, the largest pages first."""
    order = sorted(indices, key=lambda i: -_size(docs[i].abs_src_path))
    context = mp.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        yield from pool.imap_unordered(_one_page, order, chunksize=4)


def _size(path: str | None) -> int:
    """A page's source size: the larger, the longer it takes."""
    try:
        return os.stat(path).st_size if path else 0
    except OSError:
        return 0


def _one_page(index: int) -> PageResult:
    """In a worker: convert and write one page; return what the parent needs of it."""
    config, files, nav, env = _JOB["config"], _JOB["files"], _JOB["nav"], _JOB["env"]
    docs = _JOB["docs"]
    page = docs[index].page
    search = _search_index(config)
    before = len(search.entries) if search is not None else 0
    _CAPTURE.records = []
    try:
        if page.file.src_uri not in _JOB["early"]:
            mkdocs_build._populate_page(page, config, files)
        mkdocs_build._build_page(page, config, docs, nav, env)
    except Exception as exc:  # reported by the parent, in page order
        return PageResult(index, set(), {}, [], _CAPTURE.records, f"{page.file.src_uri}: {exc}")
    entries = search.entries[before:] if search is not None else []
    if search is not None:
        del search.entries[before:]
    links = {f.src_uri: dict(v) for f, v in (page.links_to_anchors or {}).items()}
    return PageResult(index, set(page.present_anchor_ids or ()), links, entries, _CAPTURE.records)
