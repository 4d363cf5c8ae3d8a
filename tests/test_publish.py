"""`policy-site publish`: the built site becomes the gh-pages branch of a git remote."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.project import Project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def git(cwd: Path, *args: str) -> str:
    """Run git and return its output."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def git_bytes(cwd: Path, *args: str) -> bytes:
    """Run git and return its output as bytes."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True).stdout


@pytest.fixture
def remote(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A local bare repository as `origin` of the project, with no git user configured."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(bare))
    git(project.root, "init", "--quiet")
    git(project.root, "remote", "add", "origin", str(bare))
    return bare


def test_publish_pushes_the_built_site_to_gh_pages(project: Project, remote: Path, cli) -> None:
    result = cli("-C", str(project.root), "publish", "--message", "First publication")
    assert result.code == 0, result.err
    assert "published site/ to origin gh-pages" in result.out
    index = git_bytes(remote, "show", "gh-pages:index.html")
    assert index == (project.site_dir / "index.html").read_bytes()
    assert b"AI governance compared" in index
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert ".nojekyll" in files and "compare/index.html" in files
    assert "data/policies.json" in files and "assets/javascripts/compare.js" in files
    assert git(remote, "log", "--format=%s", "gh-pages").split("\n")[0] == "First publication"
    # The project's own state is untouched: no commit on its branch, nothing staged.
    assert git(project.root, "status", "--porcelain", "--untracked-files=no") == ""

    record = project.policies_dir / "us-ai-action-plan.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("cut red tape", "less red tape"),
        encoding="utf-8",
    )
    assert cli("-C", str(project.root), "publish").code == 0
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "2"
    assert b"less red tape" in git_bytes(remote, "show", "gh-pages:index.html")
    again = cli("-C", str(project.root), "publish")
    assert again.code == 0 and "unchanged" in again.out
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "2"


def test_publish_to_another_remote_and_branch(project: Project, remote: Path, cli) -> None:
    other = remote.parent / "other.git"
    git(remote.parent, "init", "--quiet", "--bare", str(other))
    git(project.root, "remote", "add", "mirror", str(other))
    result = cli("-C", str(project.root), "publish", "--remote", "mirror", "--branch", "site")
    assert result.code == 0, result.err
    assert (
        git_bytes(other, "show", "site:index.html")
        == (project.site_dir / "index.html").read_bytes()
    )


def test_publish_says_what_is_missing(project: Project, tmp_path: Path, cli) -> None:
    result = cli("-C", str(project.root), "publish")
    assert result.code == 1
    assert "not a git repository" in result.err
    git(project.root, "init", "--quiet")
    result = cli("-C", str(project.root), "publish", "--remote", "nowhere")
    assert result.code == 1
    assert "no git remote named 'nowhere'" in result.err
    assert "git remote add nowhere URL" in result.err
