"""The record cache: a record whose bytes did not change is read back instead of parsed, with
the same data and the same findings; whatever the cache holds, the records' own bytes win."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.load
from generator.diagnostics import PolicySiteError
from generator.load import load_records
from generator.pipeline import check
from generator.project import Project
from generator.record_cache import CACHE_FILE
from generator.synthetic import make_project


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the policy records parsed from YAML (not read from the cache)."""
    names: list[str] = []
    real = generator.load.yaml_from_bytes

    def counting(raw: bytes, name: str):  # type: ignore[no-untyped-def]
        names.append(name)
        return real(raw, name)

    monkeypatch.setattr(generator.load, "yaml_from_bytes", counting)
    return names


def _records(project: Project) -> list[tuple[str, object]]:
    """Each policy record's name and data, as check gives them."""
    return [(doc.name, doc.data) for doc in check(project).raw.policies]


def _policy(project: Project, stem: str) -> Path:
    return project.policies_dir / f"{stem}.yaml"


def _edit(project: Project, stem: str, old: str, new: str) -> str:
    """Replace the first `old` in a policy record by `new`; return the text before the edit."""
    path = _policy(project, stem)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_unchanged_records_are_not_parsed_again(project: Project, parsed: list[str]) -> None:
    first = _records(project)
    assert len(parsed) == len(first) == 3
    parsed.clear()
    again = check(project)
    assert parsed == []
    assert [(doc.name, doc.data) for doc in again.raw.policies] == first
    # What is built from them is the same as from parsed records.
    (project.build_dir / CACHE_FILE).unlink()
    assert check(project).site == again.site


def test_an_edited_record_is_parsed_and_its_new_data_kept(
    project: Project, parsed: list[str]
) -> None:
    check(project)
    text = _edit(project, "us-ai-action-plan", "title:", "title: Edited plan #")
    parsed.clear()
    site = check(project).site
    assert parsed == ["content/policies/us-ai-action-plan.yaml"]
    assert next(p for p in site.policies if p.id == "us-ai-action-plan").title.startswith(
        "Edited plan"
    )
    # Back to the old bytes: both versions are cached, but only the kept records stay.
    _policy(project, "us-ai-action-plan").write_text(text, encoding="utf-8")
    parsed.clear()
    check(project)
    assert parsed == ["content/policies/us-ai-action-plan.yaml"]
    lines = (project.build_dir / CACHE_FILE).read_text(encoding="ascii").splitlines()
    assert len(lines) == 1 + 3


def test_a_cached_record_still_fails_the_schema_at_its_line(
    project: Project, parsed: list[str]
) -> None:
    _edit(project, "asean-ai-governance", "title:", "titel:")
    with pytest.raises(PolicySiteError) as first:
        check(project)
    parsed.clear()
    with pytest.raises(PolicySiteError) as again:
        check(project)
    assert parsed == []
    assert again.value.diagnostics == first.value.diagnostics
    assert any(
        d.line and d.file.endswith("asean-ai-governance.yaml") for d in again.value.diagnostics
    )


def test_a_renamed_record_is_read_from_the_cache_under_its_new_name(
    project: Project, parsed: list[str]
) -> None:
    check(project)
    _policy(project, "asean-ai-governance").rename(_policy(project, "asean-renamed"))
    parsed.clear()
    raw, _ = load_records(project)
    assert parsed == []
    assert "content/policies/asean-renamed.yaml" in [doc.name for doc in raw.policies]
    assert "content/policies/asean-ai-governance.yaml" not in [doc.name for doc in raw.policies]


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "garbage",
        lambda text: text.replace("policy-site-records ", "policy-site-records 0", 1),
        lambda text: text.replace("{", "[", 1),  # a line that is no longer JSON
        lambda text: text.replace('"title":"', '"title":"\u00e4', 1),  # not ASCII
        lambda text: text[: len(text) // 2],
    ],
    ids=["garbage", "other-code", "broken-line", "not-ascii", "cut-short"],
)
def test_a_damaged_cache_is_parsed_around(
    project: Project, parsed: list[str], damage: Callable[[str], str]
) -> None:
    expected = _records(project)
    cache = project.build_dir / CACHE_FILE
    cache.write_bytes(damage(cache.read_text(encoding="ascii")).encode("utf-8"))
    assert _records(project) == expected
    parsed.clear()
    assert _records(project) == expected
    assert parsed == []  # the damaged cache was replaced by a good one


def test_a_cache_line_for_other_bytes_is_never_used(project: Project) -> None:
    """The line of a record is found by the hash of the record's bytes, nothing else."""
    expected = _records(project)
    cache = project.build_dir / CACHE_FILE
    head, *lines = cache.read_text(encoding="ascii").splitlines()
    # Swap the data of two records: each hash now leads to the other record's data.
    (h1, d1), (h2, d2) = (line.split(" ", 1) for line in lines[:2])
    cache.write_text("\n".join([head, f"{h1} {d2}", f"{h2} {d1}", *lines[2:]]) + "\n", "ascii")
    swapped = _records(project)
    assert swapped != expected  # proof that lines are used as they are...
    for stem in ("asean-ai-governance", "china-global-ai-governance", "us-ai-action-plan"):
        path = _policy(project, stem)
        path.write_bytes(path.read_bytes() + b"\n")
    assert _records(project) == expected  # ...and only for exactly the bytes they were for


def test_records_with_aliases_or_repeated_keys_are_not_cached(
    project: Project, parsed: list[str]
) -> None:
    check(project)
    _edit(project, "china-global-ai-governance", "title:", "title: x\ntitle:")
    for _ in range(2):
        parsed.clear()
        with pytest.raises(PolicySiteError) as failed:
            check(project)
        assert parsed == ["content/policies/china-global-ai-governance.yaml"]
        assert any("appears twice" in d.message for d in failed.value.diagnostics)


def test_the_cache_depends_only_on_the_records(tmp_path: Path) -> None:
    """Byte for byte the same file, whatever was cached before; and a project whose build folder
    cannot be written still checks."""
    a = make_project(tmp_path / "a", 12, 3, 0)
    b = make_project(tmp_path / "b", 12, 3, 0)
    check(a)
    # b: check with half the records, then with all of them.
    hidden = sorted(b.policies_dir.glob("*.yaml"))[::2]
    for path in hidden:
        path.rename(path.with_name("." + path.name))
    check(b)
    for path in hidden:
        path.with_name("." + path.name).rename(path)
    check(b)
    assert (a.root / "build" / CACHE_FILE).read_bytes() == (
        b.root / "build" / CACHE_FILE
    ).read_bytes()


def test_a_build_folder_that_cannot_be_written_is_no_error(project: Project) -> None:
    expected = _records(project)
    shutil.rmtree(project.build_dir)
    project.build_dir.write_text("not a folder", encoding="utf-8")
    assert _records(project) == expected
