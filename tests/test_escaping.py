"""Record text is data: Markdown and HTML in a field show as text and never break a table."""

from __future__ import annotations

import pytest

from generator.escape import escape_markdown, escape_paragraphs, safe_url
from generator.pipeline import build
from generator.project import Project


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", r"a \| b"),
        ("line one\nline two", "line one line two"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("1. not a list", r"1\. not a list"),
        ("- not a bullet", r"\- not a bullet"),
        ("# not a heading", r"\# not a heading"),
        ("*not bold* _nor this_", r"\*not bold\* \_nor this\_"),
        ("[not](a link)", r"\[not\](a link)"),
        ("AT&T {: .attr }", r"AT&amp;T \{: .attr \}"),
        ("!!! note", r"\!!! note"),
    ],
)
def test_escape_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_paragraphs_keep_blank_lines_only() -> None:
    assert escape_paragraphs("one\ntwo\n\n  three |\n") == "one two\n\nthree \\|"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "vbscript:x"])
def test_unsafe_link_targets_are_dropped(url: str) -> None:
    assert safe_url(url) == "#"


def test_hostile_fields_show_as_text_in_the_built_site(project: Project) -> None:
    path = project.policies_dir / "us-ai-action-plan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("stance: cut red tape", 'stance: "cut | red\\ntape <script>x()</script>"')
    text = text.replace(
        "title: AI Action Plan of the US administration",
        'title: "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))"',
    )
    path.write_text(text, encoding="utf-8")
    build(project)
    home = (project.site_dir / "index.html").read_text(encoding="utf-8")
    policy = (project.site_dir / "policies" / "us-ai-action-plan" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "<script>x()</script>" not in home
    assert "&lt;script&gt;x()&lt;/script&gt;" in home
    assert "cut | red tape" in home
    assert "<img src=x" not in policy and "&lt;img src=x onerror=alert(1)&gt;" in policy
    assert "<strong>bold</strong>" not in policy and "**bold**" in policy
    assert 'href="javascript:' not in policy
    # The matrix keeps one row per dimension and one column per policy.
    table = home.split("<table>")[1].split("</table>")[0]
    rows = table.split("<tr>")[2:]
    assert len(rows) == 7
    assert all(row.count("<td") == 4 for row in rows)
