"""What a reader does in the browser: read the matrix, follow a cell to its evidence, pick
policies to compare and share the address, search for a speaker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from tests.browser.conftest import PHONE, SUB_PATH, Recorder
from tests.conftest import copy_project

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

Open = Callable[..., tuple[Any, Recorder]]
SEEDS = ["asean-ai-governance", "china-global-ai-governance", "us-ai-action-plan"]


def _columns(page: Any) -> list[str]:
    """The policy ids of the compare table's columns, in order."""
    return page.eval_on_selector_all(
        "#ps-compare thead a[data-policy]", "els => els.map(a => a.dataset.policy)"
    )


def _compare(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#ps-compare[data-ready='true']")


def test_the_matrix_is_visible_on_the_home_page(open_context: Open, base_url: str) -> None:
    context, rec = open_context()
    page = context.new_page()
    page.goto(base_url)
    matrix = page.locator("article table").first
    assert matrix.is_visible()
    assert matrix.locator("tbody tr").count() == 7
    assert matrix.locator("thead th").count() == 1 + len(SEEDS)
    assert rec.problems() == []


def test_a_matrix_cell_leads_to_its_evidence(open_context: Open, base_url: str) -> None:
    context, rec = open_context()
    page = context.new_page()
    page.goto(base_url)
    page.locator("article table").first.get_by_role("link", name="cut red tape").click()
    page.wait_for_url("**/policies/us-ai-action-plan/#regulatory-approach")
    evidence = page.locator("#regulatory-approach ~ details").first
    assert evidence.get_attribute("open") is not None
    assert evidence.is_visible()
    assert "bürokratische Hürden" in evidence.inner_text()
    source = evidence.locator("a[href*='sources/']").first
    assert source.get_attribute("lang") is None and source.locator("[lang=de]").count() == 1
    source.click()
    page.wait_for_url("**/sources/die-nachrichten-china-ki-governance/")
    assert "bürokratische Hürden" in page.locator("article").inner_text()
    assert rec.problems() == []


def test_compare_picks_columns_and_keeps_them_in_the_address(
    open_context: Open, base_url: str
) -> None:
    context, rec = open_context()
    page = context.new_page()
    _compare(page, base_url + "compare/")
    assert _columns(page) == SEEDS
    assert page.locator("#ps-picker").is_visible()
    page.get_by_label("ASEAN call for robust governance").uncheck()
    assert _columns(page) == SEEDS[1:]
    assert page.url.endswith("compare/?p=china-global-ai-governance,us-ai-action-plan")
    assert "2 of 3" in page.locator(".ps-picker__status").inner_text()
    # China and the US lean opposite ways on export controls: the row says so.
    row = page.locator(
        "#ps-compare tbody tr", has=page.locator("[data-dimension='export-controls-trade']")
    )
    assert "Opposite stances" in row.inner_text()
    # Keyboard: focus a box and press space.
    page.focus("input[value='china-global-ai-governance']")
    page.keyboard.press("Space")
    assert _columns(page) == ["us-ai-action-plan"]
    assert "at least two" in page.locator(".ps-picker__status").inner_text()
    page.get_by_role("button", name="Show all").click()
    assert _columns(page) == SEEDS
    assert page.url.endswith("compare/")
    assert rec.problems() == []


def test_a_shared_compare_address_shows_the_same_choice(open_context: Open, base_url: str) -> None:
    context, rec = open_context()
    page = context.new_page()
    for pair in (SEEDS[:2], SEEDS[1:], [SEEDS[0], SEEDS[2]]):
        _compare(page, base_url + "compare/?p=" + ",".join(reversed(pair)))
        assert _columns(page) == pair
        checked = page.eval_on_selector_all(
            "#ps-picker input:checked", "els => els.map(e => e.value)"
        )
        assert checked == pair
        # The cells link to the evidence of the same policy and dimension.
        first = page.locator("#ps-compare tbody tr").first.locator("td a").first
        assert first.get_attribute("href").endswith(f"policies/{pair[0]}/#overall-goal")
    assert rec.problems() == []


def test_compare_without_javascript_shows_the_full_table(open_context: Open, base_url: str) -> None:
    context, rec = open_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "compare/?p=us-ai-action-plan,china-global-ai-governance")
    assert _columns(page) == SEEDS
    assert not page.locator("#ps-picker").is_visible()
    assert page.locator("#ps-compare tbody tr").count() == 7
    assert "Opposite stances" in page.locator("#ps-compare").inner_text()
    assert rec.problems() == []


def test_compare_table_scrolls_inside_its_frame_at_phone_width(
    open_context: Open, base_url: str
) -> None:
    context, rec = open_context(viewport=PHONE)
    page = context.new_page()
    _compare(page, base_url + "compare/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("#ps-compare table").is_visible()
    assert rec.problems() == []


def test_search_finds_a_speaker_and_the_quote(open_context: Open, base_url: str) -> None:
    context, rec = open_context()
    page = context.new_page()
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("Kao Kim Hourn")
    result = page.locator(
        ".md-search-result__item a[href*='quotes/'][href$='#kao-kim-hourn']"
    ).first
    result.wait_for(state="visible")
    result.click()
    page.wait_for_url("**/quotes/?h=*#kao-kim-hourn")
    assert "Maßnahmen der internationalen Gemeinschaft" in page.locator("article").inner_text()
    assert rec.problems() == []


def test_search_finds_a_policy(open_context: Open, base_url: str) -> None:
    context, rec = open_context()
    page = context.new_page()
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("Action Plan")
    page.locator(".md-search-result__item a[href*='policies/us-ai-action-plan/']").first.wait_for(
        state="visible"
    )
    assert rec.problems() == []


@pytest.fixture(scope="session")
def variant_url(served_root: Path, base_url: str) -> str:
    """A variant of the seeds served beside them: a fourth record, a leaning on a dimension
    without scale, an evidence-only position, an unsourced one, two equal stance labels."""
    project = copy_project(served_root.parent / "variant-project")
    policies = project / "content" / "policies"

    def edit(name: str, change: Callable[[dict[str, Any]], None]) -> None:
        path = policies / f"{name}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    edit("china-global-ai-governance", lambda d: d["positions"]["presentation"].update(leaning=1))
    edit("us-ai-action-plan", lambda d: d["positions"]["presentation"].update(leaning=-1))
    edit("asean-ai-governance", lambda d: d["positions"]["risks-named"].pop("stance"))
    edit(
        "us-ai-action-plan",
        lambda d: d["positions"].update({"risks-named": {"stance": "Monopoly, exclusion"}}),
    )
    fourth = (policies / "us-ai-action-plan.yaml").read_text(encoding="utf-8")
    (policies / "fourth-plan.yaml").write_text(
        fourth.replace("short_title: US AI Action Plan", "short_title: Fourth plan"),
        encoding="utf-8",
    )
    site = served_root / "variant"
    assert main(["-C", str(project), "build", "--site-dir", str(site)]) == 0
    return base_url.split(SUB_PATH)[0] + "/variant/"


@pytest.mark.parametrize("which", ["seeds", "variant"])
def test_the_picker_table_says_what_the_full_table_says(
    open_context: Open, base_url: str, which: str, request: pytest.FixtureRequest
) -> None:
    """compare.js rebuilds the table from the JSON; with every policy picked it must read
    exactly like the table the build wrote (same cells, marks and links)."""
    url = base_url if which == "seeds" else request.getfixturevalue("variant_url")

    def table(page: Any) -> list[Any]:
        return page.eval_on_selector_all(
            "#ps-compare table tr",
            """rows => rows.map(r => Array.from(r.children).map(c => [
                c.innerText.replace(/\\s+/g, " ").trim(),
                Array.from(c.querySelectorAll("a")).map(a => a.href),
            ]))""",
        )

    static, rec = open_context(java_script_enabled=False)
    page = static.new_page()
    page.goto(url + "compare/")
    expected = table(page)
    assert len(expected[0]) == (5 if which == "variant" else 4)
    if which == "variant":
        text = " ".join(cell[0] for row in expected for cell in row)
        for mark in ("evidence only (1)", "no source cited", "Same stance", "▲ +1"):
            assert mark in text, mark
    scripted, rec2 = open_context()
    page = scripted.new_page()
    _compare(page, url + "compare/")
    assert table(page) == expected
    assert rec.problems() == [] and rec2.problems() == []
