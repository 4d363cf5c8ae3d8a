"""Open data: the dataset as JSON (valid against its JSON Schema) and the positions as CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource

from generator.pipeline import check, generate
from generator.project import Project

SEEDS = ["asean-ai-governance", "china-global-ai-governance", "us-ai-action-plan"]


def _data(project: Project) -> Path:
    return project.docs_dir / "data"


def _validate(folder: Path, schema_name: str, instance: Any) -> list[str]:
    """Validate against a schema in `folder`, its relative $refs resolved to the files beside it."""
    registry: Registry = Registry()
    for path in folder.glob("*.schema.json"):
        resource = Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))
        registry = registry.with_resource(path.name, resource)
    schema = json.loads((folder / schema_name).read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, registry=registry)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(instance)]


def _rows(project: Project) -> list[dict[str, str]]:
    text = (_data(project) / "positions.csv").read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _add_fourth_record(project: Project) -> None:
    text = (project.policies_dir / "us-ai-action-plan.yaml").read_text(encoding="utf-8")
    text = text.replace("title: AI Action Plan of the US administration", "title: A fourth plan")
    text = text.replace("short_title: US AI Action Plan", "short_title: Fourth plan")
    text = text.replace("stance: cut red tape", "stance: more paperwork")
    (project.policies_dir / "fourth-plan.yaml").write_text(text, encoding="utf-8")


def test_the_dataset_json_is_valid_against_its_schema(project: Project) -> None:
    generate(project)
    data = json.loads((_data(project) / "policies.json").read_text(encoding="utf-8"))
    assert sorted(data["policies"]) == SEEDS
    assert [d["id"] for d in data["dimensions"]][:2] == ["overall-goal", "regulatory-approach"]
    assert data["site"]["title"] == "AI governance compared"
    assert _validate(_data(project), "dataset.schema.json", data) == []
    compare = json.loads((_data(project) / "compare.json").read_text(encoding="utf-8"))
    assert _validate(_data(project), "compare.schema.json", compare) == []
    us = next(p for p in compare["policies"] if p["id"] == "us-ai-action-plan")
    site = check(project).site
    shown = len(site.policy("us-ai-action-plan").positions["regulatory-approach"].evidence)
    assert us["positions"]["regulatory-approach"] == {
        "stance": "cut red tape",
        "text": 'Remove "bureaucratic hurdles" for the AI sector rather than add new rules.',
        "leaning": -2,
        "evidence": shown,
    }


def test_the_schema_rejects_a_broken_dataset(project: Project) -> None:
    generate(project)
    data = json.loads((_data(project) / "policies.json").read_text(encoding="utf-8"))
    data["policies"]["us-ai-action-plan"]["positions"]["regulatory-approach"]["leaning"] = 7
    assert _validate(_data(project), "dataset.schema.json", data) != []


def test_the_csv_has_one_row_per_policy_and_dimension(project: Project) -> None:
    generate(project)
    raw = (_data(project) / "positions.csv").read_bytes()
    assert raw.startswith(b"policy_id,policy,short_title,")
    assert raw.count(b"\r\n") == 1 + 3 * 7
    rows = _rows(project)
    assert [(r["policy_id"], r["dimension_id"]) for r in rows][:2] == [
        ("asean-ai-governance", "overall-goal"),
        ("asean-ai-governance", "regulatory-approach"),
    ]
    us = {r["dimension_id"]: r for r in rows if r["policy_id"] == "us-ai-action-plan"}
    assert us["regulatory-approach"]["stance"] == "cut red tape"
    assert us["regulatory-approach"]["leaning"] == "-2"
    assert us["regulatory-approach"]["scale_low"] == "fewer rules"
    assert us["regulatory-approach"]["source_urls"] == "https://www.die-nachrichten.at"
    assert us["risks-named"]["stance"] == "" and us["risks-named"]["evidence_count"] == "0"


def test_rejected_items_are_left_out_of_the_json(project: Project) -> None:
    record = project.policies_dir / "china-global-ai-governance.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("  - value: 3000\n", "  - value: 3000\n    review: rejected\n")
    record.write_text(text, encoding="utf-8")
    generate(project)
    data = json.loads((_data(project) / "policies.json").read_text(encoding="utf-8"))
    values = [f["value"] for f in data["policies"]["china-global-ai-governance"]["figures"]]
    assert 3000 not in values and 5000 in values


def test_the_data_files_are_byte_identical_across_runs(project: Project, tmp_path: Path) -> None:
    generate(project)
    first = {p.name: p.read_bytes() for p in _data(project).iterdir()}
    other = Project(tmp_path / "again")
    shutil.copytree(project.root, other.root, ignore=shutil.ignore_patterns("build"))
    generate(other)
    assert {p.name: p.read_bytes() for p in (other.docs_dir / "data").iterdir()} == first
    assert set(first) == {
        "policies.json",
        "compare.json",
        "positions.csv",
        "dataset.schema.json",
        "policy.schema.json",
        "dimensions.schema.json",
        "site.schema.json",
        "compare.schema.json",
    }


def test_a_fourth_record_appears_in_the_picker_the_json_and_the_csv(project: Project) -> None:
    generate(project)
    _add_fourth_record(project)
    generate(project)
    compare_page = (project.docs_dir / "compare.md").read_text(encoding="utf-8")
    assert (
        '<input type="checkbox" name="p" value="fourth-plan" checked> Fourth plan' in compare_page
    )
    assert '[Fourth plan](policies/fourth-plan.md){ data-policy="fourth-plan" }' in compare_page
    compare = json.loads((_data(project) / "compare.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in compare["policies"]] == sorted([*SEEDS, "fourth-plan"])
    data = json.loads((_data(project) / "policies.json").read_text(encoding="utf-8"))
    assert data["policies"]["fourth-plan"]["title"] == "A fourth plan"
    rows = [r for r in _rows(project) if r["policy_id"] == "fourth-plan"]
    assert len(rows) == 7
    assert {r["stance"] for r in rows if r["dimension_id"] == "regulatory-approach"} == {
        "more paperwork"
    }


def test_the_home_page_links_the_data_and_says_how_to_cite(project: Project) -> None:
    settings = project.settings_file
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "site_url: https://example.org/ai/\n"
        + "cite: 'Example team (2025): AI governance compared.'\n",
        encoding="utf-8",
    )
    generate(project)
    home = (project.docs_dir / "index.md").read_text(encoding="utf-8")
    for name in ("policies.json", "dataset.schema.json", "positions.csv"):
        assert f"](data/{name})" in home
    assert (
        "> Example team (2025): AI governance compared. "
        "[https://example.org/ai/](https://example.org/ai/)" in home
    )
