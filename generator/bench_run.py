"""Benchmark helpers: timed child processes with their peak memory, copies, the floor."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator.project import Project
from generator.site_config import dump_config, load_config_text

FLOOR_TEMPLATE = """\
# {{ r.title }}

{{ r.summary }}

| Actor | {{ r.actor.name }} ({{ r.actor.kind }}, {{ r.actor.region }}) |
|---|---|
| Kind | {{ r.kind }} |
| Status | {{ r.status }} |
| Announced | {{ r.announced }} |

{% for id, p in r.positions.items() %}
## {{ id }}: {{ p.stance }} ({{ p.leaning }})

{{ p.text }}

{% for e in p.evidence %}
> {{ e.text }} ({{ e.source }})
{% endfor %}
{% endfor %}
## Quotes

{% for q in r.quotes %}
> {{ q.text }} — {{ q.speaker }}, {{ q.role }} ({{ q.source }})
{% endfor %}

## Figures

{% for f in r.figures %}
- {{ f.qualifier }} {{ f.value }} {{ f.unit }}: {{ f.text }} ({{ f.label }})
{% endfor %}

## Sources

{% for s in r.sources %}
- {{ s.title }}, {{ s.publisher }}, {{ s.date }}: {{ s.url }}
{% endfor %}
"""
"""The floor's one template: every field of a record, no escaping, no cross-references."""


def median(values: list[float]) -> float:
    """The median of a non-empty list."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def progress(message: str) -> None:
    """A progress line on stderr."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


TRASH = ".set-aside"
"""The folder of `work` that used folders are moved into, deleted with `work` at the end."""


def set_aside(folder: Path, work: Path) -> None:
    """Move a used folder out of the way, into `work`'s trash; delete nothing yet.

    Deleting thousands of files in the middle of the benchmark slows the file creations of the
    stages after it. On ext4 without a journal (as on the benchmark machine) a new file's inode
    is found by skipping, one by one, every inode freed in the last one to six minutes: there,
    creating 1,500 files right after deleting 3,000 took 0.30 s instead of 0.05 s. So every
    folder is renamed away, and the whole `work` folder is deleted once, at the end.
    """
    if not folder.exists():
        return
    trash = work / TRASH
    trash.mkdir(exist_ok=True)
    folder.rename(Path(tempfile.mkdtemp(dir=trash)) / folder.name)


def fresh_copy(pristine: Path, work: Path, name: str, seeds: bool = True) -> Project:
    """A new copy of the pristine synthetic project (no build/, no site/), for a cold run;
    without its articles unless `seeds` (generating does not read them)."""
    dest = work / name
    set_aside(dest, work)
    skip = ("build", "site") if seeds else ("build", "site", "seeds")
    shutil.copytree(pristine, dest, ignore=shutil.ignore_patterns(*skip))
    return Project(dest)


def floor(project: Project, out: Path) -> tuple[float, float]:
    """Load the records with CSafeLoader, render each with a bare Jinja loop; (load, render) s."""
    start = time.perf_counter()
    records: list[tuple[str, Any]] = []
    for path in sorted(project.policies_dir.glob("*.yaml")):
        records.append((path.stem, yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)))
    loaded = time.perf_counter()
    template = jinja2.Environment().from_string(FLOOR_TEMPLATE)
    out.mkdir(parents=True, exist_ok=True)
    for name, record in records:
        (out / f"{name}.md").write_text(template.render(r=record), encoding="utf-8")
    return loaded - start, time.perf_counter() - loaded


@dataclass
class Child:
    """What a timed child process did: seconds, exit code, output and peak memory."""

    seconds: float
    code: int
    out: bytes
    err: str
    peak_mib: float

    def reason(self) -> str:
        """The last line of the child's error output, for a one-line report."""
        lines = [line for line in self.err.strip().splitlines() if line.strip()]
        return lines[-1][:200] if lines else f"exit code {self.code}"


def child_env() -> dict[str, str]:
    """The environment of child processes: MkDocs' end-of-life banner off."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


_TIMER = """\
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as fh:
    fh.write(f"{seconds!r} {usage.ru_maxrss}")
sys.exit(min(abs(os.waitstatus_to_exitcode(status)), 255))
"""
"""Runs a command and records its time and peak memory. A process forked from the (large)
benchmark would count the benchmark's memory as its own peak (ru_maxrss survives fork and
exec), so the command is started from this small process instead."""


def run_child(cmd: list[str]) -> Child:
    """Run `cmd`, timed with perf_counter; peak memory from wait4 (descendants included)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = Path(tmp) / "report"
        timer = [sys.executable, "-c", _TIMER, str(report), *cmd]
        code = subprocess.run(timer, stdout=out, stderr=err, env=child_env(), check=False)
        out.seek(0)
        err.seek(0)
        seconds, kib = report.read_text(encoding="utf-8").split()
        return Child(
            float(seconds),
            code.returncode,
            out.read(),
            err.read().decode("utf-8", "replace"),
            int(kib) / 1024,
        )


def script(name: str, module: str, *args: str) -> list[str]:
    """The command line of the console script `name` next to this interpreter, else `-m`."""
    path = Path(sys.executable).parent / name
    return [str(path), *args] if path.is_file() else [sys.executable, "-m", module, *args]


def policy_site(*args: str) -> list[str]:
    """The command line of `policy-site ARGS`, as a user runs it."""
    return script("policy-site", "generator", *args)


def mkdocs(*args: str) -> list[str]:
    """The command line of `mkdocs ARGS`, as a user runs it."""
    return script("mkdocs", "mkdocs", *args)


def nav_paths(nav: Any) -> set[str]:
    """Every page path the navigation lists."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return set().union(*(nav_paths(item) for item in nav)) if nav else set()
    if isinstance(nav, dict):
        return set().union(*(nav_paths(v) for v in nav.values())) if nav else set()
    return set()


def find_section(nav: Any, index: str) -> list[Any] | None:
    """The navigation list that holds the page `index`, if any."""
    if isinstance(nav, list):
        if index in nav or any(isinstance(i, dict) and index in i.values() for i in nav):
            return nav
        for item in nav:
            found = find_section(item, index)
            if found is not None:
                return found
    elif isinstance(nav, dict):
        for value in nav.values():
            found = find_section(value, index)
            if found is not None:
                return found
    return None


def write_full_nav_config(project: Project) -> Path:
    """A copy of build/mkdocs.yml whose navigation lists every policy page."""
    config = load_config_text(project.generated_config.read_text("utf-8"))
    nav = config.get("nav") or []
    listed = nav_paths(nav)
    pages = sorted(
        f"policies/{p.name}"
        for p in (project.docs_dir / "policies").glob("*.md")
        if p.name != "index.md"
    )
    missing = [page for page in pages if page not in listed]
    section = find_section(nav, "policies/index.md")
    if section is not None:
        section.extend(missing)
    else:
        nav.append({"All policies": missing})
    config["nav"] = nav
    if isinstance(config.get("not_in_nav"), str):
        kept = [p for p in config["not_in_nav"].splitlines() if "policies" not in p]
        config["not_in_nav"] = "\n".join(kept)
    path = project.build_dir / "mkdocs-fullnav.yml"
    text = dump_config(config)
    path.write_text(text, encoding="utf-8")
    return path
