"""`policy-site serve`: regenerate on every change of a record or template; MkDocs reloads."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from generator.diagnostics import PolicySiteError
from generator.pipeline import generate
from generator.project import Project

POLL_SECONDS = 0.3


def _snapshot(paths: list[Path]) -> dict[str, float]:
    """Modification times of every file under `paths`."""
    out: dict[str, float] = {}
    for root in paths:
        if root.is_file():
            out[str(root)] = root.stat().st_mtime
        elif root.is_dir():
            for p in root.rglob("*"):
                if p.is_file():
                    out[str(p)] = p.stat().st_mtime
    return out


def _regenerate(project: Project, strict: bool) -> None:
    """Generate once, printing errors instead of stopping the preview."""
    try:
        start = time.perf_counter()
        gen = generate(project, strict)
        n = len(gen.pages.written) + len(gen.pages.removed)
        print(
            f"regenerated: {n} page(s) changed ({time.perf_counter() - start:.2f} s)",
            file=sys.stderr,
        )
    except PolicySiteError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"{exc.summary()}; the preview keeps the last good pages", file=sys.stderr)


def watch_sources(project: Project, strict: bool, stop: threading.Event) -> None:
    """Poll content/, templates/ and mkdocs.yml; regenerate when something changed."""
    watched = [project.content_dir, project.templates_dir, project.mkdocs_file]
    before = _snapshot(watched)
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(watched)
        if now != before:
            before = now
            _regenerate(project, strict)


def serve(project: Project, dev_addr: str, strict: bool = False) -> None:
    """Generate, then run MkDocs' live-reload server on the generated pages."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve

    generate(project, strict)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_sources, args=(project, strict, stop), daemon=True)
    watcher.start()
    print(
        f"serving on http://{dev_addr}/ — edit content/ or templates/; Ctrl+C stops",
        file=sys.stderr,
    )
    try:
        mkdocs_serve(config_file=str(project.generated_config), dev_addr=dev_addr, livereload=True)
    finally:
        stop.set()
