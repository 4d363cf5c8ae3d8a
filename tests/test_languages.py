"""The site's own words in English and German; content keeps its language, marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.project import Project

LABELS = Path(__file__).resolve().parent.parent / "templates" / "labels.yaml"


def _keys(table: dict[str, Any], prefix: str = "") -> set[str]:
    out = set()
    for key, value in table.items():
        out.add(prefix + key)
        if isinstance(value, dict):
            out |= _keys(value, f"{prefix}{key}.")
    return out


def test_every_label_exists_in_english_and_german() -> None:
    table = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    assert set(table) == {"en", "de"}
    assert _keys(table["en"]) == _keys(table["de"])
    for lang in ("en", "de"):
        for key, value in table[lang].items():
            if not isinstance(value, dict):
                assert str(value).strip(), (lang, key)


@pytest.mark.slow
def test_a_german_site_has_german_labels_and_marked_content(project: Project) -> None:
    settings = project.settings_file
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("language: en", "language: de"),
        encoding="utf-8",
    )
    assert main(["-C", str(project.root), "build"]) == 0
    home = (project.site_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in home
    for words in ("Überblick", "Zeitleiste", "Offene Daten", "Zitiervorschlag"):
        assert words in home, words
    compare = (project.site_dir / "compare" / "index.html").read_text(encoding="utf-8")
    assert 'data-status="{n} von {total} Politiken angezeigt."' in compare
    assert "Zu vergleichende Politiken" in compare and "Gegensätzliche Haltungen" in compare
    policy = (project.site_dir / "policies" / "us-ai-action-plan" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'lang="de"' in policy and "keine Quelle angegeben" not in policy
    assert "Die anderen Politiken zu dieser Frage" in policy
    assert "Schlagwortverzeichnis" in (project.site_dir / "tags" / "index.html").read_text(
        encoding="utf-8"
    )
