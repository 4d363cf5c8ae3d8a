"""The site build on several cores writes the same site as MkDocs' own build, warnings included."""

from __future__ import annotations

import filecmp
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator import mkdocs_parallel
from generator.pipeline import generate
from generator.project import Project
from generator.synthetic import make_project

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _build(project: Project, out: Path, jobs: int) -> list[str]:
    """Build the generated pages into `out`; return MkDocs' warnings and the abort, if any."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Keep()
    logger.addHandler(handler)
    try:
        config = load_config(str(project.generated_config), strict=True, site_dir=str(out))
        mkdocs_parallel.build(config, jobs=jobs, min_pages=1)
    except Abort as exc:
        messages.append(f"abort: {exc}")
    finally:
        logger.removeHandler(handler)
    return messages


def _files(root: Path) -> Iterator[str]:
    """Every file under `root`, relative."""
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix()


def _assert_same_tree(a: Path, b: Path) -> None:
    """Both folders hold the same files with the same bytes."""
    assert list(_files(a)) == list(_files(b))
    for rel in _files(a):
        assert filecmp.cmp(a / rel, b / rel, shallow=False), rel


@pytest.mark.parametrize("policies", [None, 45])
def test_two_jobs_write_the_same_site_as_mkdocs(tmp_path: Path, project: Project, policies):
    """Seed site and a compact 45-policy site: every file byte-identical, search index too."""
    if policies is not None:
        project = make_project(tmp_path / "synthetic", policies, 4, 20)
    generate(project)
    assert _build(project, tmp_path / "one", jobs=1) == []
    assert _build(project, tmp_path / "two", jobs=2) == []
    _assert_same_tree(tmp_path / "one", tmp_path / "two")
    assert (tmp_path / "two" / "search" / "search_index.json").stat().st_size > 1000
    if policies is not None:
        # Pages left out of the navigation take their title from their heading.
        record = sorted(project.policies_dir.glob("*.yaml"))[0]
        title = yaml.safe_load(record.read_text(encoding="utf-8"))["title"]
        html = (tmp_path / "two" / "policies" / record.stem / "index.html").read_text("utf-8")
        assert f"<title>{title} - " in html


def test_two_jobs_report_the_same_warnings(tmp_path: Path, project: Project) -> None:
    """A page with a broken link and a missing anchor: same warnings, same abort, same order."""
    generate(project)
    (project.docs_dir / "broken.md").write_text(
        "# Broken\n\n[a](nowhere.md) and [b](compare.md#no-such-anchor)\n", encoding="utf-8"
    )
    one = _build(project, tmp_path / "one", jobs=1)
    two = _build(project, tmp_path / "two", jobs=2)
    assert one == two
    assert any("nowhere.md" in m for m in two)
    assert any("no-such-anchor" in m for m in two)
    assert two[-1].startswith("abort: Aborted with 3 warnings")


def test_an_unknown_plugin_falls_back_to_mkdocs(project: Project) -> None:
    """Plugins whose per-page state the parallel build cannot gather keep MkDocs' own build."""
    from mkdocs.config import load_config

    generate(project)
    config = load_config(str(project.generated_config))
    assert mkdocs_parallel.can_run_parallel(config, jobs=2, min_pages=1)
    assert not mkdocs_parallel.can_run_parallel(config, jobs=1, min_pages=1)
    config.plugins["some/other"] = config.plugins["material/search"]
    assert not mkdocs_parallel.can_run_parallel(config, jobs=2, min_pages=1)


def test_updating_changed_pages_gives_the_same_site_as_a_full_build(
    tmp_path: Path, project: Project
) -> None:
    """The preview's page-by-page rebuild: same files as building the changed pages in full."""
    from mkdocs.config import load_config

    generate(project)
    config = load_config(str(project.generated_config), site_dir=str(tmp_path / "live"))
    builder = mkdocs_parallel.SiteBuilder(config, jobs=2, min_pages=1)
    builder.full()
    page = sorted((project.docs_dir / "policies").glob("*.md"))[-1]
    uri = page.relative_to(project.docs_dir).as_posix()
    page.write_text(page.read_text("utf-8") + "\nA sentence added in the preview.\n", "utf-8")
    assert builder.update({uri})
    assert "A sentence added in the preview." in (
        tmp_path / "live" / "search" / "search_index.json"
    ).read_text("utf-8")
    assert _build(project, tmp_path / "full", jobs=1) == []
    _assert_same_tree(tmp_path / "full", tmp_path / "live")
    (project.docs_dir / "new.md").write_text("# New\n", encoding="utf-8")
    assert not builder.update({"new.md"})


def test_a_section_page_stays_incremental_until_its_title_changes(
    tmp_path: Path, project: Project
) -> None:
    """A section's index page names the section in every page's navigation: only a new
    heading there needs a full build."""
    from mkdocs.config import load_config

    generate(project)
    config = load_config(str(project.generated_config), site_dir=str(tmp_path / "live"))
    builder = mkdocs_parallel.SiteBuilder(config, jobs=1)
    builder.full()
    page = project.docs_dir / "dimensions" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nOne more line.\n", encoding="utf-8")
    assert builder.update({"dimensions/index.md"})
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    page.write_text(text.replace(heading, "# Another heading", 1), encoding="utf-8")
    assert not builder.update({"dimensions/index.md"})
