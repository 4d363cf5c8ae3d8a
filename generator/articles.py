"""The extract command's driver: find articles, extract them in parallel, report, merge."""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from functools import partial
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from generator.diagnostics import Diagnostic, PolicySiteError
from generator.extract import (
    Article,
    ArticleEvidence,
    DimensionCues,
    PolicyMatcher,
    evidence_to_json,
    extract_article,
)
from generator.extract.language import load_model_in_background
from generator.extract.pipeline import warm_up
from generator.extract.read import read_text, with_language
from generator.model import Site
from generator.parallel import die_with_parent, paused_gc
from generator.pipeline import check
from generator.project import Project

if TYPE_CHECKING:
    from generator.merge import RecordChange

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
PROGRESS_THRESHOLD = 5
"""More articles than this get a progress bar."""
BATCH = 16
"""Articles read together before they are extracted. Language detection walks tables of tens
of megabytes; detecting the languages of a batch in a row keeps them in the CPU cache, reading
and extraction in between would not (about a twentieth less time in all)."""


def find_articles(project: Project, paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Every article file under `paths` (files as given, folders searched), sorted, no repeats."""
    named, diags = _named_articles(project, paths)
    return [path for _, path in named], diags


def _named_articles(
    project: Project, paths: Sequence[Path]
) -> tuple[list[tuple[str, Path]], list[Diagnostic]]:
    """find_articles with each file's name as shown (as project.display shows it)."""
    found: dict[str, Path] = {}
    diags: list[Diagnostic] = []
    root = project.root.resolve()
    for path in paths:
        if path.is_dir():
            for p, real in _files_under(path):
                if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith("."):
                    try:
                        found[real.relative_to(root).as_posix()] = p
                    except ValueError:
                        found[p.as_posix()] = p
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
    return [(k, found[k]) for k in sorted(found)], diags


def _files_under(folder: Path) -> Iterator[tuple[Path, Path]]:
    """The files that `folder.rglob("*")` lists (it does not enter symlinked folders), each with
    its resolved path: resolving one folder serves all its files that are no symlinks, where
    resolving every file (as project.display does) took most of the time of finding them."""
    stack = [(folder, folder.resolve())]
    while stack:
        here, real = stack.pop()
        try:
            with os.scandir(here) as entries:
                listed = list(entries)
        except PermissionError:
            continue  # as rglob: skipped
        for entry in listed:
            path = here / entry.name
            if entry.is_symlink():
                if path.is_file():
                    yield path, path.resolve()
            elif entry.is_dir():
                stack.append((path, real / entry.name))
            elif entry.is_file():
                yield path, real / entry.name


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


def _init_worker(
    policies: tuple[PolicyMatcher, ...],
    dims: tuple[DimensionCues, ...],
    parent: int = 0,
    views: bool = False,
) -> None:
    """Give a worker process the matchers once, not with every article; with `views`, it also
    writes each article's part of the JSON view (see _article_view)."""
    if parent:
        die_with_parent(parent)
    _WORKER["policies"], _WORKER["dimensions"] = policies, dims
    _WORKER["views"] = views


@dataclass(frozen=True)
class ArticleView:
    """All that `extract --json` needs of an article's evidence: its part of the JSON view and
    the actors it mentions that no record covers. Workers send it instead of the evidence,
    which would cost more to send and to rebuild than to extract in the first place."""

    text: str
    unknown_actors: dict[str, int]


Result = tuple[str, ArticleEvidence | ArticleView | None, list[Diagnostic]]


def _reading(name: str, read: Callable[[], Article]) -> Article | Result:
    """An article `read` reads, or the result of a failed read."""
    try:
        return read()
    except PolicySiteError as exc:
        return name, None, exc.diagnostics
    except (RecursionError, MemoryError, ValueError) as exc:
        return name, None, [Diagnostic(file=name, message=f"cannot extract: {exc}")]


def _named(article: Article, name: str) -> Article:
    """The article with its language, named as the project shows it (so that provenance stays
    portable): with_language's warnings still name the file as given."""
    return replace(with_language(article), path=name)


def _extract_read(name: str, article: Article) -> Result:
    """Extract one article that was read; errors come back as diagnostics, not exceptions."""
    try:
        ev = extract_article(article, _WORKER["policies"], _WORKER["dimensions"])
        if _WORKER["views"]:
            with suppress(TypeError):  # a value json_view leaves to json.dumps
                return name, ArticleView(_article_view(ev), ev.unknown_actors), list(ev.warnings)
        return name, ev, list(ev.warnings)
    except PolicySiteError as exc:
        return name, None, exc.diagnostics
    except (RecursionError, MemoryError, ValueError) as exc:
        return name, None, [Diagnostic(file=name, message=f"cannot extract: {exc}")]


def _extract_batch(batch: Sequence[tuple[str, str]]) -> list[Result]:
    """Read a batch of articles, detect their languages, then extract them (see BATCH)."""
    texts = [_reading(name, partial(read_text, Path(path))) for name, path in batch]
    read = [
        _reading(name, partial(_named, text, name)) if isinstance(text, Article) else text
        for (name, _), text in zip(batch, texts, strict=True)
    ]
    return [
        _extract_read(name, done) if isinstance(done, Article) else done
        for (name, _), done in zip(batch, read, strict=True)
    ]


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
    views: bool = False,
) -> Iterator[Result]:
    """Extract every article, over `jobs` processes; results come in input order.

    With `views` (the results are for json_view), workers write each article's part of the
    JSON view, in parallel, and send it instead of the evidence (see ArticleView).
    """
    if jobs <= 1 or len(jobs_list) <= 1:
        _init_worker(policies, dims)
        for start in range(0, len(jobs_list), BATCH):
            for result in _extract_batch(jobs_list[start : start + BATCH]):
                on_done()
                yield result
        return
    from concurrent.futures import ProcessPoolExecutor  # only with workers (0.01 s to import)

    size = max(1, min(BATCH, len(jobs_list) // (jobs * 4)))
    batches = [jobs_list[i : i + size] for i in range(0, len(jobs_list), size)]
    parent = os.getpid()
    with ProcessPoolExecutor(
        jobs, initializer=_init_worker, initargs=(policies, dims, parent, views)
    ) as pool:
        for results in pool.map(_extract_batch, batches):
            for result in results:
                on_done()
                yield result


@dataclass
class ExtractReport:
    """What an extract run found and did."""

    evidences: list[tuple[str, ArticleEvidence | ArticleView]] = field(default_factory=list)
    """Each article's evidence; without `write`, from workers, its ArticleView instead."""
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
    model_loaded = load_model_in_background()
    site = check(project).site  # with the collector paused, as check does
    named, diags = _named_articles(project, paths)
    if not named and not diags:
        diags.append(
            Diagnostic(
                file=", ".join(p.as_posix() for p in paths),
                message="no articles found",
                hint=f"articles are files ending in {', '.join(ARTICLE_SUFFIXES)}",
            )
        )
    policies, dims = matchers(site)
    progress = Progress(len(named), stream or sys.stderr, not quiet)
    report = ExtractReport()
    jobs = jobs or os.cpu_count() or 1
    job_list = [(name, str(path)) for name, path in named]
    if job_list:
        warm_up(policies, dims)  # while the language model loads; workers inherit both
    model_loaded()  # before reading articles, and before forking workers
    with paused_gc():
        steps = run_extraction(job_list, policies, dims, jobs, progress.step, views=not write)
        for name, ev, found in steps:
            diags += [d for d in found if d.severity == "error"]
            report.warnings += [d for d in found if d.severity != "error"]
            if ev is not None:
                report.evidences.append((name, ev))
    if any(d.severity == "error" for d in diags):
        raise PolicySiteError(diags + report.warnings, "extract failed; no record was changed")
    report.warnings += unknown_actor_hints(report.evidences)
    if not write:
        return report
    from generator.merge import apply_merge, plan_merge  # only to write: ruamel.yaml

    records = {p.id: project.root / p.file for p in site.policies}
    evidences = [(n, ev) for n, ev in report.evidences if isinstance(ev, ArticleEvidence)]
    assert len(evidences) == len(report.evidences), "workers send views only without `write`"
    changes, problems = plan_merge(records, evidences, {d.id for d in site.dimensions})
    if problems:
        raise PolicySiteError(problems, "extract failed; no record was changed")
    problems = apply_merge(changes)
    if problems:
        raise PolicySiteError(problems, "extract stopped")
    report.changes = changes
    return report


def unknown_actor_hints(
    evidences: Sequence[tuple[str, ArticleEvidence | ArticleView]],
) -> list[Diagnostic]:
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


def json_view(evidences: Sequence[tuple[str, ArticleEvidence | ArticleView]]) -> str:
    """The stable machine-readable view of `extract --json`."""
    with paused_gc():
        try:
            articles = [_article_view(ev) for _, ev in evidences]
        except TypeError:  # a type _indented does not write: json.dumps knows best
            doc = {"articles": [_as_json(ev) for _, ev in evidences]}
            return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        if not articles:
            return '{\n  "articles": []\n}\n'
        return '{\n  "articles": [\n    ' + ",\n    ".join(articles) + "\n  ]\n}\n"


def _as_json(ev: ArticleEvidence | ArticleView) -> Any:
    """An article of json_view as JSON values (a view sent by a worker read back)."""
    return json.loads(ev.text) if isinstance(ev, ArticleView) else evidence_to_json(ev)


def _article_view(ev: ArticleEvidence | ArticleView) -> str:
    """`_indented(evidence_to_json(ev), 2)`: one article of json_view, remembered with `ev`.

    Workers write it where the evidence is made (see run_extraction) and it travels with the
    evidence, in its instance dictionary (not a field: equality and the record stay as they
    are); the evidence is frozen, so the text stays true to it.
    """
    if isinstance(ev, ArticleView):
        return ev.text
    view: str | None = ev.__dict__.get("_view")
    if view is None:
        view = _indented(evidence_to_json(ev), 2)
        object.__setattr__(ev, "_view", view)
    return view


def _indented(value: Any, level: int) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` for dicts, lists and scalars.

    The same text in about half the time: with an indent, json encodes in pure Python through
    nested generators. Raises TypeError for anything else (tuples, other types, other keys).
    """
    kind = type(value)
    if kind is not dict and kind is not list:
        return _json_scalar(value)
    if not value:
        return "{}" if kind is dict else "[]"
    inner = "\n" + "  " * (level + 1)
    if kind is dict:
        items = [encode_basestring(k) + ": " + _indented(v, level + 1) for k, v in value.items()]
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * level + "}"
    items = [_indented(v, level + 1) for v in value]
    return "[" + inner + ("," + inner).join(items) + "\n" + "  " * level + "]"


def _json_scalar(value: Any) -> str:
    """A string, number, boolean or None as json writes it; TypeError for other values."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None or kind is bool:
        return "null" if value is None else "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        if value in (math.inf, -math.inf):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    raise TypeError(f"not a plain JSON value: {kind.__name__}")
