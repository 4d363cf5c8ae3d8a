"""Load stage: read the project's YAML files (dimensions, site settings, policy records)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.parallel import fork_map
from generator.project import Project
from generator.yamlfile import YamlDoc, read_yaml

RECORD_SUFFIXES = (".yaml", ".yml")


@dataclass
class RawRecords:
    """Everything read from content/, parsed but not yet validated."""

    dimensions: YamlDoc | None
    settings: YamlDoc | None
    policies: list[YamlDoc] = field(default_factory=list)


def policy_id_of(doc: YamlDoc) -> str:
    """A record's id: its file name without the extension."""
    name = doc.name.rsplit("/", 1)[-1]
    for suffix in RECORD_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def load_records(project: Project) -> tuple[RawRecords, list[Diagnostic]]:
    """Read every YAML file of the project; report each unreadable one, keep going."""
    diags: list[Diagnostic] = []
    dims: YamlDoc | None = None
    if project.dimensions_file.is_file():
        dims, found = read_yaml(project.dimensions_file, project.display(project.dimensions_file))
        diags += found
    else:
        diags.append(
            Diagnostic(
                file=project.display(project.dimensions_file),
                message="the dimensions file is missing",
                hint="create it with the comparison dimensions; see the README",
            )
        )
    settings: YamlDoc | None = None
    if project.settings_file.is_file():
        settings, found = read_yaml(project.settings_file, project.display(project.settings_file))
        diags += found
    policies: list[YamlDoc] = []
    if not project.policies_dir.is_dir():
        diags.append(
            Diagnostic(
                file=project.display(project.policies_dir),
                message="the policies folder is missing",
                hint="create it, then add a record with `policy-site new <id>`",
            )
        )
        return RawRecords(dims, settings, policies), diags
    paths: list[tuple[Path, str]] = []
    for path in sorted(project.policies_dir.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix not in RECORD_SUFFIXES:
            diags.append(
                Diagnostic(
                    file=project.display(path),
                    severity="warning",
                    message="not a .yaml file; ignored",
                    hint="policy records are named <id>.yaml",
                )
            )
            continue
        paths.append((path, project.display(path)))
    for doc, found in fork_map(_read_record, paths):
        diags += found
        if doc is not None:
            policies.append(doc)
    return RawRecords(dims, settings, policies), diags


def _read_record(job: tuple[Path, str]) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Read one record (a picklable function, for the worker processes)."""
    return read_yaml(*job)
