"""End to end: the seed project builds into a site whose HTML shows the comparison."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.project import Project

pytestmark = pytest.mark.slow


def _html(root: Path, page: str) -> str:
    return (root / "site" / page).read_text(encoding="utf-8")


def test_home_shows_the_overview_matrix(built_site: Path) -> None:
    home = _html(built_site, "index.html")
    table = home.split("<table>")[1].split("</table>")[0]
    header = table.split("</thead>")[0]
    for policy in ("asean-ai-governance", "china-global-ai-governance", "us-ai-action-plan"):
        assert f'href="policies/{policy}/"' in header
    body_rows = table.split("</thead>")[1].count("<tr>")
    assert body_rows >= 7
    assert 'href="policies/us-ai-action-plan/#regulatory-approach">cut red tape</a>' in table
    assert "<em>not stated</em>" in table


def test_every_policy_and_dimension_has_its_page(built_site: Path) -> None:
    project = Project(built_site)
    for record in project.policies_dir.glob("*.yaml"):
        page = _html(built_site, f"policies/{record.stem}/index.html")
        assert 'id="overall-goal"' in page
    for dim in (
        "overall-goal",
        "regulatory-approach",
        "international-coordination",
        "export-controls-trade",
        "risks-named",
        "industry-investment",
        "presentation",
    ):
        page = _html(built_site, f"dimensions/{dim}/index.html")
        assert all(f'id="{p.stem}"' in page for p in project.policies_dir.glob("*.yaml"))


def test_browser_tabs_and_search_show_page_titles_not_file_names(built_site: Path) -> None:
    """A page's <title> (and its search result) comes from its heading, not its file name."""
    site = re.compile(r"<title>(.*?) - ")
    policy = _html(built_site, "policies/us-ai-action-plan/index.html")
    assert site.search(policy)[1] == "US AI Action Plan"  # type: ignore[index]
    for section, title in (("dimensions", "Dimensions"), ("policies", "Policies")):
        page = _html(built_site, f"{section}/index.html")
        assert site.search(page)[1] == title  # type: ignore[index]
    index = _html(built_site, "search/search_index.json")
    assert '"title":"Dimensions"' in index.replace(": ", ":")


def test_quotes_figures_sources_and_compare_pages_exist(built_site: Path) -> None:
    quotes = _html(built_site, "quotes/index.html")
    assert 'id="li-qiang"' in quotes and 'id="kao-kim-hourn"' in quotes
    assert 'lang="de"' in quotes
    figures = _html(built_site, "figures/index.html")
    assert "600 billion yuan" in figures and "more than 5,000 companies" in figures
    assert "die-nachrichten.at" in _html(built_site, "sources/index.html")
    assert "go it alone" in _html(built_site, "compare/index.html")


def test_built_pages_request_no_other_host(built_site: Path) -> None:
    for page in (built_site / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:link|script|img|iframe)\b[^>]*>", html):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), (page, tag)


def test_a_failing_check_leaves_the_previous_site(project: Project, cli) -> None:
    assert cli("-C", str(project.root), "build").code == 0
    before = (project.site_dir / "index.html").read_bytes()
    record = project.policies_dir / "us-ai-action-plan.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("summary:", "sumary:"))
    result = cli("-C", str(project.root), "build")
    assert result.code == 1
    assert "unknown key 'sumary' (did you mean 'summary'?)" in result.err
    assert (project.site_dir / "index.html").read_bytes() == before


def test_build_fails_on_a_mkdocs_warning(project: Project, cli) -> None:
    template = project.templates_dir / "compare.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "{% endblock %}", "[broken](no-such-page.md)\n{% endblock %}"
        ),
        encoding="utf-8",
    )
    result = cli("-C", str(project.root), "build")
    assert result.code == 1
    assert "no-such-page.md" in result.err
    assert not (project.site_dir / "index.html").exists()


def test_python_dash_m_runs_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("policy-site ")
