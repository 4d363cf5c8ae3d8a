"""Site build stage: run MkDocs on the generated pages, failing on any warning."""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from generator.diagnostics import Diagnostic, PolicySiteError
from generator.project import Project

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collect(logging.Handler):
    """Collects MkDocs' warnings so they can be reported as diagnostics."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the message of one log record."""
        self.messages.append(record.getMessage())


def build_site_dir(project: Project, site_dir: Path, jobs: int | None = None) -> float:
    """Build the site from build/mkdocs.yml into `site_dir` on `jobs` processes (default: all
    cores); return the seconds it took."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.mkdocs_parallel import build

    start = time.perf_counter()
    site_dir = site_dir.resolve()
    tmp = site_dir.parent / f".{site_dir.name}.building"
    shutil.rmtree(tmp, ignore_errors=True)
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    logger.propagate = False
    try:
        config = load_config(str(project.generated_config), strict=True, site_dir=str(tmp))
        build(config, jobs)
    except (MkDocsException, SystemExit, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        diags = [
            Diagnostic(
                file=project.display(project.generated_config),
                message=m,
                hint="the site build warned; fix the cause (a template or a record)",
            )
            for m in collect.messages
        ]
        if not diags:
            diags = [
                Diagnostic(
                    file=project.display(project.generated_config),
                    message=f"the site build failed: {exc}",
                )
            ]
        raise PolicySiteError(diags, "site build failed") from None
    finally:
        logger.removeHandler(collect)
    swap_in(tmp, site_dir)
    return time.perf_counter() - start


def swap_in(built: Path, site_dir: Path) -> None:
    """Put the folder `built` in place of `site_dir`; the old site is removed only after."""
    old = site_dir.parent / f".{site_dir.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    shutil.move(built, site_dir)
    shutil.rmtree(old, ignore_errors=True)
