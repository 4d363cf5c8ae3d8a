"""The command line: help for every command, exit codes, `new`, and no traceback ever."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import make_parser
from generator.pipeline import check
from generator.project import Project

COMMANDS = ("check", "generate", "build", "serve", "new")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, cli) -> None:
    with pytest.raises(SystemExit) as exc:
        cli(command, "--help")
    assert exc.value.code == 0


def test_check_passes_on_the_seed_project(project: Project, cli) -> None:
    result = cli("-C", str(project.root), "check")
    assert result.code == 0
    assert result.out == "ok: 3 policies, 7 dimensions, 1 source\n"


def test_new_scaffolds_a_valid_record_and_never_overwrites(project: Project, cli) -> None:
    result = cli("-C", str(project.root), "new", "eu-ai-act", "--title", "EU AI Act")
    assert result.code == 0
    text = (project.policies_dir / "eu-ai-act.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../generator/schema/")
    assert 'title: "EU AI Act"' in text
    assert "eu-ai-act" in [p.id for p in check(project).site.policies]
    (project.policies_dir / "eu-ai-act.yaml").write_text(text + "# my note\n", encoding="utf-8")
    again = cli("-C", str(project.root), "new", "eu-ai-act")
    assert again.code == 1
    assert "already exists" in again.err
    assert (
        (project.policies_dir / "eu-ai-act.yaml")
        .read_text(encoding="utf-8")
        .endswith("# my note\n")
    )


@pytest.mark.parametrize("bad", ["../escape", "Upper", "a_b", "a--b", ""])
def test_new_refuses_ids_that_are_not_safe_file_names(bad: str, project: Project, cli) -> None:
    result = cli("-C", str(project.root), "new", bad)
    assert result.code == 1
    assert "not a valid policy id" in result.err
    assert not list(project.root.glob("**/escape.yaml"))


def test_missing_project_folder_is_a_clear_error(tmp_path: Path, cli) -> None:
    result = cli("-C", str(tmp_path / "nowhere"), "check")
    assert result.code == 1
    assert "content/dimensions.yaml: error: the dimensions file is missing" in result.err


def test_bad_input_never_prints_a_traceback(project: Project) -> None:
    (project.policies_dir / "bad.yaml").write_bytes(b"\xff\xfe garbage \x00")
    (project.policies_dir / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000)
    (project.policies_dir / "bomb.yaml").write_text(
        'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n'
    )
    run = subprocess.run(
        [sys.executable, "-m", "generator", "-C", str(project.root), "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "content/policies/bad.yaml:1: error: the file is not valid UTF-8" in run.stderr
    assert "content/policies/bomb.yaml" in run.stderr and "aliases" in run.stderr
    assert "content/policies/deep.yaml" in run.stderr


def test_parser_lists_every_command() -> None:
    help_text = make_parser().format_help()
    for command in COMMANDS:
        assert command in help_text


@pytest.mark.parametrize("bad", ["0", "-1", "x", "1.5"])
def test_build_jobs_must_be_a_whole_number_of_at_least_one(
    bad: str, cli, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        cli("build", "--jobs", bad)
    assert exc.value.code == 2
    assert f"argument -j/--jobs: must be a whole number of at least 1, not '{bad}'" in (
        capsys.readouterr().err
    )


def test_build_and_publish_take_jobs_and_build_an_engine() -> None:
    parser = make_parser()
    assert parser.parse_args(["build"]).jobs is None
    assert parser.parse_args(["build"]).engine == "mkdocs"
    assert parser.parse_args(["build", "-j", "3", "--engine", "zensical"]).jobs == 3
    assert parser.parse_args(["publish", "--jobs", "2"]).jobs == 2


def test_build_hands_jobs_to_the_site_build(
    project: Project, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import site_build

    seen: list[int | None] = []

    def fake_build(project: Project, site_dir: Path, jobs: int | None = None) -> float:
        seen.append(jobs)
        return 0.0

    monkeypatch.setattr(site_build, "build_site_dir", fake_build)
    for args in ([], ["--jobs", "1"], ["-j", "3"]):
        result = cli("-C", str(project.root), "build", *args)
        assert result.code == 0
        assert result.out.startswith("built site/ from 3 policies (")
    assert seen == [None, 1, 3]


@pytest.mark.slow
def test_build_with_one_job_builds_the_site(project: Project, cli) -> None:
    result = cli("-C", str(project.root), "build", "--jobs", "1")
    assert result.code == 0, result.err
    assert re.fullmatch(r"built site/ from 3 policies \(\d+\.\d s\)\n", result.out)
    assert (project.site_dir / "policies" / "us-ai-action-plan" / "index.html").is_file()
