"""`policy-site check`: every error class with its whole message, location and exit code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import check
from generator.project import Project

INVALID = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_seed_records_are_valid(project: Project) -> None:
    checked = check(project)
    assert [p.id for p in checked.site.policies] == [
        "asean-ai-governance",
        "china-global-ai-governance",
        "us-ai-action-plan",
    ]
    assert len(checked.site.dimensions) >= 7
    assert checked.warnings == []


@pytest.mark.parametrize("case", CASES)
def test_invalid_record_reports_every_error(case: str, project_dir: Path, cli) -> None:
    shutil.copytree(INVALID / case / "content", project_dir / "content", dirs_exist_ok=True)
    result = cli("-C", str(project_dir), "check")
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8")
    assert result.code == 1
    assert result.err == expected
    assert "Traceback" not in result.err
