"""The extract command's driver: find articles, extract them in parallel, report, merge."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from generator.diagnostics import Diagnostic, PolicySiteError
from generator.extract import (
    ArticleEvidence,
    DimensionCues,
    PolicyMatcher,
    evidence_to_json,
    extract_article,
    read_article,
)
from generator.merge import RecordChange, apply_merge, plan_merge
from generator.model import Site
from generator.parallel import die_with_parent
from generator.pipeline import check
from generator.project import Project

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
PROGRESS_THRESHOLD = 5
"""More articles than this get a progress bar."""


def find_articles(project: Project, paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Every article file under `paths` (files as given, folders searched), sorted, no repeats."""
    found: dict[str, Path] = {}
    diags: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            for p in path.rglob("*"):
                if (
                    p.is_file()
                    and p.suffix.lower() in ARTICLE_SUFFIXES
                    and not p.name.startswith(".")
                ):
                    found[project.display(p)] = p
        elif path.is_file():
            found[project.display(path)] = path
        else:
            diags.append(
                Diagnostic(
                    file=path.as_posix(),
                    message="no such file or folder",
                    hint="give article files or folders holding them",
                )
            )
    return [found[k] for k in sorted(found)], diags


def matchers(site: Site) -> tuple[tuple[PolicyMatcher, ...], tuple[DimensionCues, ...]]:
    """What extraction looks for, from the records and dimensions (all data, nothing built in)."""
    policies = tuple(
        PolicyMatcher(
            p.id,
            tuple(
                dict.fromkeys(
                    [p.actor.name, *(w for words in p.match_words.values() for w in words)]
                )
            ),
        )
        for p in site.policies
    )
    dimensions = tuple(
        DimensionCues(d.id, tuple(dict.fromkeys(c for cues in d.cues.values() for c in cues)))
        for d in site.dimensions
    )
    return policies, dimensions


_WORKER: dict[str, Any] = {}


def _init_worker(policies: tuple[PolicyMatcher, ...], dims: tuple[DimensionCues, ...]) -> None:
    """Give a worker process the matchers once, not with every article."""
    die_with_parent()
    _WORKER["policies"], _WORKER["dimensions"] = policies, dims


def _extract_one(job: tuple[str, str]) -> tuple[str, ArticleEvidence | None, list[Diagnostic]]:
    """Read and extract one article; errors come back as diagnostics, not exceptions."""
    name, path = job
    try:
        article = read_article(Path(path))
        # Provenance names the article relative to the project, so it stays portable.
        article = replace(article, path=name)
        ev = extract_article(article, _WORKER["policies"], _WORKER["dimensions"])
        return name, ev, list(ev.warnings)
    except PolicySiteError as exc:
        return name, None, exc.diagnostics
    except (RecursionError, MemoryError, ValueError) as exc:
        return name, None, [Diagnostic(file=name, message=f"cannot extract: {exc}")]


class Progress:
    """A progress bar on stderr (a line per 10 % when stderr is not a terminal)."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.enabled = enabled and total > PROGRESS_THRESHOLD
        self.tty = stream.isatty()
        self.last_step = -1

    def step(self) -> None:
        """One more article done."""
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "." * (width - filled)
            end = "\n" if self.done == self.total else ""
            self.stream.write(f"\rextracting [{bar}] {self.done}/{self.total} articles{end}")
        else:
            step = 10 * self.done // self.total
            if step != self.last_step:
                self.last_step = step
                self.stream.write(f"extracting: {self.done}/{self.total} articles\n")
        self.stream.flush()


def run_extraction(
    jobs_list: list[tuple[str, str]],
    policies: tuple[PolicyMatcher, ...],
    dims: tuple[DimensionCues, ...],
    jobs: int,
    on_done: Callable[[], None],
) -> Iterator[tuple[str, ArticleEvidence | None, list[Diagnostic]]]:
    """Extract every article, over `jobs` processes; results come in input order."""
    if jobs <= 1 or len(jobs_list) <= 1:
        _init_worker(policies, dims)
        for job in jobs_list:
            result = _extract_one(job)
            on_done()
            yield result
        return
    chunk = max(1, min(16, len(jobs_list) // (jobs * 4)))
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(policies, dims)) as pool:
        for result in pool.map(_extract_one, jobs_list, chunksize=chunk):
            on_done()
            yield result


@dataclass
class ExtractReport:
    """What an extract run found and did."""

    evidences: list[tuple[str, ArticleEvidence]] = field(default_factory=list)
    changes: list[RecordChange] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def extract(
    project: Project,
    paths: Sequence[Path],
    jobs: int = 0,
    write: bool = True,
    quiet: bool = False,
    stream: TextIO | None = None,
) -> ExtractReport:
    """Check the records, extract every article, then (if `write`) merge into the records."""
    site = check(project).site
    files, diags = find_articles(project, paths)
    if not files and not diags:
        diags.append(
            Diagnostic(
                file=", ".join(p.as_posix() for p in paths),
                message="no articles found",
                hint=f"articles are files ending in {', '.join(ARTICLE_SUFFIXES)}",
            )
        )
    policies, dims = matchers(site)
    progress = Progress(len(files), stream or sys.stderr, not quiet)
    report = ExtractReport()
    jobs = jobs or os.cpu_count() or 1
    job_list = [(project.display(f), str(f)) for f in files]
    for name, ev, found in run_extraction(job_list, policies, dims, jobs, progress.step):
        diags += [d for d in found if d.severity == "error"]
        report.warnings += [d for d in found if d.severity != "error"]
        if ev is not None:
            report.evidences.append((name, ev))
    if any(d.severity == "error" for d in diags):
        raise PolicySiteError(diags + report.warnings, "extract failed; no record was changed")
    report.warnings += unknown_actor_hints(report.evidences)
    if not write:
        return report
    records = {p.id: project.root / p.file for p in site.policies}
    changes, problems = plan_merge(records, report.evidences, {d.id for d in site.dimensions})
    if problems:
        raise PolicySiteError(problems, "extract failed; no record was changed")
    problems = apply_merge(changes)
    if problems:
        raise PolicySiteError(problems, "extract stopped")
    report.changes = changes
    return report


def unknown_actor_hints(evidences: list[tuple[str, ArticleEvidence]]) -> list[Diagnostic]:
    """A warning per article that mentions actors no record covers, with a way to add one."""
    out = []
    for name, ev in evidences:
        if not ev.unknown_actors:
            continue
        listed = ", ".join(f"{actor} ({n}×)" for actor, n in sorted(ev.unknown_actors.items()))
        out.append(
            Diagnostic(
                file=name,
                severity="warning",
                message=f"mentions actors that no record covers: {listed}",
                hint="to compare them, add a record with `policy-site new <id>`, list their "
                "names under match_words, then extract again",
            )
        )
    return out


def json_view(evidences: list[tuple[str, ArticleEvidence]]) -> str:
    """The stable machine-readable view of `extract --json`."""
    doc = {"articles": [evidence_to_json(ev) for _, ev in evidences]}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
