"""The live preview: an edited record's page first, then the rest; errors keep the last pages."""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path

import pytest

from generator import serve
from generator.load import load_records
from generator.mkdocs_parallel import SiteBuilder
from generator.pipeline import generate
from generator.project import Project
from generator.serve import Preview
from tests.test_parallel_build import _assert_same_tree

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
ADDR = "127.0.0.1:8765"


def _preview(project: Project, site: Path) -> Preview:
    """A preview of the project built into `site`, as `policy-site serve` starts it."""
    generate(project)
    builder = SiteBuilder.for_preview(project.generated_config, site, ADDR)
    builder.full()
    preview = Preview(project, False, builder)
    preview.raw, _ = load_records(project)
    return preview


def _record(project: Project) -> Path:
    """The first policy record."""
    return sorted(project.policies_dir.glob("*.yaml"))[0]


def _replace(path: Path, old: str, new: str) -> None:
    """Edit a file as a person would."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_record_is_shown_first_then_everywhere(tmp_path: Path, project: Project) -> None:
    """The record's page is rebuilt and shown before the rest; the end equals a fresh build."""
    preview = _preview(project, tmp_path / "live")
    record = _record(project)
    _replace(record, "title: ", "title: Edited in the preview — ")
    _replace(record, "short_title: ", "short_title: Edited short — ")
    shown: list[str] = []

    def on_shown() -> None:
        page = tmp_path / "live" / "policies" / record.stem / "index.html"
        shown.append(page.read_text(encoding="utf-8"))

    quick = preview.rebuild(on_shown)
    assert quick == [f"policies/{record.stem}.md"]
    assert len(shown) == 1 and "Edited in the preview" in shown[0]
    assert "Edited short" in (tmp_path / "live" / "index.html").read_text("utf-8")
    fresh = SiteBuilder.for_preview(project.generated_config, tmp_path / "fresh", ADDR)
    fresh.full()
    _assert_same_tree(tmp_path / "fresh", tmp_path / "live")


def test_the_quick_step_runs_with_the_collector_paused(
    tmp_path: Path, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cycle collector on, rebuilding the site model walks the whole preview process
    (0.5 s of the 0.8 s an edit took to show at 1,000 policies): the quick step pauses it, and
    it is on again afterwards."""
    preview = _preview(project, tmp_path / "live")
    enabled: list[bool] = []
    real = serve.build_site
    monkeypatch.setattr(
        serve, "build_site", lambda raw: (enabled.append(gc.isenabled()), real(raw))[1]
    )
    _replace(_record(project), "title: ", "title: Edited — ")
    assert preview.rebuild() == [f"policies/{_record(project).stem}.md"]
    assert enabled == [False]
    assert gc.isenabled()


def test_updates_do_not_pile_up_garbage(tmp_path: Path, project: Project) -> None:
    """Each update builds new pages (a Jinja environment, fragments: objects in cycles) while
    the collector is paused; a preview allocates little in between, so unless it collects after
    each update, the old ones pile up for as long as it runs."""
    preview = _preview(project, tmp_path / "live")
    record = _record(project)
    counts = []
    for n in range(4):
        _replace(record, "title: ", f"title: Edit {n} — ")
        preview.rebuild()
        counts.append(len(gc.get_objects()))
    assert counts[-1] - counts[1] < 2_000, counts


def test_a_broken_record_keeps_the_last_pages(
    tmp_path: Path, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """Invalid YAML: no quick step, the error with file:line, the built page unchanged."""
    preview = _preview(project, tmp_path / "live")
    record = _record(project)
    page = tmp_path / "live" / "policies" / record.stem / "index.html"
    before = page.read_bytes()
    _replace(record, "title: ", "title: [unclosed ")
    assert preview.rebuild() == []
    err = capsys.readouterr().err
    assert f"content/policies/{record.name}:" in err
    assert "keeps the last good pages" in err
    assert page.read_bytes() == before


def test_a_record_that_breaks_the_schema_is_not_shown(
    tmp_path: Path, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """Valid YAML, invalid record (a number as its title): the edited record is checked again
    in the quick step too, so nothing is shown and the error names the record."""
    preview = _preview(project, tmp_path / "live")
    record = _record(project)
    page = tmp_path / "live" / "policies" / record.stem / "index.html"
    before = page.read_bytes()
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"^title: .*$", "title: 42", text, count=1, flags=re.M), "utf-8")
    assert preview.rebuild() == []
    err = capsys.readouterr().err
    assert f"content/policies/{record.name}:" in err and "title" in err
    assert page.read_bytes() == before


def test_a_template_change_rebuilds_without_the_quick_step(
    tmp_path: Path, project: Project
) -> None:
    """A template edit changes many pages: the whole site is brought up to date."""
    preview = _preview(project, tmp_path / "live")
    _replace(project.templates_dir / "policy.md.j2", "## {{ L.positions }}", "## Positions!")
    assert preview.rebuild() == []
    record = _record(project)
    html = (tmp_path / "live" / "policies" / record.stem / "index.html").read_text("utf-8")
    assert "Positions!" in html


def test_serve_with_a_broken_record_stops_with_its_location(project: Project, cli) -> None:
    """Nothing to preview yet: the error with file:line, exit code 1, no traceback."""
    record = _record(project)
    _replace(record, "title: ", "title: [unclosed ")
    result = cli("-C", str(project.root), "serve", "-a", ADDR)
    assert result.code == 1
    assert f"content/policies/{record.name}:" in result.err
    assert "Traceback" not in result.err


def test_serve_on_an_address_in_use_says_so_before_building(project: Project, cli) -> None:
    """A busy port: a diagnostic with a hint, exit code 1, and no site build first."""
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("-C", str(project.root), "serve", "-a", f"127.0.0.1:{port}")
    assert result.code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.err
    assert "-a IP:PORT" in result.err and "Traceback" not in result.err
