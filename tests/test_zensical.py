"""`policy-site build --engine zensical`: finding Zensical, its temporary config, the site swap."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import zensical_build
from generator.diagnostics import PolicySiteError
from generator.project import Project

FAKE = """#!{python}
\"\"\"A stand-in for `zensical build`: logs how it was run, then writes site_dir/index.html.\"\"\"
import json, os, sys
from pathlib import Path

import yaml

args = sys.argv[1:]
config = Path(args[args.index("-f") + 1])
text = config.read_text(encoding="utf-8")
log = {{"args": args, "cwd": os.getcwd(), "config": text}}
Path(os.environ["FAKE_ZENSICAL_LOG"]).write_text(json.dumps(log), encoding="utf-8")
if os.environ.get("FAKE_ZENSICAL_FAIL"):
    print("Build started")
    print("\\x1b[33mWarning:\\x1b[0m page does not exist", file=sys.stderr)
    print("    \\x1b[38;5;246m╭─[ quotes.md:3:9 ]\\x1b[0m", file=sys.stderr)
    print("Traceback (most recent call last):", file=sys.stderr)
    print('  File "main.py", line 81, in execute_build', file=sys.stderr)
    print("RuntimeError: Aborted because --strict flag is set", file=sys.stderr)
    sys.exit(1)
site = config.parent / yaml.safe_load(text)["site_dir"]
site.mkdir(parents=True)
(site / "index.html").write_text("<p>fake zensical</p>", encoding="utf-8")
"""


def _hide_real_zensical(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No zensical beside this Python, none importable, none on PATH."""
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "zensical" else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-venv" / "bin" / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))


@pytest.fixture
def fake_zensical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake `zensical` on PATH (and nowhere else); returns the file it logs its run to."""
    python = sys.executable
    _hide_real_zensical(monkeypatch, tmp_path)
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    script = bin_dir / "zensical"
    script.write_text(FAKE.format(python=python), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PYTHONIOENCODING", "utf-8")
    log = tmp_path / "zensical-run.json"
    monkeypatch.setenv("FAKE_ZENSICAL_LOG", str(log))
    return log


def test_missing_zensical_is_a_clear_error(
    project: Project, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hide_real_zensical(monkeypatch, tmp_path)
    result = cli("-C", str(project.root), "build", "--engine", "zensical")
    assert result.code == 1
    assert "error: --engine zensical: Zensical is not installed" in result.err
    assert "hint: pip install zensical" in result.err
    assert "Traceback" not in result.err
    assert not project.build_dir.exists(), "nothing is generated without an engine"
    assert not project.site_dir.exists()


def test_zensical_is_found_beside_python_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hide_real_zensical(monkeypatch, tmp_path)
    bin_dir = Path(sys.executable).parent
    bin_dir.mkdir(parents=True)
    (bin_dir / "zensical").write_text("#!/bin/sh\n", encoding="utf-8")
    (bin_dir / "zensical").chmod(0o755)
    assert zensical_build.zensical_command() == [str(bin_dir / "zensical")]


def test_zensical_is_run_as_a_module_when_importable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hide_real_zensical(monkeypatch, tmp_path)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *args: object())
    assert zensical_build.zensical_command() == [sys.executable, "-m", "zensical"]


def test_fake_zensical_builds_the_site_and_leaves_nothing_behind(
    project: Project, cli, fake_zensical: Path
) -> None:
    project.site_dir.mkdir()
    (project.site_dir / "old.html").write_text("old", encoding="utf-8")
    result = cli("-C", str(project.root), "build", "--engine", "zensical")
    assert result.code == 0, result.err
    assert re.fullmatch(r"built site/ from 3 policies with Zensical \(\d+\.\d s\)\n", result.out)
    assert result.err == ""
    run = json.loads(fake_zensical.read_text(encoding="utf-8"))
    config = project.build_dir / ".zensical.yml"
    assert run["args"] == ["build", "--strict", "-f", str(config)]
    assert Path(run["cwd"]) == project.build_dir
    assert "\nsite_dir: .zensical-site\n" in run["config"]
    assert "\ndocs_dir: docs\n" in run["config"]
    assert "  variant: classic\n" in run["config"]
    assert "custom_dir: ../templates/theme" in run["config"]
    assert (project.site_dir / "index.html").read_text(encoding="utf-8") == "<p>fake zensical</p>"
    assert not (project.site_dir / "old.html").exists()
    assert sorted(p.name for p in project.build_dir.iterdir() if p.name.startswith(".")) == [
        ".policy-site-records.json",
        ".policy-site-state.json",
    ]
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".")) == []


def test_fake_zensical_builds_into_another_site_dir(
    project: Project, cli, fake_zensical: Path, tmp_path: Path
) -> None:
    out = tmp_path / "elsewhere" / "public"
    out.parent.mkdir()
    result = cli("-C", str(project.root), "build", "--engine", "zensical", "--site-dir", str(out))
    assert result.code == 0, result.err
    assert (out / "index.html").is_file()
    assert not project.site_dir.exists()


def test_failed_zensical_build_keeps_the_old_site(
    project: Project, cli, fake_zensical: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.site_dir.mkdir()
    (project.site_dir / "old.html").write_text("old", encoding="utf-8")
    monkeypatch.setenv("FAKE_ZENSICAL_FAIL", "1")
    result = cli("-C", str(project.root), "build", "--engine", "zensical")
    assert result.code == 1
    assert "build/docs/quotes.md:3:9: error: page does not exist" in result.err
    assert (
        "build/mkdocs.yml: error: zensical build failed (exit 1): "
        "RuntimeError: Aborted because --strict flag is set"
    ) in result.err
    assert "Traceback" not in result.err and "\x1b[" not in result.err
    assert result.err.endswith("site build failed: 2 errors\n")
    assert (project.site_dir / "old.html").read_text(encoding="utf-8") == "old"
    assert not (project.build_dir / ".zensical.yml").exists()
    assert not (project.build_dir / ".zensical-site").exists()


def test_what_zensical_ignores_is_a_warning(project: Project, cli, fake_zensical: Path) -> None:
    text = project.mkdocs_file.read_text(encoding="utf-8")
    text = text.replace("  - search\n", "  - search\n  - git-revision-date-localized\n")
    project.mkdocs_file.write_text(text + "hooks:\n  - hooks.py\n", encoding="utf-8")
    result = cli("-C", str(project.root), "build", "--engine", "zensical")
    assert result.code == 0, result.err
    assert "mkdocs.yml: warning: Zensical ignores `hooks:`" in result.err
    assert "warning: Zensical ignores the plugin `git-revision-date-localized`" in result.err
    strict = cli("-C", str(project.root), "build", "--engine", "zensical", "--strict")
    assert strict.code == 1
    assert "mkdocs.yml: error: Zensical ignores `hooks:`" in strict.err
    assert not (project.build_dir / ".zensical.yml").exists()


def test_jobs_does_not_apply_to_zensical(project: Project, cli, fake_zensical: Path) -> None:
    result = cli("-C", str(project.root), "build", "--engine", "zensical", "--jobs", "2")
    assert result.code == 1
    assert "--jobs sets the processes of the MkDocs build" in result.err
    assert not fake_zensical.exists()


def _real_zensical() -> list[str] | None:
    """The installed Zensical's command, if any."""
    try:
        return zensical_build.zensical_command()
    except PolicySiteError:
        return None


@pytest.mark.slow
@pytest.mark.skipif(_real_zensical() is None, reason="zensical is not installed")
def test_real_zensical_builds_the_seed_site(project: Project, cli) -> None:
    result = cli("-C", str(project.root), "build", "--engine", "zensical")
    assert result.code == 0, result.err
    assert (project.site_dir / "index.html").is_file()
    for record in project.policies_dir.glob("*.yaml"):
        assert (project.site_dir / "policies" / record.stem / "index.html").is_file()
    assert (project.site_dir / "compare" / "index.html").is_file()
    assert not (project.build_dir / ".zensical.yml").exists()
    assert not (project.build_dir / ".zensical-site").exists()
    assert not (project.root / ".cache").exists()
