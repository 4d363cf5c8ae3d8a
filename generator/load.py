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
from generator.record_cache import RecordCache, record_digest, record_line
from generator.yamlfile import YamlDoc, read_bytes, read_yaml, yaml_from_bytes

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
    results = _read_records(project, paths, check)
    checks: list[list[Diagnostic]] | None = [] if check else None
    for doc, found, checked in results:
        diags += found
        if doc is not None:
            policies.append(doc)
            if checks is not None:
                checks.append(checked)
    return RawRecords(dims, settings, policies, checks), diags


Read = tuple[YamlDoc | None, list[Diagnostic], list[Diagnostic]]
"""A record read: the document (None if unreadable), what reading found, what `check` found."""
Parsed = tuple[Read, str | None, str | None]
"""A record read, the hash of its bytes (None if unreadable) and its line for the record cache
(None when it came from there or cannot go there)."""


def _read_records(
    project: Project,
    paths: list[tuple[Path, str]],
    check: Callable[[YamlDoc], list[Diagnostic]] | None,
) -> list[Read]:
    """Read and check the policy records: from the record cache what it holds, the others
    parsed (on all cores when there are many); then keep the cache up to date.

    Without a cache, the workers read the files too (and hash what they parsed).
    """
    cache = RecordCache.open(project.build_dir)
    with paused_gc():
        results: list[Parsed | None] = [None] * len(paths)
        jobs: list[tuple[str, Path, bytes | Diagnostic | None]] = []
        for i, (path, name) in enumerate(paths):
            raw = read_bytes(path, name) if cache else None
            if isinstance(raw, bytes):
                digest, hit = cache.doc(name, raw)
                if hit is not None:
                    results[i] = ((hit, [], check(hit) if check else []), digest, None)
                    continue
            jobs.append((name, path, raw))
        parsed = iter(fork_map(partial(_parse_record, check), jobs))
        done = [result or next(parsed) for result in results]
    cache.save((digest, line) for _, digest, line in done)
    return [read for read, _, _ in done]


def _parse_record(
    check: Callable[[YamlDoc], list[Diagnostic]] | None,
    job: tuple[str, Path, bytes | Diagnostic | None],
) -> Parsed:
    """Parse one record (its bytes, or read now) and check it, in this process or in a forked
    worker."""
    name, path, raw = job
    if raw is None:
        raw = read_bytes(path, name)
    if isinstance(raw, Diagnostic):
        return (None, [raw], []), None, None
    digest = record_digest(raw)
    doc, found = yaml_from_bytes(raw, name)
    if doc is None:
        return (doc, found, []), digest, None
    return (doc, found, check(doc) if check else []), digest, record_line(doc)
