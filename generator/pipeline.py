"""The library API behind the command line: check, generate and build a project."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, PolicySiteError
from generator.export import export_files
from generator.fingerprint import (
    diagnostics_from_json,
    diagnostics_to_json,
    input_fingerprint,
    save_state,
    unchanged_summary,
)
from generator.load import RawRecords, load_records
from generator.model import Site, build_site
from generator.pages import not_in_nav
from generator.parallel import fork_map_commit, paused_gc
from generator.project import Project
from generator.render import render_job
from generator.site_config import site_config
from generator.validate import policy_schema_check, validate_records
from generator.write import PageWriter, WriteReport, write_if_changed


@dataclass
class Checked:
    """A project that passed the checks: its raw records, the site model and any warnings."""

    raw: RawRecords
    site: Site
    warnings: list[Diagnostic] = field(default_factory=list)


def check(project: Project, strict: bool = False) -> Checked:
    """Load and validate every record; raise PolicySiteError listing all errors found."""
    with paused_gc():
        raw, diags = load_records(project, check=policy_schema_check)
        diags += validate_records(raw)
        errors = [d for d in diags if d.severity == "error" or strict]
        if errors:
            raise PolicySiteError(sorted(diags), "check failed")
        return Checked(raw, build_site(raw), sorted(diags))


def asset_files(project: Project) -> dict[str, bytes]:
    """Static files (CSS, scripts) copied from templates/assets into the generated pages."""
    root = project.templates_dir / "assets"
    if not root.is_dir():
        return {}
    return {
        f"assets/{p.relative_to(root).as_posix()}": p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@dataclass
class Generated:
    """What generate did; `skipped` when nothing had changed since the last run."""

    warnings: list[Diagnostic]
    policies: int
    pages: WriteReport
    config_written: bool
    skipped: bool = False
    raw: RawRecords | None = None
    """The records as read (not kept when the run was skipped)."""


def generate(project: Project, strict: bool = False) -> Generated:
    """Check, then write the Markdown pages, assets and the generated MkDocs configuration."""
    fingerprint = input_fingerprint(project, strict)
    last = unchanged_summary(project, fingerprint)
    if last is not None:
        return Generated(
            diagnostics_from_json(last["warnings"]),
            last["policies"],
            WriteReport(unchanged=last["files"]),
            False,
            skipped=True,
        )
    with paused_gc():  # most of what a generation builds stays to the end: nothing to collect
        return _generate(project, strict, fingerprint)


OPEN_DATA = -1
"""The job of making the open data files, among the page indexes of a generation's jobs."""


def _write_pages(
    project: Project, checked: Checked, writer: PageWriter
) -> tuple[WriteReport, list[Any], list[tuple[str, bool]]]:
    """Render every page and make the open data on all cores; write them and the assets with
    `writer` once all rendered. Returns the report, the navigation and (file, whether written)
    for every file."""
    files = asset_files(project)
    with render_job(checked.site, project) as job:

        def make(task: int) -> tuple[dict[str, bytes], Diagnostic | None]:
            """The file of the page at index `task` (or the open data's files), or its error."""
            if task == OPEN_DATA:
                return export_files(checked.raw, checked.site), None
            path, text, error = job.render(task)
            return ({path: text.encode("utf-8")} if text is not None else {}), error

        # Every process writes the files it made, once all pages rendered without an error.
        errors, written = fork_map_commit(
            make,
            [OPEN_DATA, *job.order],
            problems=lambda made: [made[1]] if made[1] else [],
            commit=lambda made: [(rel, writer.put(rel, data)) for rel, data in made[0].items()],
        )
        if errors:
            raise PolicySiteError(sorted(errors), "rendering failed")
    made = [pair for part in written for pair in part]
    made += [(rel, writer.put(rel, data)) for rel, data in files.items()]
    report = writer.finish([rel for rel, _ in made], [rel for rel, wrote in made if wrote])
    return report, job.nav, made


def _generate(project: Project, strict: bool, fingerprint: str) -> Generated:
    """Generate everything, whose inputs have the given fingerprint."""
    checked = check(project, strict)
    writer = PageWriter(project.docs_dir)
    try:
        report, nav, made = _write_pages(project, checked, writer)
    except BaseException:
        writer.abandon()
        raise
    settings = checked.site.settings
    config = site_config(project, nav, settings, not_in_nav=not_in_nav(checked.site))
    config_written = write_if_changed(project.generated_config, config)
    outputs = [project.docs_dir / rel for rel, _ in sorted(made)] + [project.generated_config]
    summary = {
        "warnings": diagnostics_to_json(checked.warnings),
        "policies": len(checked.site.policies),
        "files": len(made),
    }
    save_state(project, fingerprint, outputs, summary)
    return Generated(
        checked.warnings, len(checked.site.policies), report, config_written, raw=checked.raw
    )


def build(
    project: Project, strict: bool = False, site_dir: Path | None = None, jobs: int | None = None
) -> Generated:
    """Check, generate, then build the static site (pages on `jobs` processes, default: all
    cores); the old site stays until the new one is done."""
    from generator.site_build import build_site_dir

    generated = generate(project, strict)
    build_site_dir(project, site_dir or project.site_dir, jobs)
    return generated
