"""Merging extracted items into records: additive, idempotent, and never undoing a person's edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.extract.model import ArticleEvidence, Figure, Quote, Sentence
from generator.merge import apply_merge, merge_into_record, plan_merge
from generator.pipeline import check
from generator.project import Project
from generator.write import atomic_write

ARTICLE = "seeds/new-article.md"
DIMS = {"overall-goal", "risks-named", "regulatory-approach"}

RECORD = """\
# yaml-language-server: $schema=../../generator/schema/policy.schema.json
# A hand-kept record.
title: Test policy   # the title
actor:
  name: Testland
  kind: country
kind: strategy
summary: A test record.
positions:
  overall-goal:
    stance: testing
    text: We test.
    evidence:
      - source: hand
        text: A sentence a person picked.
quotes:
  - speaker: Ann Example
    text: Already written by hand.
    source: hand
sources:
  - id: hand
    title: A hand-cited article
tags: [test]
"""


def _evidence() -> ArticleEvidence:
    s1 = "Minister Ann Example said: „We will regulate risky AI.“"
    s2 = "Testland has more than 5,000 AI companies."
    s3 = "„Already written by hand“, she added."
    o2 = len(s1) + 1
    o3 = o2 + len(s2) + 1
    return ArticleEvidence(
        path=ARTICLE,
        title="New article",
        url="https://example.org/a",
        publisher="Example News",
        date="2025-07-28",
        language="en",
        sentences=[
            Sentence(1, 0, len(s1), s1, ("test-policy",), ("regulatory-approach", "risks-named")),
            Sentence(2, o2, o2 + len(s2), s2, ("test-policy",), ()),
            Sentence(3, o3, o3 + len(s3), s3, ("test-policy",), ()),
        ],
        mentions={"test-policy": 2},
        quotes=[
            Quote(
                "Ann Example",
                "Minister",
                "We will regulate risky AI.",
                "test-policy",
                False,
                1,
                28,
                55,
                "en",
            ),
            Quote(
                "Ann Example",
                None,
                "Already written by hand",
                "test-policy",
                False,
                3,
                o3 + 1,
                o3 + 24,
                "en",
            ),
            Quote(None, None, "other policy", "other-policy", True, 1, 0, 5, "en"),
        ],
        figures=[
            Figure(
                5000,
                "companies",
                None,
                "more than",
                "test-policy",
                "more than 5,000 AI companies",
                2,
                o2 + 13,
                o2 + 41,
            ),
        ],
        unknown_actors={},
    )


def _merge(text: str) -> tuple[str | None, dict[str, int]]:
    return merge_into_record(text, "test-policy", [(ARTICLE, _evidence())], DIMS)


def test_merge_adds_items_with_provenance_and_keeps_the_rest() -> None:
    new, added = _merge(RECORD)
    assert new is not None
    assert added == {"evidence": 2, "figures": 1, "quotes": 1, "sources": 1}
    lines = iter(new.splitlines())
    assert all(line in lines for line in RECORD.splitlines())  # every line kept, in order
    assert "# A hand-kept record." in new and "title: Test policy   # the title" in new
    assert "    text: We will regulate risky AI.\n" in new
    assert "      article: seeds/new-article.md\n      sentence: 1\n" in new
    assert "  - id: new-article\n    title: New article\n" in new
    assert new.count("Already written by hand") == 1  # the hand-written quote is not doubled
    assert "other policy" not in new


def test_merging_again_changes_nothing() -> None:
    new, _ = _merge(RECORD)
    assert new is not None
    again, added = _merge(new)
    assert again is None and added == {"quotes": 0, "figures": 0, "evidence": 0, "sources": 0}


def test_a_persons_edits_survive_and_rejected_items_stay_rejected() -> None:
    new, _ = _merge(RECORD)
    assert new is not None
    edited = (
        new.replace("summary: A test record.", "summary: My better summary.  # fixed")
        .replace("    text: We will regulate risky AI.\n", "    text: We will regulate AI.\n", 1)
        .replace("  - value: 5000\n", "  - review: rejected\n    value: 5000\n", 1)
    )
    # Reorder two top-level keys.
    edited = edited.replace("kind: strategy\nsummary:", "summary:", 1).replace(
        "positions:\n", "kind: strategy\npositions:\n", 1
    )
    edited = "# my own comment at the top\n" + edited
    assert _merge(edited) == (None, {"quotes": 0, "figures": 0, "evidence": 0, "sources": 0})
    path_text = edited
    assert "My better summary.  # fixed" in path_text
    assert "We will regulate AI." in path_text and "review: rejected" in path_text


def test_rejected_items_are_not_shown_on_the_site(project: Project) -> None:
    path = project.policies_dir / "us-ai-action-plan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - value: 28\n", "  - review: rejected\n    value: 28\n"))
    policy = check(project).site.policy("us-ai-action-plan")
    assert policy.figures == ()


def test_plan_and_apply_write_atomically(tmp_path: Path) -> None:
    record = tmp_path / "test-policy.yaml"
    record.write_text(RECORD, encoding="utf-8")
    changes, problems = plan_merge({"test-policy": record}, [(ARTICLE, _evidence())], DIMS)
    assert problems == [] and len(changes) == 1
    assert record.read_text(encoding="utf-8") == RECORD  # planning writes nothing
    assert apply_merge(changes) == []
    assert "We will regulate risky AI." in record.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["test-policy.yaml"]


def test_a_record_changed_during_extraction_is_not_overwritten(tmp_path: Path) -> None:
    record = tmp_path / "test-policy.yaml"
    record.write_text(RECORD, encoding="utf-8")
    changes, _ = plan_merge({"test-policy": record}, [(ARTICLE, _evidence())], DIMS)
    record.write_text(RECORD + "# edited meanwhile\n", encoding="utf-8")
    problems = apply_merge(changes)
    assert [p.message for p in problems] == ["the record changed while extracting"]
    assert record.read_text(encoding="utf-8").endswith("# edited meanwhile\n")


def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    record = tmp_path / "r.yaml"
    record.write_text("old: true\n", encoding="utf-8")

    def boom(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(record, b"new: true\n")
    assert record.read_text(encoding="utf-8") == "old: true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]
