"""Agreement and opposition between policies, reading paths, unsourced claims and tags."""

from __future__ import annotations

import itertools

from generator.compare import agreement, leaning_label
from generator.pipeline import check, generate
from generator.project import Project


def test_groups_follow_the_pairwise_relation(project: Project) -> None:
    site = check(project).site
    for dim in site.dimensions:
        ag = agreement(site.policies, dim)
        for group in ag.same:
            for a, b in itertools.combinations(group, 2):
                assert a.position(dim.id).relation(b.position(dim.id)) == "same", (dim.id, a.id)
        for a in ag.low:
            for b in ag.high:
                assert a.position(dim.id).relation(b.position(dim.id)) == "opposite"


def test_seed_agreement_on_export_controls_and_regulation(project: Project) -> None:
    site = check(project).site
    dims = {d.id: d for d in site.dimensions}
    export = agreement(site.policies, dims["export-controls-trade"])
    assert export.opposed
    assert [p.id for p in export.low] == ["china-global-ai-governance"]
    assert [p.id for p in export.high] == ["us-ai-action-plan"]
    regulation = agreement(site.policies, dims["regulatory-approach"])
    assert [[p.id for p in g] for g in regulation.same] == [
        ["asean-ai-governance", "china-global-ai-governance"]
    ]
    assert not agreement(site.policies, dims["risks-named"]).any
    us = site.policy("us-ai-action-plan")
    assert leaning_label(us.position("regulatory-approach")) == "fewer rules (-2)"
    assert leaning_label(us.position("presentation")) is None


def test_same_stance_labels_without_leaning_agree(project: Project) -> None:
    for pid in ("asean-ai-governance", "china-global-ai-governance"):
        record = project.policies_dir / f"{pid}.yaml"
        text = record.read_text(encoding="utf-8")
        text = text.replace("stance: misinformation, cyber threats", "stance: Cyber threats")
        text = text.replace("stance: monopoly, exclusion", "stance: cyber threats")
        record.write_text(text, encoding="utf-8")
    site = check(project).site
    risks = next(d for d in site.dimensions if d.id == "risks-named")
    ag = agreement(site.policies, risks)
    assert [[p.id for p in g] for g in ag.same] == [
        ["asean-ai-governance", "china-global-ai-governance"]
    ]
    generate(project)
    page = (project.docs_dir / "dimensions" / "risks-named.md").read_text(encoding="utf-8")
    assert "Same stance:</span> ASEAN call for robust governance, China's global AI" in page


def test_pages_show_agreement_and_lead_to_the_other_policies(project: Project) -> None:
    generate(project)
    dim = (project.docs_dir / "dimensions" / "export-controls-trade.md").read_text(encoding="utf-8")
    assert "**Scale:**" in dim and "open trade (-2)" in dim and "more controls (+2)" in dim
    assert (
        '<span class="ps-rel ps-rel--opposite">Opposite stances:</span> '
        "China's global AI governance proposal (open trade) ↔ US AI Action Plan (more controls)"
    ) in dim
    policy = (project.docs_dir / "policies" / "us-ai-action-plan.md").read_text(encoding="utf-8")
    assert (
        "- [China's global AI governance proposal]"
        "(china-global-ai-governance.md#export-controls-trade): against controls"
    ) in policy
    assert "Opposite stances</span>" in policy
    assert "???+ quote" in policy  # evidence is open: a matrix cell lands on it


def test_an_unsourced_position_is_flagged(project: Project) -> None:
    record = project.policies_dir / "us-ai-action-plan.yaml"
    text = record.read_text(encoding="utf-8")
    head, rest = text.split("  international-coordination:\n", 1)
    block, tail = rest.split("  export-controls-trade:\n", 1)
    block = block.split("    evidence:\n")[0]
    record.write_text(
        head + "  international-coordination:\n" + block + "  export-controls-trade:\n" + tail,
        encoding="utf-8",
    )
    generate(project)
    flag = '<span class="ps-unsourced">no source cited</span>'
    index = (project.docs_dir / "index.md").read_text(encoding="utf-8")
    assert (
        f"[go it alone](policies/us-ai-action-plan.md#international-coordination) {flag}" in index
    )
    assert flag in (project.docs_dir / "compare.md").read_text(encoding="utf-8")
    policy = (project.docs_dir / "policies" / "us-ai-action-plan.md").read_text(encoding="utf-8")
    assert '!!! warning "no source cited"' in policy


def test_tags_link_to_the_tag_index(project: Project) -> None:
    generate(project)
    policy = (project.docs_dir / "policies" / "china-global-ai-governance.md").read_text(
        encoding="utf-8"
    )
    assert "[country](../tags.md#actor-country)" in policy
    assert "[East Asia](../tags.md#region-east-asia)" in policy
    assert "[proposal](../tags.md#kind-proposal)" in policy
    assert "[global governance](../tags.md#tag-global-governance)" in policy
    tags = (project.docs_dir / "tags.md").read_text(encoding="utf-8")
    assert "### country {: #actor-country }" in tags
    section = tags.split("{: #tag-ai }")[1].split("###")[0]
    assert section.count("- [") == 3


def test_content_is_marked_with_its_language(project: Project) -> None:
    generate(project)
    policy = (project.docs_dir / "policies" / "asean-ai-governance.md").read_text(encoding="utf-8")
    assert '[<span lang="de">China schlägt globale KI-Governance vor' in policy
    assert '„<span lang="de">Diese Entwicklungen erfordern' in policy
