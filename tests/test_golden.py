"""Golden files: the rendered Markdown of the seed records, compared byte for byte.

After an intended change to a template or a record, regenerate them with `make golden`
(`pytest tests/test_golden.py --update-golden`) and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import check
from generator.project import Project
from generator.render import render_pages

GOLDEN = Path(__file__).parent / "golden"


def test_rendered_markdown_matches_golden_files(
    project: Project, request: pytest.FixtureRequest
) -> None:
    pages, _ = render_pages(check(project).site, project)
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert set(pages) == expected, "pages added or removed: run `make golden` and review"
    for path, text in sorted(pages.items()):
        assert text == (GOLDEN / path).read_text(encoding="utf-8"), f"{path} differs"
