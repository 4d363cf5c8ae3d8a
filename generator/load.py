"""Load stage: read the project's YAML files (dimensions, site settings, policy records)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.parallel import fork_map, paused_gc
from generator.project import Project
from generator.yamlfile import YamlDoc, read_yaml

RECORD_SUFFIXES = (".yaml", ".yml")


@dataclass
class RawRecords:
    """Everything read from content/, parsed but not yet validated."""

    dimensions: YamlDoc | None
    settings: YamlDoc | None
    policies: list[YamlDoc] = field(default_factory=list)
    checks: list[list[Diagnostic]] | None = None
    """What the check given to `load_records` found in each of `policies`, in the same order;
    None without a check (or once the policies are not the ones it checked)."""


def policy_id_of(doc: YamlDoc) -> str:
    """A record's id: its file name without the extension."""
    name = doc.name.rsplit("/", 1)[-1]
    for suffix in RECORD_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def load_records(
    project: Project, check: Callable[[YamlDoc], list[Diagnostic]] | None = None
) -> tuple[RawRecords, list[Diagnostic]]:
    """Read every YAML file of the project; report each unreadable one, keep going.

    `check` runs on each policy record right where it is read, in the workers that share the
    reading out (the validate stage passes its schema check), its findings kept in `checks`.
    """
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
    folder = project.display(project.policies_dir)
    with os.scandir(project.policies_dir) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name.startswith(".") or entry.is_dir():
            continue
        path = Path(entry.path)
        # A record's name as shown, without resolving each path (a symlink may lead elsewhere).
        name = project.display(path) if entry.is_symlink() else f"{folder}/{entry.name}"
        if path.suffix not in RECORD_SUFFIXES:
            diags.append(
                Diagnostic(
                    file=name,
                    severity="warning",
                    message="not a .yaml file; ignored",
                    hint="policy records are named <id>.yaml",
                )
            )
            continue
        paths.append((path, name))
    with paused_gc():
        results = fork_map(partial(_read_record, check), paths)
    checks: list[list[Diagnostic]] | None = [] if check else None
    for doc, found, checked in results:
        diags += found
        if doc is not None:
            policies.append(doc)
            if checks is not None:
                checks.append(checked)
    return RawRecords(dims, settings, policies, checks), diags


def _read_record(
    check: Callable[[YamlDoc], list[Diagnostic]] | None, job: tuple[Path, str]
) -> tuple[YamlDoc | None, list[Diagnostic], list[Diagnostic]]:
    """Read one record and check it (in this process or in a forked worker)."""
    doc, found = read_yaml(*job)
    return doc, found, check(doc) if check and doc is not None else []
