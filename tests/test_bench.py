"""The benchmark: its synthetic project is deterministic and valid, its JSON has every figure."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.bench_run import fresh_copy, median, set_aside
from generator.synthetic import make_project

SIZE_KEYS = {
    "policies", "dimensions", "articles", "record_mb", "pages", "generate_runs", "load_validate_s",
    "generate_s", "render_write_s", "floor_s", "floor_load_s", "floor_render_write_s",
    "generate_floor_ratio",
    "noop_generate_s", "noop_rewritten", "edit_record", "edit_generate_s", "edit_rewritten",
    "edit_rewrites_only_showing", "site_build_runs", "site_build_s", "mkdocs_build_s",
    "fullnav_build_s", "build_mkdocs_ratio", "build_fullnav_ratio", "nav_alone_ratio",
    "zensical_build_s", "zensical_note", "preview_start_s", "preview_shown_s",
    "preview_done_s", "preview_error", "site_build_error", "extract", "peak_mib",
}  # fmt: skip
EXTRACT_KEYS = {
    "available", "reason", "articles", "mb", "runs", "startup_s", "jobs1_s", "jobs2_s",
    "jobs1_mb_s", "jobs2_mb_s", "jobs1_net_mb_s", "jobs2_net_mb_s", "speedup", "identical",
    "peak_mib",
}  # fmt: skip
MACHINE_KEYS = {"cores", "cpu", "python", "platform", "mkdocs", "material", "libyaml"}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_make_project_is_deterministic(tmp_path: Path) -> None:
    """The same arguments write byte-identical projects; another seed writes another one."""
    make_project(tmp_path / "a", 6, 3, 12)
    make_project(tmp_path / "b", 6, 3, 12)
    c = make_project(tmp_path / "c", 6, 3, 12, seed=1)
    a = tree(tmp_path / "a")
    assert a == tree(tmp_path / "b")
    assert a != tree(c.root)
    suffixes = {Path(name).suffix for name in a if name.startswith("seeds/")}
    assert suffixes == {".md", ".txt", ".html"}
    records = [name for name in a if name.startswith("content/policies/")]
    assert len(records) == 6
    assert all(a[r].startswith(b"# yaml-language-server: $schema=") for r in records)


def test_make_project_refuses_a_folder_in_use(tmp_path: Path) -> None:
    """It never writes over files."""
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        make_project(tmp_path, 2, 2, 0)


def test_median() -> None:
    """The middle value, or the mean of the two middle ones."""
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5


def test_used_copies_are_set_aside_whole_not_deleted(tmp_path: Path) -> None:
    """The benchmark deletes nothing until it ends (deleting slows the next stage's writes on
    some file systems): a used copy is moved away whole, and its name can be used again."""
    pristine = tmp_path / "pristine"
    make_project(pristine, 2, 2, 1)
    work = tmp_path / "work"
    work.mkdir()
    first = fresh_copy(pristine, work, "copy")
    (first.root / "mine.txt").write_text("used")
    second = fresh_copy(pristine, work, "copy")
    assert not (second.root / "mine.txt").exists()
    set_aside(second.root, work)
    set_aside(second.root, work)  # already gone: nothing to do
    assert not second.root.exists()
    kept = sorted(p.relative_to(work).parts[-2:] for p in work.rglob("mine.txt"))
    assert kept == [("copy", "mine.txt")]
    assert [p.name for p in work.iterdir()] == [".set-aside"]
    assert sum(1 for p in work.rglob("*.yaml")) == 2 * sum(1 for p in pristine.rglob("*.yaml"))


@pytest.mark.slow
def test_synthetic_project_checks_and_builds(tmp_path: Path, cli: Callable[..., Any]) -> None:
    """The synthetic project passes `check` without warnings and builds without MkDocs warnings."""
    root = make_project(tmp_path / "p", 10, 4, 10).root
    result = cli("-C", str(root), "check")
    assert result.code == 0, result.err
    assert result.err == ""
    assert "ok: 10 policies, 4 dimensions" in result.out
    result = cli("-C", str(root), "build")
    assert result.code == 0, result.err
    assert (root / "site" / "index.html").is_file()


@pytest.mark.slow
def test_bench_json_has_every_figure(cli: Callable[..., Any]) -> None:
    """A one-run smoke benchmark at 10 policies prints every figure as JSON."""
    result = cli(
        "bench", "--sizes", "10", "--dimensions", "4", "--articles", "12", "--runs", "1", "--json"
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert {"command", "machine", "options", "sizes", "total_s", "checks"} <= set(data)
    assert set(data["machine"]) >= MACHINE_KEYS
    (size,) = data["sizes"]
    assert set(size) >= SIZE_KEYS
    assert set(size["extract"]) >= EXTRACT_KEYS
    assert set(size["peak_mib"]) == {"bench", "build", "extract"}
    assert size["policies"] == 10 and size["articles"] == 12
    assert size["noop_rewritten"] == 0
    assert size["preview_error"] is None and size["preview_shown_s"] > 0
    assert size["edit_rewritten"] and size["edit_rewrites_only_showing"]
    assert size["load_validate_s"] > 0 and size["site_build_s"] > 0
    assert size["generate_runs"] == 3  # the cheap, noise-prone ratios get 2 × runs + 1
    assert size["extract"]["runs"] == 3 and size["extract"]["identical"]


def test_bench_out_writes_the_project(tmp_path: Path, cli: Callable[..., Any]) -> None:
    """`--out DIR` writes the project of the largest size and measures nothing."""
    out = tmp_path / "synthetic"
    result = cli("bench", "--sizes", "3,5", "--dimensions", "2", "--out", str(out))
    assert result.code == 0, result.err
    assert len(list((out / "content" / "policies").glob("*.yaml"))) == 5
    assert len(list((out / "seeds").iterdir())) == 50
    result = cli("bench", "--sizes", "3", "--out", str(out))
    assert result.code == 1
    assert "is not empty" in result.err
