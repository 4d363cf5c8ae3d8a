"""Shared fixtures: a copy of the seed project, the CLI runner, and the built seed site."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from generator.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ("content", "templates", "mkdocs.yml", "seeds")

# The language model's prepared tables (see generator/extract/model_tables.py) go to the
# checkout's own cache folder, not the user's: the tests write nothing outside the checkout.
os.environ["XDG_CACHE_HOME"] = str(REPO / ".cache" / "xdg")


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden` rewrites the golden files instead of comparing with them."""
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/")


def copy_project(dest: Path) -> Path:
    """Copy the seed project (records, templates, config, seeds) to `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    # Records point editors at the schema by a relative path; keep it resolvable.
    (dest / "generator").mkdir(exist_ok=True)
    shutil.copytree(REPO / "generator" / "schema", dest / "generator" / "schema")
    return dest


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A fresh copy of the seed project."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def project(project_dir: Path) -> Project:
    """The seed project copy as a Project."""
    return Project(project_dir)


@dataclass
class Result:
    """What a CLI run printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `policy-site ARGS` in-process and capture its output."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project, built once per session; returns the project folder."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    assert main(["-C", str(root), "build"]) == 0
    return root
