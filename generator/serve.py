"""`policy-site serve`: a live preview that shows an edited record within about a second.

An edit is shown in two steps. First the edited records' own pages: only those records are
read again, every record is checked, and only their pages are rendered and built by MkDocs
(the site's build is kept in memory, see mkdocs_parallel.SiteBuilder); the browser reloads.
Then everything else: a normal `generate` writes the other pages that changed (the overview,
the dimension pages, ...), MkDocs rebuilds just those, and the browser reloads again. Any
other change (a template, the dimensions, a record added or removed) takes the second step
only. Errors are printed and the preview keeps the last good pages.
"""

from __future__ import annotations

import gc
import os
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.diagnostics import Diagnostic, PolicySiteError
from generator.load import RECORD_SUFFIXES, RawRecords, load_records, policy_id_of
from generator.model import build_site
from generator.parallel import paused_gc
from generator.pipeline import generate
from generator.project import Project
from generator.render import render_pages
from generator.validate import policy_schema_check, validate_records
from generator.write import write_if_changed
from generator.yamlfile import YamlDoc, read_yaml

POLL_SECONDS = 0.2
"""How often the watched folders are checked for changes."""


def _say(message: str) -> None:
    """A line on stderr, where MkDocs' server writes too."""
    print(message, file=sys.stderr, flush=True)


def _snapshot(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    """Modification time and size of every file under `paths`."""
    out: dict[Path, tuple[int, int]] = {}
    for root in paths:
        candidates = [root] if root.is_file() else root.rglob("*") if root.is_dir() else []
        for p in candidates:
            try:
                st = p.stat()
            except OSError:
                continue
            if p.is_file():
                out[p] = (st.st_mtime_ns, st.st_size)
    return out


def _report(diags: list[Diagnostic], summary: str) -> None:
    """Print diagnostics and say that the preview keeps its pages."""
    for d in diags:
        _say(d.format())
    _say(f"{summary}; the preview keeps the last good pages")


class Preview:
    """Regenerates and rebuilds the preview after a change; never raises."""

    def __init__(self, project: Project, strict: bool, builder: Any) -> None:
        self.project = project
        self.strict = strict
        self.builder = builder
        self.watched = [project.content_dir, project.templates_dir, project.mkdocs_file]
        self.before = _snapshot(self.watched)
        self.raw: RawRecords | None = None

    def rebuild(self, shown: Callable[[], None] = lambda: None) -> list[str]:
        """Bring the preview up to date; call `shown` once the edited records' pages are.

        Returns the pages built in the first step (empty when there was none).
        """
        now = _snapshot(self.watched)
        changed = {p for p in now.keys() | self.before.keys() if now.get(p) != self.before.get(p)}
        self.before = now
        start = time.perf_counter()
        quick: list[str] = []
        try:
            # Without the pause, the collector walks the whole preview process (every record,
            # the site's build in memory) while the site model is rebuilt: 0.5 s at 1,000 policies.
            with paused_gc():
                quick = self._edited_records_first(changed)
        except Exception as exc:  # a fast path only: the full update below reports errors
            _say(f"preview: quick update skipped ({exc})")
        if quick:
            took = time.perf_counter() - start
            _say(f"preview: {', '.join(quick)} shown after {took:.2f} s; updating the rest")
            shown()
        self._everything(records_only=bool(quick))
        # What the update built joined the oldest generation unscanned (see paused_gc), and a
        # preview allocates little between updates, so the collector would never run: the old
        # pages' cycles (the Jinja environment, the fragments) would pile up, 6 MB per edit at
        # 100 policies. Collect them once per update, before saying it is done.
        gc.collect()
        _say(f"preview: up to date after {time.perf_counter() - start:.2f} s")
        return quick

    def _edited_records_first(self, changed: set[Path]) -> list[str]:
        """Render and build the pages of edited records only; [] when that is not enough."""
        folder = self.project.policies_dir
        if not changed or self.raw is None:
            return []
        if any(p.parent != folder or p.suffix not in RECORD_SUFFIXES for p in changed):
            return []
        docs = {doc.name: i for i, doc in enumerate(self.raw.policies)}
        policies = list(self.raw.policies)
        edited: list[YamlDoc] = []
        for path in sorted(changed):
            name = self.project.display(path)
            if not path.is_file() or name not in docs:
                return []  # added or removed: the navigation changes
            doc, found = read_yaml(path, name)
            if doc is None or any(d.severity == "error" for d in found):
                return []
            policies[docs[name]] = doc
            edited.append(doc)
        # The other records' schema findings stay as they were; the edited ones are checked.
        checks = None if self.raw.checks is None else list(self.raw.checks)
        if checks is not None:
            for doc in edited:
                checks[docs[doc.name]] = policy_schema_check(doc)
        raw = RawRecords(self.raw.dimensions, self.raw.settings, policies, checks)
        if any(d.severity == "error" or self.strict for d in validate_records(raw)):
            return []
        self.raw = raw
        pages = {f"policies/{policy_id_of(doc)}.md" for doc in edited}
        texts, _ = render_pages(build_site(raw), self.project, only=pages)
        for rel, text in sorted(texts.items()):
            write_if_changed(self.project.docs_dir / rel, text.encode("utf-8"))
        if not self.builder.update(set(texts), finish=False):
            return []
        return sorted(texts)

    def _everything(self, records_only: bool) -> None:
        """Generate as `policy-site generate` does; rebuild the pages that changed."""
        try:
            gen = generate(self.project, self.strict)
        except PolicySiteError as exc:
            _report(exc.diagnostics, exc.summary())
            return
        if gen.raw is not None:
            self.raw = gen.raw  # as generate read them: no second reading
        elif not records_only or self.raw is None:
            self.raw, _ = load_records(self.project, check=policy_schema_check)
        pages = set(gen.pages.written) | set(gen.pages.removed)
        if gen.config_written:
            self.builder = self.builder.reloaded()
        pages = {p for p in pages if p.endswith(".md")}
        try:
            if gen.config_written or gen.pages.removed or not self.builder.update(pages):
                self.builder.full()
                _say("preview: every page rebuilt")
            else:
                _say(f"preview: {len(pages)} page(s) rebuilt")
        except Exception as exc:  # MkDocs' own errors, whatever their kind
            _report([], f"the site build failed: {exc}")


def serve(project: Project, dev_addr: str, strict: bool = False) -> None:
    """Generate, build into a temporary folder, then serve it and rebuild on every change."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.livereload import LiveReloadServer, _serve_url

    from generator.mkdocs_parallel import SiteBuilder

    generate(project, strict)  # errors stop here, reported like `policy-site generate`'s
    site_dir = Path(tempfile.mkdtemp(prefix="policy-site-preview-"))
    try:
        builder = SiteBuilder.for_preview(project.generated_config, site_dir, dev_addr)
        host, port = builder.config.dev_addr
        _check_free(project, host, port)  # before the build, which takes a while on big sites
        mount = str(urlsplit(builder.config.site_url).path)
        try:
            builder.full()
        except Exception as exc:  # MkDocs' own errors, whatever their kind
            diag = Diagnostic(
                file=project.display(project.generated_config),
                message=f"the preview's site build failed: {exc}",
                hint="run `policy-site build` to see every warning",
            )
            raise PolicySiteError([diag], "serve failed") from None
        preview = Preview(project, strict, builder)
        not_found = site_dir / "404.html"
        preview.raw, _ = load_records(project, check=policy_schema_check)
        server = LiveReloadServer(
            builder=lambda: _rebuild(preview, server),
            host=host,
            port=port,
            root=str(site_dir),
            mount_path=mount,
            polling_interval=POLL_SECONDS,
        )
        server.error_handler = lambda code: (
            not_found.read_bytes() if code == 404 and not_found.is_file() else None
        )
        for path in preview.watched:
            server.watch(str(path))
        url = _serve_url(host, port, mount)
        _say(f"serving on {url} — edit content/ or templates/; Ctrl+C stops")
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            _say("stopped")
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _check_free(project: Project, host: str, port: int) -> None:
    """Stop with a diagnostic when the preview's address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        try:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
        except OSError as exc:
            diag = Diagnostic(
                file=project.display(project.mkdocs_file),
                message=f"cannot serve on {host}:{port}: {exc.strerror or exc}",
                hint="another preview may be running; choose another address with -a IP:PORT",
            )
            raise PolicySiteError([diag], "serve failed") from None


def _rebuild(preview: Preview, server: Any) -> None:
    """The live-reload server's builder: update the preview, reloading browsers in between.

    MkDocs 1.6's live-reload server holds page requests while a rebuild runs and reloads the
    browsers when it ends. Once the edited records' pages are built, they are released and the
    browsers reload; when the rest is up to date, a new version makes them reload once more.
    """
    from mkdocs.livereload import _timestamp

    if preview.rebuild(lambda: _show_now(server)):
        server._wanted_epoch = _timestamp()


def _show_now(server: Any) -> None:
    """Serve the pages as they are now and reload the browsers, in the middle of a rebuild."""
    with server._epoch_cond:
        server._visible_epoch = server._wanted_epoch
        server._epoch_cond.notify_all()
