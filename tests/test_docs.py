"""The README documents every command and every field of the record format."""

from __future__ import annotations

from pathlib import Path

from generator.cli import make_parser
from generator.fieldref import field_reference

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"policy-site {name}" in README, name


def test_readme_field_reference_is_current() -> None:
    """Regenerate with `python -m generator.fieldref` and paste between the markers."""
    assert field_reference() in README
