"""`policy-site extract` end to end on the seed: fill records, re-run safely, JSON view, kills."""

from __future__ import annotations

import io
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.articles import ARTICLE_SUFFIXES, _named_articles, extract
from generator.merge import round_trip
from generator.pipeline import check
from generator.project import Project
from generator.yamlfile import read_yaml
from tests.processes import assert_none_left

SEED = "seeds/die-nachrichten-china-schlaegt-globale-ki-governance-vor.md"


@pytest.fixture
def project(project: Project) -> Project:
    """The seed project with the extracted items taken out: the records as a person wrote them."""
    for record in project.policies_dir.glob("*.yaml"):
        yaml, data = round_trip(record.read_text(encoding="utf-8"))
        for position in (data.get("positions") or {}).values():
            position["evidence"] = [e for e in position.get("evidence", []) if "extracted" not in e]
        for kind in ("quotes", "figures"):
            if kind in data:
                data[kind] = [item for item in data[kind] if "extracted" not in item]
        out = io.StringIO()
        yaml.dump(data, out)
        record.write_text(out.getvalue(), encoding="utf-8")
    assert "extracted:" not in "".join(
        p.read_text(encoding="utf-8") for p in project.policies_dir.glob("*.yaml")
    )
    return project


def _records(project: Project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(project.policies_dir.glob("*.yaml"))}


def test_extract_fills_records_and_a_second_run_changes_no_byte(project: Project, cli) -> None:
    first = cli("-C", str(project.root), "extract", "-q")
    assert first.code == 0, first.err
    assert "updated content/policies/" in first.out
    after = _records(project)
    china = after["china-global-ai-governance.yaml"].decode()
    assert f"article: {SEED}" in china
    check(project)  # the records are still valid
    second = cli("-C", str(project.root), "extract", "-q")
    assert second.code == 0
    assert "0 records updated" in second.out
    assert _records(project) == after


def test_hand_edits_survive_re_extraction(project: Project, cli) -> None:
    assert cli("-C", str(project.root), "extract", "-q").code == 0
    path = project.policies_dir / "china-global-ai-governance.yaml"
    text = path.read_text(encoding="utf-8")
    # A person changes the summary, adds a comment, moves a key, rejects one extracted item
    # and edits another.
    text = text.replace("summary: |\n", "summary: |  # rewritten by hand\n", 1)
    text = text.replace("  At the World AI Conference", "  At the WAIC", 1)
    text = text.replace("status: proposed\n", "", 1).replace(
        "venue:", "status: proposed\nvenue:", 1
    )
    extracted = [i for i, line in enumerate(text.splitlines()) if line.strip() == "extracted:"]
    assert len(extracted) >= 2, "the seed should give several extracted items"
    lines = text.splitlines()
    reject_at, edit_at = extracted[0], extracted[-1]

    def indent(at: int) -> str:
        return " " * (len(lines[at]) - len(lines[at].lstrip()))

    assert lines[edit_at - 1].lstrip().startswith("text:")
    lines[edit_at - 1] = f"{indent(edit_at)}text: My corrected reading of this sentence."
    lines.insert(edit_at, f"{indent(edit_at)}review: edited")
    rejected_text = lines[reject_at - 1].split("text:", 1)[1].strip().strip("'")
    lines.insert(reject_at, f"{indent(reject_at)}review: rejected")
    edited = "\n".join(lines) + "\n"
    path.write_text(edited, encoding="utf-8")
    assert cli("-C", str(project.root), "extract", "-q").code == 0
    assert path.read_text(encoding="utf-8") == edited
    assert cli("-C", str(project.root), "extract", "-q").code == 0
    assert path.read_text(encoding="utf-8") == edited
    site = check(project).site
    shown = [e.text for p in site.policies for pos in p.positions.values() for e in pos.evidence]
    assert "My corrected reading of this sentence." in shown
    china = [
        e.text
        for pos in site.policy("china-global-ai-governance").positions.values()
        for e in pos.evidence
        if e.extracted
    ]
    assert rejected_text not in china


def test_json_view_has_the_documented_shape(project: Project, cli) -> None:
    before = _records(project)
    result = cli("-C", str(project.root), "extract", "--json", "-q", SEED)
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert list(doc) == ["articles"] and len(doc["articles"]) == 1
    article = doc["articles"][0]
    assert {"path", "title", "language", "sentences", "policies", "quotes", "figures"} <= set(
        article
    )
    assert article["path"] == SEED and article["language"] == "de"
    assert isinstance(article["sentences"], int) and article["sentences"] > 10
    for quote in article["quotes"]:
        assert set(quote) == {"speaker", "role", "text", "policy", "fragment"}
        assert isinstance(quote["fragment"], bool)
    for figure in article["figures"]:
        assert set(figure) == {"value", "unit", "currency", "qualifier", "policy", "text"}
        assert isinstance(figure["value"], int | float)
    assert _records(project) == before  # --json writes nothing


def test_unreadable_article_fails_cleanly_and_changes_nothing(project: Project, cli) -> None:
    bad = project.root / "seeds" / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    before = _records(project)
    result = cli("-C", str(project.root), "extract", "-q")
    assert result.code == 1
    assert "seeds/broken.txt" in result.err and "Traceback" not in result.err
    assert _records(project) == before


def test_killing_extract_never_leaves_a_broken_record(project: Project) -> None:
    seeds = project.root / "seeds"
    source = (project.root / SEED).read_text(encoding="utf-8")
    for i in range(60):
        (seeds / f"copy-{i:03d}.md").write_text(source.replace("Samstag", f"Tag {i}"))
    rng = random.Random(7)
    for _ in range(4):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "-C",
                str(project.root),
                "extract",
                "-q",
                "--jobs",
                "2",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_none_left(str(project.root))
        for record in project.policies_dir.glob("*.yaml"):
            doc, diags = read_yaml(record, record.name)
            assert doc is not None and diags == [], record
        assert not [p for p in project.policies_dir.iterdir() if p.suffix != ".yaml"]
    check(project)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_json_is_the_same_for_any_number_of_jobs(project: Project, cli, jobs: str) -> None:
    seeds = project.root / "seeds"
    source = (project.root / SEED).read_text(encoding="utf-8")
    for i in range(8):
        (seeds / f"copy-{i}.md").write_text(source.replace("Samstag", f"Tag {i}"))
    one = cli("-C", str(project.root), "extract", "--json", "-q", "--jobs", "1")
    many = cli("-C", str(project.root), "extract", "--json", "-q", "--jobs", jobs)
    assert one.code == many.code == 0
    assert one.out == many.out
    assert one.err == many.err and "no record covers" in many.err  # warnings and hints too


def test_temp_files_of_a_killed_run_are_not_records(project: Project, cli) -> None:
    stray = project.policies_dir / ".us-ai-action-plan.yaml.abc.tmp"
    stray.write_text("half: [", encoding="utf-8")
    assert cli("-C", str(project.root), "check").code == 0
    Path(stray).unlink()


def test_progress_is_shown_on_long_runs_and_quiet_hides_it(project: Project) -> None:
    source = (project.root / SEED).read_text(encoding="utf-8")
    for i in range(8):
        (project.root / "seeds" / f"copy-{i}.md").write_text(source.replace("Samstag", f"T{i}"))
    shown = io.StringIO()
    extract(project, [project.seeds_dir], jobs=1, write=False, stream=shown)
    lines = shown.getvalue().splitlines()
    assert lines[0].startswith("extracting: ") and lines[-1] == "extracting: 9/9 articles"
    hidden = io.StringIO()
    extract(project, [project.seeds_dir], jobs=1, write=False, quiet=True, stream=hidden)
    assert hidden.getvalue() == ""


def test_articles_are_found_as_rglob_and_display_find_them(tmp_path: Path) -> None:
    """Nested, hidden, symlinked files and folders: the names project.display gives."""
    root = tmp_path / "project"
    seeds = root / "seeds"
    (seeds / "sub" / "deeper").mkdir(parents=True)
    (seeds / ".hidden").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("a.md", "sub/b.TXT", "sub/deeper/c.html", ".hidden/d.md", ".e.md", "f.pdf"):
        (seeds / name).write_text("x", encoding="utf-8")
    (outside / "g.md").write_text("x", encoding="utf-8")
    (seeds / "link.md").symlink_to(seeds / "a.md")
    (seeds / "out.md").symlink_to(outside / "g.md")
    (seeds / "linked-folder").symlink_to(outside, target_is_directory=True)
    project = Project(root)
    expected = {
        project.display(p): p
        for p in seeds.rglob("*")
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
    }
    found, _ = _named_articles(project, [project.seeds_dir])
    # A file and a link to it have one name: either path may stand for it.
    assert [(name, path.resolve()) for name, path in found] == [
        (name, expected[name].resolve()) for name in sorted(expected)
    ]
    assert "seeds/sub/deeper/c.html" in expected
