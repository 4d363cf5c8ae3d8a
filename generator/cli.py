"""The `policy-site` command line: a thin shell over the library API in generator.pipeline."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.diagnostics import Diagnostic, PolicySiteError
from generator.project import Project

EPILOG = "Run `policy-site COMMAND --help` for a command's options. Docs: README.md."


def plural(n: int, word: str, many: str = "") -> str:
    """`1 policy`, `3 policies`."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _print_diagnostics(diags: Sequence[Diagnostic]) -> None:
    """Print diagnostics to stderr, in file and line order."""
    for d in diags:
        print(d.format(), file=sys.stderr)


def _fail(exc: PolicySiteError) -> int:
    """Report a failed run: every diagnostic, then the count."""
    _print_diagnostics(exc.diagnostics)
    warnings = sum(1 for d in exc.diagnostics if d.severity == "warning")
    tail = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    print(f"{exc.summary()}{tail}", file=sys.stderr)
    return 1


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    """check: validate every record."""
    from generator.pipeline import check

    checked = check(project, args.strict)
    _print_diagnostics(checked.warnings)
    site = checked.site
    print(
        f"ok: {plural(len(site.policies), 'policy', 'policies')}, "
        f"{plural(len(site.dimensions), 'dimension')}, {plural(len(site.sources), 'source')}"
    )
    return 0


def cmd_generate(args: argparse.Namespace, project: Project) -> int:
    """generate: check, then write Markdown pages and navigation."""
    from generator.pipeline import generate

    start = time.perf_counter()
    gen = generate(project, args.strict)
    _print_diagnostics(gen.warnings)
    r = gen.pages
    print(
        f"generated {project.display(project.docs_dir)}: {len(r.written)} written, "
        f"{r.unchanged} unchanged, {len(r.removed)} removed "
        f"({time.perf_counter() - start:.2f} s)"
    )
    return 0


def _whole_number(text: str) -> int:
    """argparse type for --jobs: a whole number of at least 1."""
    if not text.strip().isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


def _generate_and_build(args: argparse.Namespace, project: Project, site_dir: Path) -> str:
    """Generate, print the check's warnings, then build into `site_dir` with the engine asked
    for (MkDocs on --jobs processes, or Zensical); return `from N policies[ with Zensical]`."""
    from generator.pipeline import generate
    from generator.site_build import build_site_dir
    from generator.zensical_build import build_with_zensical, zensical_command

    zensical = getattr(args, "engine", "mkdocs") == "zensical"
    if zensical:
        if args.jobs is not None:
            raise PolicySiteError(
                [
                    Diagnostic(
                        file=f"policy-site {args.command}",
                        message="--jobs sets the processes of the MkDocs build; Zensical "
                        "chooses its own",
                        hint="leave out --jobs with --engine zensical",
                    )
                ]
            )
        zensical_command()  # fail before generating when Zensical is missing
    gen = generate(project, args.strict)
    _print_diagnostics(gen.warnings)
    if zensical:
        _print_diagnostics(build_with_zensical(project, site_dir, args.strict)[1])
        return f"from {gen.policies} policies with Zensical"
    build_site_dir(project, site_dir, args.jobs)
    return f"from {gen.policies} policies"


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    """build: check, generate, then build the static site."""
    start = time.perf_counter()
    site_dir = Path(args.site_dir) if args.site_dir else project.site_dir
    what = _generate_and_build(args, project, site_dir)
    target = project.display(site_dir)
    print(f"built {target}/ {what} ({time.perf_counter() - start:.1f} s)")
    return 0


def cmd_serve(args: argparse.Namespace, project: Project) -> int:
    """serve: live preview."""
    from generator.serve import serve

    serve(project, args.dev_addr, args.strict)
    return 0


def cmd_new(args: argparse.Namespace, project: Project) -> int:
    """new: scaffold a record."""
    from generator.scaffold import new_record

    path = new_record(project, args.id, title=args.title)
    print(f"created {project.display(path)}: fill it in, then run `policy-site check`")
    return 0


def cmd_extract(args: argparse.Namespace, project: Project) -> int:
    """extract: fill the records from articles, or print the JSON view."""
    from generator.extract.model_file import prefetch

    prefetch()  # on the other core while the rest is imported and the records are checked
    from generator.articles import extract, json_view

    paths = [Path(p) for p in args.paths] or [project.seeds_dir]
    report = extract(project, paths, jobs=args.jobs, write=not args.json, quiet=args.quiet)
    _print_diagnostics(report.warnings)
    if args.json:
        sys.stdout.write(json_view(report.evidences))
        return 0
    for change in report.changes:
        what = ", ".join(f"{n} {kind}" for kind, n in sorted(change.added.items()))
        print(f"updated {project.display(change.path)}: added {what}")
    n = len(report.evidences)
    print(f"extracted {plural(n, 'article')}; {plural(len(report.changes), 'record')} updated")
    return 0


def cmd_publish(args: argparse.Namespace, project: Project) -> int:
    """publish: build, then push the site to a branch of a git remote."""
    from generator.publish import publish_site

    _generate_and_build(args, project, project.site_dir)
    done = publish_site(project, None, args.remote, args.branch, args.message)
    state = "published" if done.changed else "unchanged, pushed"
    print(
        f"{state} {project.display(project.site_dir)}/ to {done.remote} {done.branch} "
        f"({done.commit[:12]})"
    )
    return 0


def cmd_bench(args: argparse.Namespace, project: Project) -> int:
    """bench: time each stage on synthetic projects."""
    from generator.bench import bench_command

    return bench_command(args)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with every command and option."""
    parser = argparse.ArgumentParser(
        prog="policy-site",
        description="Turn policy records (YAML) and articles into a static site that compares "
        "policies side by side.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"policy-site {__version__}")
    parser.add_argument(
        "-C",
        "--project",
        default=".",
        metavar="DIR",
        help="the project folder (holding mkdocs.yml and content/); default: .",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, help_: str, description: str) -> argparse.ArgumentParser:
        """A command with --strict."""
        p = sub.add_parser(name, help=help_, description=description, epilog=EPILOG)
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        return p

    def add_jobs(p: argparse.ArgumentParser) -> None:
        """`--jobs N` of the commands that build the site."""
        p.add_argument(
            "-j",
            "--jobs",
            type=_whole_number,
            metavar="N",
            help="build the pages on N processes; 1: MkDocs' own sequential build; "
            "default: all cores",
        )

    add(
        "check",
        "validate every record and report all errors",
        "Validate content/dimensions.yaml, content/site.yaml and every record in "
        "content/policies/ against the record format and against each other. Reports every "
        "error with file:line:column, then exits 1 with the count.",
    ).set_defaults(func=cmd_check)
    add(
        "generate",
        "check, then write the Markdown pages and navigation to build/",
        "Check, then write the Markdown pages to build/docs/ and the MkDocs configuration with "
        "the navigation to build/mkdocs.yml, for any MkDocs-compatible engine. Only files whose "
        "content changed are rewritten.",
    ).set_defaults(func=cmd_generate)
    p = add(
        "build",
        "check, generate, then build the static site into site/",
        "Check, generate, then build the static site with MkDocs (or Zensical) into site/. "
        "Any warning of the engine fails the build; the previous site/ stays until a build "
        "succeeds.",
    )
    p.add_argument("--site-dir", metavar="DIR", help="build into DIR instead of site/")
    p.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="the site builder; zensical needs the optional zensical package; default: mkdocs",
    )
    add_jobs(p)
    p.set_defaults(func=cmd_build)
    p = add(
        "serve",
        "live preview that rebuilds when a record or template changes",
        "Generate, then serve the site with live reload. Editing a record, "
        "content/dimensions.yaml, content/site.yaml or a template regenerates the pages and "
        "reloads the browser. Errors are printed and the last good pages stay.",
    )
    p.add_argument(
        "-a",
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="IP:PORT",
        help="address to serve on; default: 127.0.0.1:8000",
    )
    p.set_defaults(func=cmd_serve)
    p = add(
        "extract",
        "fill the policy records from articles (or print them as JSON)",
        "Read articles (plain text, Markdown with front matter, HTML), find which policy each "
        "sentence is about from the records' match words, and add quotes, figures and "
        "evidence per dimension to the records, with where each was found. Never removes or "
        "changes what a person wrote; items marked `review: rejected` stay rejected.",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="article files or folders; default: seeds/"
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="write nothing; print the extracted items as one JSON document",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="extract with N processes; default: all cores",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser(
        "new",
        help="create a new policy record with every field explained",
        description="Create content/policies/ID.yaml: a valid record with a "
        "comment explaining each field. Refuses to overwrite an existing record.",
        epilog=EPILOG,
    )
    p.add_argument(
        "id", help="the policy id: lower-case letters, digits and hyphens, e.g. eu-ai-act"
    )
    p.add_argument("--title", help="the policy's title; default: from the id")
    p.set_defaults(func=cmd_new)
    p = add(
        "publish",
        "build, then push the site to the gh-pages branch of a git remote",
        "Build the site, then commit site/ as the new tip of a branch (default gh-pages) and "
        "push it to a git remote (default origin), for GitHub Pages or any static host that "
        "serves a branch. The project's own branches, index and working tree are not touched.",
    )
    p.add_argument("--remote", default="origin", metavar="NAME", help="default: origin")
    p.add_argument("--branch", default="gh-pages", metavar="BRANCH", help="default: gh-pages")
    p.add_argument("-m", "--message", default="Publish the site", help="the commit message")
    add_jobs(p)
    p.set_defaults(func=cmd_publish)
    p = sub.add_parser(
        "bench",
        help="time each stage on synthetic projects of 10, 100 and 1,000 policies",
        description="Generate deterministic synthetic projects and time load + validate, "
        "render + write (against a CSafeLoader + bare Jinja floor), the site build (against a "
        "bare `mkdocs build`), no-op and one-record rebuilds, and extraction. Prints a table "
        "of medians, peak memory and the machine. The default run takes about 20 minutes.",
        epilog=EPILOG,
    )
    p.add_argument("--sizes", default="10,100,1000", metavar="N,N,...", help="policy counts")
    p.add_argument("--dimensions", type=int, default=12, metavar="D", help="default: 12")
    p.add_argument(
        "--articles",
        type=int,
        metavar="M",
        help="articles per size: min(10 × policies, M); default M: 2000. "
        "`--articles 10000` measures extraction memory at 10,000 articles",
    )
    p.add_argument("--runs", type=int, default=3, help="runs per figure (median); default: 3")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="only write the synthetic project of the largest size to DIR, then stop",
    )
    p.add_argument(
        "--engine-zensical",
        action="store_true",
        help="also time `zensical build` (needs the zensical package)",
    )
    p.set_defaults(func=cmd_bench)
    return parser


def entry() -> int:
    """The `policy-site` program: the command line, then an end without the collection that
    Python runs on exit, which would walk every object still alive (the records, the pages,
    the extraction's tables) only to free them with the process: 0.15 s after extracting 2,000
    articles on one core. (The objects are frozen: the collection leaves them alone.)"""
    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = make_parser()
    args = parser.parse_args(argv)
    project = Project(Path(args.project))
    try:
        return int(args.func(args, project))
    except PolicySiteError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        where = exc.filename or "policy-site"
        print(f"{where}: error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: say so plainly; the traceback only on request
        if os.environ.get("POLICY_SITE_DEBUG"):
            raise
        print(
            f"policy-site: internal error: {type(exc).__name__}: {exc}\n"
            "  hint: this is a bug in policy-site; rerun with POLICY_SITE_DEBUG=1 for the "
            "traceback and report it",
            file=sys.stderr,
        )
        return 70
