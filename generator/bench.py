"""The benchmark behind `policy-site bench`: each stage timed on synthetic projects of N policies.

Every figure is the median of `runs` runs on fresh copies (cold) unless it is a rebuild. The
site builds and extraction run as child processes, as a user runs them. Peak memory is that of
the benchmark process (in-process check and generate) and of the largest single process of a
`policy-site build` or `extract` run (workers included). Articles per size: min(10 × N,
--articles), default cap 2,000 (about 9 MB of text), which keeps the default run (10, 100,
1,000 policies, 3 runs) at about 15 minutes on 2 cores; `--articles 10000` at 1,000 policies
gives the memory figure for 10,000 articles.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from generator import __version__
from generator.bench_preview import measure_preview
from generator.bench_run import (
    Child,
    floor,
    fresh_copy,
    median,
    mkdocs,
    policy_site,
    progress,
    run_child,
    set_aside,
    write_full_nav_config,
)
from generator.diagnostics import Diagnostic, PolicySiteError
from generator.pipeline import Generated, check, generate
from generator.project import Project
from generator.synthetic import make_project

ARTICLES_PER_POLICY = 10
ARTICLE_CAP = 2000
"""Default cap on articles per size; `--articles 10000` measures memory at 10,000."""
SITE_BUILD_RUNS = 3
"""Cold site builds take ~30 s each at 1,000 policies: at most this many runs."""
SLOW_EXTRACT_S = 120.0
"""When one single-process extraction run takes longer than this, it runs only once."""


class BenchError(Exception):
    """A stage that must work failed (a bug, not a slow result)."""


@dataclass
class Options:
    """What to measure."""

    sizes: list[int]
    dimensions: int = 12
    articles: int | None = None
    runs: int = 3
    zensical: bool = False
    seed: int = 0

    def command(self) -> str:
        """The command line that repeats this measurement."""
        sizes = ",".join(str(n) for n in sorted(set(self.sizes)))
        line = (
            f"policy-site bench --sizes {sizes} --dimensions {self.dimensions} --runs {self.runs}"
        )
        if self.articles is not None:
            line += f" --articles {self.articles}"
        return line + (" --engine-zensical" if self.zensical else "")

    def articles_for(self, policies: int) -> int:
        """Articles in the project of `policies` policies."""
        cap = ARTICLE_CAP if self.articles is None else self.articles
        return min(ARTICLES_PER_POLICY * policies, cap)


def _mib(kib: int) -> float:
    """ru_maxrss (KiB on Linux) in MiB."""
    return round(kib / 1024, 1)


def _version(dist: str) -> str | None:
    """An installed distribution's version, or None."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str | None:
    """The CPU model name from /proc/cpuinfo, where there is one."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    return match.group(1).strip() if match else None


def machine() -> dict[str, Any]:
    """The machine and the versions the figures were measured with."""
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "policy_site": __version__,
        "mkdocs": _version("mkdocs"),
        "material": _version("mkdocs-material"),
        "jinja2": _version("jinja2"),
        "pyyaml": _version("pyyaml"),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "zensical": _version("zensical"),
    }


def paired_runs(runs: int) -> int:
    """How many times the paired measurements run (generate and the floor; extract with --jobs
    1 and 2): 2 × `runs` + 1. Their ratios are the figures a noisy machine moves most, and they
    take seconds, not minutes: they get more samples than the site builds."""
    return 2 * runs + 1


def measure_generate(pristine: Path, work: Path, runs: int) -> tuple[dict[str, Any], Project]:
    """Cold check, cold generate and the floor, interleaved per run; the last copy is kept.

    Every run works in folders of its own, set aside (not deleted) after the last run: see
    `set_aside`. Generate and the floor run back to back, the floor first in every other run
    so that neither always runs first; the ratio is the median of the runs' own ratios, so a
    slow spell of the machine that lasts a run weighs on both sides of it alike.
    """
    checks, gens, loads, renders, ratios = [], [], [], [], []
    pages = 0
    project = Project(pristine)
    used: list[Path] = []
    count = paired_runs(runs)
    for run in range(count):
        progress(f"  load + validate, generate, floor: run {run + 1}/{count}")
        project = fresh_copy(pristine, work, f"check-{run}", seeds=False)
        used.append(project.root)
        start = time.perf_counter()
        check(project)
        checks.append(time.perf_counter() - start)
        project = fresh_copy(pristine, work, f"generate-{run}", seeds=False)
        used.append(project.root)
        floor_dir = work / f"floor-{run}"
        used.append(floor_dir)
        if run % 2:
            load, render = floor(project, floor_dir)
        start = time.perf_counter()
        gen = generate(project)
        gens.append(time.perf_counter() - start)
        pages = len(gen.pages.written) + gen.pages.unchanged
        if not run % 2:
            load, render = floor(project, floor_dir)
        loads.append(load)
        renders.append(render)
        ratios.append(gens[-1] / (load + render))
    for folder in used[:-2] + used[-1:]:
        set_aside(folder, work)
    out = {
        "pages": pages,
        "generate_runs": count,
        "load_validate_s": median(checks),
        "generate_s": median(gens),
        "render_write_s": max(0.0, median(gens) - median(checks)),
        "floor_s": median([a + b for a, b in zip(loads, renders, strict=True)]),
        "floor_load_s": median(loads),
        "floor_render_write_s": median(renders),
        "generate_floor_ratio": median(ratios),
    }
    return out, project


def _changed(gen: Generated) -> list[str]:
    """The files a generate run wrote or removed."""
    files = [f"build/docs/{f}" for f in gen.pages.written + gen.pages.removed]
    return files + (["build/mkdocs.yml"] if gen.config_written else [])


def _pages_showing(project: Project, text: str) -> set[str]:
    """The generated files that contain `text`."""
    return {
        f"build/docs/{p.relative_to(project.docs_dir).as_posix()}"
        for p in project.docs_dir.rglob("*")
        if p.is_file() and text in p.read_text(encoding="utf-8", errors="replace")
    }


def measure_rebuilds(project: Project, runs: int) -> dict[str, Any]:
    """A no-op generate, then generates after changing one stance in one record."""
    noop_times, noop_counts = [], []
    for _ in range(runs):
        start = time.perf_counter()
        gen = generate(project)
        noop_times.append(time.perf_counter() - start)
        noop_counts.append(len(_changed(gen)))
    records = sorted(project.policies_dir.glob("*.yaml"))
    record = records[len(records) // 2]
    edit_times: list[float] = []
    rewritten: list[str] = []
    only_showing = True
    for run in range(runs):
        stance = f"edited stance {run + 1}"
        text = record.read_text(encoding="utf-8")
        text = re.sub(r"^(\s+stance: ).*$", rf"\g<1>{stance}", text, count=1, flags=re.M)
        record.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        gen = generate(project)
        edit_times.append(time.perf_counter() - start)
        rewritten = _changed(gen)
        only_showing = only_showing and set(rewritten) <= _pages_showing(project, stance)
    return {
        "noop_generate_s": median(noop_times),
        "noop_rewritten": max(noop_counts),
        "edit_record": project.display(record),
        "edit_generate_s": median(edit_times),
        "edit_rewritten": rewritten,
        "edit_rewrites_only_showing": only_showing,
    }


SITE_BUILD_KEYS = (
    "site_build_s", "mkdocs_build_s", "fullnav_build_s", "build_mkdocs_ratio",
    "build_fullnav_ratio", "nav_alone_ratio", "zensical_build_s", "build_peak_mib",
)  # fmt: skip


def _site_build_run(project: Project, zensical: bool) -> dict[str, Child]:
    """One cold run of each site build on a fresh copy; raises BenchError if one fails."""
    root = project.root
    children: dict[str, Child] = {}

    def run(name: str, cmd: list[str], must: bool = True) -> None:
        progress(f"  site build: {name}")
        children[name] = child = run_child(cmd)
        if child.code and must:
            raise BenchError(f"{name} failed: {child.reason()}")

    run("policy-site build", policy_site("-C", str(root), "build"))
    bare = str(root / "bare")
    run("bare mkdocs build", mkdocs("build", "-q", "-f", str(project.generated_config), "-d", bare))
    full = str(write_full_nav_config(project))
    run("every policy in nav", mkdocs("build", "-q", "-f", full, "-d", str(root / "full")))
    if zensical:
        site = str(root / "zensical-site")
        cmd = policy_site("-C", str(root), "build", "--engine", "zensical", "--site-dir", site)
        run("zensical build", cmd, must=False)
    return children


def measure_site_build(pristine: Path, work: Path, runs: int, zensical: bool) -> dict[str, Any]:
    """Cold `policy-site build`, bare `mkdocs build` of its pages, and with all policies in nav."""
    runs = min(runs, SITE_BUILD_RUNS)
    out: dict[str, Any] = {"site_build_runs": runs, "site_build_error": None}
    out |= dict.fromkeys(SITE_BUILD_KEYS)
    out["zensical_note"] = None if zensical else "not asked (--engine-zensical)"
    done: list[dict[str, Child]] = []
    for run in range(runs):
        progress(f"  site builds, cold: run {run + 1}/{runs}")
        project = fresh_copy(pristine, work, "site")
        try:
            done.append(_site_build_run(project, zensical))
        except BenchError as exc:
            out["site_build_error"] = str(exc)
            return out
        finally:
            set_aside(project.root, work)

    def med(name: str) -> float:
        return median([run[name].seconds for run in done])

    out["site_build_s"] = med("policy-site build")
    out["mkdocs_build_s"] = med("bare mkdocs build")
    out["fullnav_build_s"] = med("every policy in nav")
    out["build_mkdocs_ratio"] = out["site_build_s"] / out["mkdocs_build_s"]
    out["build_fullnav_ratio"] = out["site_build_s"] / out["fullnav_build_s"]
    # The navigation's share alone: both built by bare MkDocs on one core.
    out["nav_alone_ratio"] = out["mkdocs_build_s"] / out["fullnav_build_s"]
    out["build_peak_mib"] = max(run["policy-site build"].peak_mib for run in done)
    if zensical:
        failed = [run["zensical build"] for run in done if run["zensical build"].code]
        out["zensical_note"] = failed[0].reason() if failed else None
        out["zensical_build_s"] = None if failed else med("zensical build")
    return out


EXTRACT_KEYS = (
    "articles", "mb", "runs", "startup_s", "jobs1_s", "jobs2_s", "jobs1_mb_s", "jobs2_mb_s",
    "jobs1_net_mb_s", "jobs2_net_mb_s", "speedup", "identical", "peak_mib",
)  # fmt: skip


def _not_available(reason: str) -> dict[str, Any]:
    """The extraction figures when extraction cannot run."""
    return {"available": False, "reason": reason, **dict.fromkeys(EXTRACT_KEYS)}


def measure_extract(pristine: Path, work: Path, runs: int) -> dict[str, Any]:
    """`extract --json -q` with --jobs 1 and 2 as child processes: MB/s, speedup, identity.

    Each run times both back to back, --jobs 2 first in every other run; the speedup is the
    median of the runs' own ratios, so that a slow spell of the machine weighs on both alike.
    """
    project = fresh_copy(pristine, work, "extract")
    files = sorted(p for p in project.seeds_dir.glob("*") if p.is_file())
    if not files:
        return _not_available("no articles (--articles 0)")
    mb = sum(p.stat().st_size for p in files) / 1e6

    def extract(jobs: int, *paths: str) -> Child:
        args = ("extract", "--json", "-q", "--jobs", str(jobs), *paths)
        return run_child(policy_site("-C", str(project.root), *args))

    try:
        progress("  extract: start-up (one article)")
        startup = extract(1, str(files[0]))
        if startup.code:
            return _not_available(startup.reason())
        times: dict[int, list[float]] = {1: [], 2: []}
        outputs: set[bytes] = set()
        peak = 0.0
        count = paired_runs(runs)
        for run in range(count):
            for jobs in (1, 2) if run % 2 == 0 else (2, 1):
                progress(f"  extract --jobs {jobs}: {len(files)} articles, run {run + 1}/{count}")
                child = extract(jobs)
                if child.code:
                    return _not_available(child.reason())
                times[jobs].append(child.seconds)
                outputs.add(child.out)
                peak = max(peak, child.peak_mib)
            if times[1][0] > SLOW_EXTRACT_S:
                break
    except OSError as exc:
        return _not_available(f"cannot run extract: {exc}")
    finally:
        set_aside(project.root, work)
    j1, j2 = median(times[1]), median(times[2])
    return {
        "available": True,
        "reason": None,
        "articles": len(files),
        "mb": mb,
        "runs": len(times[1]),
        "startup_s": startup.seconds,
        "jobs1_s": j1,
        "jobs2_s": j2,
        "jobs1_mb_s": mb / j1,
        "jobs2_mb_s": mb / j2,
        "jobs1_net_mb_s": mb / max(j1 - startup.seconds, 1e-9),
        "jobs2_net_mb_s": mb / max(j2 - startup.seconds, 1e-9),
        # Each run's own ratio of its two back-to-back runs, as for generate and the floor.
        "speedup": median([a / b for a, b in zip(times[1], times[2], strict=True)]),
        "identical": len(outputs) == 1,
        "peak_mib": peak,
    }


def measure_size(policies: int, opts: Options, work: Path) -> dict[str, Any]:
    """Every figure for one project size."""
    articles = opts.articles_for(policies)
    pristine = work / f"pristine-{policies}"
    progress(f"{policies} policies × {opts.dimensions} dimensions, {articles} articles")
    project = make_project(pristine, policies, opts.dimensions, articles, opts.seed)
    record_bytes = sum(p.stat().st_size for p in project.policies_dir.glob("*.yaml"))
    result: dict[str, Any] = {
        "policies": policies,
        "dimensions": opts.dimensions,
        "articles": articles,
        "record_mb": record_bytes / 1e6,
    }
    figures, generated = measure_generate(pristine, work, opts.runs)
    result |= figures
    progress("  no-op and one-record edit rebuilds")
    result |= measure_rebuilds(generated, opts.runs)
    set_aside(generated.root, work)
    result |= measure_site_build(pristine, work, opts.runs, opts.zensical)
    result |= measure_preview(pristine, work, opts.runs)
    result["extract"] = measure_extract(pristine, work, opts.runs)
    result["peak_mib"] = {
        "bench": _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "build": result.pop("build_peak_mib"),
        "extract": result["extract"]["peak_mib"],
    }
    set_aside(pristine, work)
    return result


def run_bench(opts: Options) -> dict[str, Any]:
    """Measure every size in ascending order; return the figures (see bench_report)."""
    from generator.bench_report import done_when

    started = time.perf_counter()
    sizes = []
    with tempfile.TemporaryDirectory(prefix="policy-site-bench-") as tmp:
        for policies in sorted(set(opts.sizes)):
            sizes.append(measure_size(policies, opts, Path(tmp)))
    result = {
        "command": opts.command(),
        "machine": machine(),
        "options": {
            "sizes": sorted(set(opts.sizes)),
            "dimensions": opts.dimensions,
            "articles": opts.articles,
            "runs": opts.runs,
            "seed": opts.seed,
        },
        "sizes": sizes,
        "total_s": time.perf_counter() - started,
    }
    result["checks"] = done_when(result)
    return result


def _usage_error(message: str, hint: str = "") -> PolicySiteError:
    """A bad option of the bench command as a diagnostic."""
    return PolicySiteError([Diagnostic(file="policy-site bench", message=message, hint=hint)])


def parse_sizes(text: str) -> list[int]:
    """`10,100,1000` as a list of policy counts."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        raise _usage_error(f"--sizes: expected numbers of policies like 10,100,1000; got {text!r}")
    return sizes


def bench_command(args: argparse.Namespace) -> int:
    """The `bench` command: --out writes the project; else measure and print table or JSON."""
    from generator.bench_report import format_table

    opts = Options(
        sizes=parse_sizes(args.sizes),
        dimensions=args.dimensions,
        articles=args.articles,
        runs=args.runs,
        zensical=args.engine_zensical,
    )
    if opts.runs < 1 or opts.dimensions < 1 or (opts.articles or 0) < 0:
        raise _usage_error("--runs and --dimensions must be at least 1, --articles at least 0")
    if opts.zensical:
        from generator.zensical_build import zensical_command

        zensical_command()  # says how to install it when it is missing
    if args.out:
        out = Path(args.out)
        if out.exists() and any(out.iterdir()):
            raise _usage_error(f"--out: {out} is not empty", "give a new or empty folder")
        make_project(out, max(opts.sizes), opts.dimensions, opts.articles_for(max(opts.sizes)))
        print(
            f"wrote a synthetic project to {out}: {max(opts.sizes)} policies, "
            f"{opts.dimensions} dimensions, {opts.articles_for(max(opts.sizes))} articles; "
            f"try `policy-site -C {out} build`"
        )
        return 0
    try:
        result = run_bench(opts)
    except BenchError as exc:
        raise _usage_error(str(exc), "the synthetic project should always build; a bug") from None
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(format_table(result), end="")
    return 0
