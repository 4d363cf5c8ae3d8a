"""Publish stage: commit the built site to a branch (gh-pages) and push it to a git remote.

Plain git plumbing with a temporary index, so the project's working tree, index and current
branch are never touched: the site's files become one commit on top of the branch's last one.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, PolicySiteError
from generator.project import Project

FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "policy-site",
    "GIT_AUTHOR_EMAIL": "policy-site@localhost",
    "GIT_COMMITTER_NAME": "policy-site",
    "GIT_COMMITTER_EMAIL": "policy-site@localhost",
}


@dataclass(frozen=True)
class Published:
    """What publish did."""

    remote: str
    branch: str
    commit: str
    changed: bool


def _git(
    project: Project, *args: str, env: dict[str, str] | None = None, data: bytes | None = None
) -> str:
    """Run git in the project folder; a failure becomes a diagnostic naming the command."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=project.root,
            env={**os.environ, **(env or {})},
            input=data,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise PolicySiteError(
            [Diagnostic(file="git", message="git is not installed", hint="install git")],
            "publish failed",
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise PolicySiteError(
            [Diagnostic(file=project.display(project.root), message=f"git {args[0]}: {message}")],
            "publish failed",
        )
    return done.stdout.decode("utf-8", "replace").strip()


def _ok(project: Project, *args: str) -> str | None:
    """Run git, returning None instead of failing (for questions like "does this ref exist?")."""
    try:
        return _git(project, *args)
    except PolicySiteError:
        return None


def _identity(project: Project) -> dict[str, str]:
    """A fallback author for machines without git user settings (fresh CI runners)."""
    if _ok(project, "config", "user.email") or os.environ.get("GIT_AUTHOR_EMAIL"):
        return {}
    return FALLBACK_IDENTITY


def publish_site(
    project: Project,
    site_dir: Path | None = None,
    remote: str = "origin",
    branch: str = "gh-pages",
    message: str = "Publish the site",
) -> Published:
    """Commit `site_dir` as the new tip of `branch` and push it to `remote`."""
    site_dir = (site_dir or project.site_dir).resolve()
    if not (site_dir / "index.html").is_file():
        raise PolicySiteError(
            [Diagnostic(file=project.display(site_dir), message="no built site to publish")],
            "publish failed",
        )
    if _ok(project, "rev-parse", "--git-dir") is None:
        raise PolicySiteError(
            [
                Diagnostic(
                    file=project.display(project.root),
                    message="not a git repository",
                    hint="run `git init` and `git remote add origin URL` in the project folder",
                )
            ],
            "publish failed",
        )
    if _ok(project, "remote", "get-url", remote) is None:
        raise PolicySiteError(
            [
                Diagnostic(
                    file=project.display(project.root),
                    message=f"no git remote named '{remote}'",
                    hint=f"add it with `git remote add {remote} URL`, or pass --remote NAME",
                )
            ],
            "publish failed",
        )
    git_dir = _git(project, "rev-parse", "--absolute-git-dir")
    local = f"refs/heads/{branch}"
    tracking = f"refs/remotes/{remote}/{branch}"
    # Build on what the remote has, so that the push is a fast-forward; a missing branch is fine.
    _ok(project, "fetch", "--quiet", remote, f"+{local}:{tracking}")
    parent = _ok(project, "rev-parse", "--verify", "--quiet", f"{tracking}^{{commit}}") or _ok(
        project, "rev-parse", "--verify", "--quiet", f"{local}^{{commit}}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        tree_of = ["-C", str(site_dir), "--git-dir", git_dir, "--work-tree", "."]
        _git(project, *tree_of, "add", "--all", "--force", "--", ".", env=env)
        blob = _git(project, "hash-object", "-w", "--stdin", data=b"")
        # GitHub Pages would otherwise run Jekyll, which drops files starting with "_".
        _git(project, "update-index", "--add", "--cacheinfo", f"100644,{blob},.nojekyll", env=env)
        tree = _git(project, "write-tree", env=env)
    if parent and _git(project, "rev-parse", f"{parent}^{{tree}}") == tree:
        commit, changed = parent, False
    else:
        parents = ["-p", parent] if parent else []
        commit = _git(project, "commit-tree", tree, *parents, "-m", message, env=_identity(project))
        changed = True
    _git(project, "update-ref", local, commit)
    _git(project, "push", "--quiet", remote, f"{local}:{local}")
    return Published(remote, branch, commit, changed)
