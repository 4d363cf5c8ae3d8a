"""Optional site build with Zensical on the same generated pages (`build --engine zensical`).

Zensical is not a dependency of policy-site: it is found as the `zensical` script next to the
running Python, as an importable module, or on PATH. It takes the site folder only from its
configuration, and only inside the configuration's own folder, so a temporary copy of
build/mkdocs.yml points it at build/.zensical-site/; that folder replaces the site only when
the build succeeded. Zensical's cache stays in build/.cache/.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, PolicySiteError
from generator.project import Project
from generator.site_build import swap_in
from generator.site_config import dump_config, load_config_text

TMP_CONFIG = ".zensical.yml"
TMP_SITE = ".zensical-site"
TAIL_LINES = 12

SUPPORTED_PLUGINS = frozenset((
    "api-autonav", "autorefs", "awesome-nav", "blog", "callouts", "exclude", "gh-admonitions",
    "glightbox", "include-markdown", "literate-nav", "llmstxt", "macros", "mkdocs-nav-weight",
    "markdown-exec", "markdownextradata", "meta", "mike", "minify", "mkdocs-audio",
    "mkdocs-autoapi", "mkdocs-video", "mkdocstrings", "offline", "privacy", "redirects", "rss",
    "search", "social", "table-reader", "tags",
))  # fmt: skip
"""The MkDocs plugins Zensical 0.0.73 knows; it skips any other without a word."""

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ISSUE = re.compile(r"^(?:Warning|Error): (.+)\n.*?\[ (\S+?):(\d+):(\d+) \]", re.MULTILINE)
_HEADER = "# Temporary copy of mkdocs.yml for `policy-site build --engine zensical`.\n"


def zensical_command() -> list[str]:
    """How to run Zensical: the script next to this Python, `python -m zensical`, or PATH."""
    beside = shutil.which("zensical", path=str(Path(sys.executable).parent))
    if beside:
        return [beside]
    if importlib.util.find_spec("zensical") is not None:
        return [sys.executable, "-m", "zensical"]
    on_path = shutil.which("zensical")
    if on_path:
        return [on_path]
    raise PolicySiteError(
        [
            Diagnostic(
                file="policy-site build",
                message="--engine zensical: Zensical is not installed (not beside this Python, "
                "not importable, not on PATH)",
                hint="pip install zensical; it is optional, and without --engine the site is "
                "built with MkDocs",
            )
        ],
        "site build failed",
    )


def _plugin_names(plugins: Any) -> list[str]:
    """The plugin names of an MkDocs `plugins:` list or mapping."""
    if isinstance(plugins, dict):
        return [str(name) for name in plugins]
    if isinstance(plugins, list):
        return [str(next(iter(p))) if isinstance(p, dict) and p else str(p) for p in plugins]
    return []


def ignored_features(project: Project, config: dict[str, Any]) -> list[Diagnostic]:
    """Warnings for what the configuration uses that Zensical skips, changing the site."""
    ignored = ["`hooks:`"] if config.get("hooks") else []
    for name in _plugin_names(config.get("plugins")):
        base = name.removeprefix("material/").split("/")[0]
        if base not in SUPPORTED_PLUGINS:
            ignored.append(f"the plugin `{name}`")
    return [
        Diagnostic(
            file=project.display(project.mkdocs_file),
            message=f"Zensical ignores {what}: the site it builds lacks what that adds",
            hint="build with MkDocs (leave out --engine) to get it",
            severity="warning",
        )
        for what in ignored
    ]


def write_config(project: Project) -> tuple[Path, list[Diagnostic]]:
    """Write build/.zensical.yml, building into build/.zensical-site/ in Material's classic
    look unless mkdocs.yml picks a `theme: variant:`; return it and what Zensical ignores."""
    config = load_config_text(project.generated_config.read_text(encoding="utf-8"))
    config["site_dir"] = TMP_SITE
    if isinstance(config.get("theme"), str):
        config["theme"] = {"name": config["theme"]}
    if isinstance(config.get("theme"), dict):
        config["theme"].setdefault("variant", "classic")
    path = project.build_dir / TMP_CONFIG
    path.write_text(_HEADER + dump_config(config), encoding="utf-8")
    return path, ignored_features(project, config)


def _tail(text: str) -> list[str]:
    """The last non-empty lines of Zensical's output, a Python traceback cut to its last line."""
    lines = text.splitlines()
    if "Traceback (most recent call last):" in lines:
        lines = lines[: lines.index("Traceback (most recent call last):")] + lines[-1:]
    return [line.rstrip() for line in lines if line.strip()][-TAIL_LINES:]


def failure_diagnostics(project: Project, output: str, code: int) -> list[Diagnostic]:
    """Zensical's failure as diagnostics: each located issue, then the last lines it printed."""
    text = _ANSI.sub("", output)
    issues = [
        Diagnostic(
            file=project.display(project.docs_dir / m[2]),
            line=int(m[3]),
            column=int(m[4]),
            message=m[1],
            hint="Zensical warned; fix the cause (a template or a record)",
        )
        for m in _ISSUE.finditer(text)
    ]
    tail = _tail(text)
    last = tail[-1] if tail else "no output"
    shown = not issues and len(tail) > 1
    summary = Diagnostic(
        file=project.display(project.generated_config),
        message=f"zensical build failed (exit {code}): {last}",
        hint="any Zensical warning fails the build, as with MkDocs" if issues else "",
        context="\n".join(f"  | {line}" for line in tail) if shown else "",
    )
    return [*issues, summary]


def build_with_zensical(
    project: Project, site_dir: Path, strict: bool = False
) -> tuple[float, list[Diagnostic]]:
    """Build the generated pages with Zensical into `site_dir`; the old site stays if it fails.
    Return the seconds it took and warnings about what Zensical ignores (errors if `strict`)."""
    start = time.perf_counter()
    command = zensical_command()
    tmp = project.build_dir / TMP_SITE
    shutil.rmtree(tmp, ignore_errors=True)
    config, warnings = write_config(project)
    if strict and warnings:
        config.unlink()
        errors = [dataclasses.replace(d, severity="error") for d in warnings]
        raise PolicySiteError(errors, "site build failed")
    try:
        run = subprocess.run(
            [*command, "build", "--strict", "-f", str(config)],
            cwd=project.build_dir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env={**os.environ, "NO_COLOR": "1"},
        )
    finally:
        config.unlink(missing_ok=True)
    if run.returncode or not (tmp / "index.html").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        output = run.stdout if run.returncode else run.stdout + "\nno index.html was written"
        diags = failure_diagnostics(project, output, run.returncode)
        raise PolicySiteError(warnings + diags, "site build failed")
    swap_in(tmp, site_dir.resolve())
    return time.perf_counter() - start, warnings
