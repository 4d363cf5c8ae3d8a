"""Where a project's files are: one place that knows the folder layout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
"""A record id: lower-case letters, digits and single hyphens. Safe as a file and URL name."""

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = PACKAGE_DIR / "schema"


@dataclass(frozen=True)
class Project:
    """A policy-site project folder and the paths inside it."""

    root: Path

    @property
    def content_dir(self) -> Path:
        """The hand-kept YAML: dimensions, site settings and policy records."""
        return self.root / "content"

    @property
    def policies_dir(self) -> Path:
        """One YAML record per policy."""
        return self.content_dir / "policies"

    @property
    def dimensions_file(self) -> Path:
        """The comparison dimensions."""
        return self.content_dir / "dimensions.yaml"

    @property
    def settings_file(self) -> Path:
        """The site's title, introduction and label language."""
        return self.content_dir / "site.yaml"

    @property
    def templates_dir(self) -> Path:
        """The Jinja templates that turn records into Markdown."""
        return self.root / "templates"

    @property
    def mkdocs_file(self) -> Path:
        """The user's MkDocs configuration (theme, extensions)."""
        return self.root / "mkdocs.yml"

    @property
    def build_dir(self) -> Path:
        """Generated, not committed: Markdown pages, navigation and the site config."""
        return self.root / "build"

    @property
    def docs_dir(self) -> Path:
        """The generated Markdown pages."""
        return self.build_dir / "docs"

    @property
    def generated_config(self) -> Path:
        """The generated MkDocs configuration with the navigation."""
        return self.build_dir / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        """The built static site."""
        return self.root / "site"

    @property
    def seeds_dir(self) -> Path:
        """Articles to extract from by default."""
        return self.root / "seeds"

    def display(self, path: Path) -> str:
        """A path as shown to the user: relative to the project when inside it, with slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def policy_file(self, policy_id: str) -> Path:
        """The record file of `policy_id`; refuses ids that could leave the policies folder."""
        if not ID_PATTERN.match(policy_id):
            raise ValueError(f"not a valid policy id: {policy_id!r}")
        return self.policies_dir / f"{policy_id}.yaml"
