"""Pictures drawn at build time: accessible inline SVG, escaped, from the records' dates and
figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.charts import Bar, Event, bar_chart_svg, figure_groups, timeline_svg
from generator.pipeline import check, generate
from generator.project import Project

SVG = "{http://www.w3.org/2000/svg}"


def _svg(markup: str) -> ET.Element:
    """The SVG inside a chart's <figure>, parsed (so it must be well-formed)."""
    assert "\n\n" not in markup, "a blank line would end the raw HTML block in Markdown"
    figure = ET.fromstring(markup)
    assert figure.tag == "figure" and figure.find("figcaption") is not None
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


def test_a_timeline_is_accessible_and_escaped() -> None:
    events = [
        Event("2025-07", "A <b> & C"),
        Event("2025-07", "Second on the same date"),
        Event("2025-08-02", "Veröffentlicht: ein Artikel", "de"),
    ]
    svg = _svg(timeline_svg(events, "Timeline", lambda d: f"D{d}", "t"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "t-title t-desc"
    assert svg.find(f"{SVG}title").text == "Timeline"
    assert "D2025-07: A <b> & C" in svg.find(f"{SVG}desc").text
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts.count("D2025-07") == 1 and "D2025-08-02" in texts
    assert "A <b> & C" in texts
    german = [t for t in svg.iter(f"{SVG}text") if t.text == "Veröffentlicht: ein Artikel"]
    assert german[0].get("lang") == "de"
    assert len(list(svg.iter(f"{SVG}circle"))) == 3


def test_bars_share_one_scale_from_zero() -> None:
    svg = _svg(bar_chart_svg([Bar("big", 5000), Bar("small", 800)], "Unit: companies", "c"))
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == 556 and round(widths[1]) == round(556 * 800 / 5000)
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["big", "small"]


def test_only_figures_with_a_shared_unit_are_charted(project: Project) -> None:
    site = check(project).site
    groups = figure_groups(site)
    assert [unit for unit, _ in groups] == ["companies"]
    assert [f.value for _, f in groups[0][1]] == [5000, 800]


def test_the_pages_carry_the_pictures(project: Project) -> None:
    for record in project.policies_dir.glob("*.yaml"):
        text = record.read_text(encoding="utf-8")
        if record.stem == "us-ai-action-plan":
            text = text.replace("announced: 2025-07\n", "announced: 2025-07-23\n")
        text = text.replace(
            "    language: de\n    path:", "    language: de\n    date: 2025-07-28\n    path:"
        )
        record.write_text(text, encoding="utf-8")
    generate(project)
    home = (project.docs_dir / "index.md").read_text(encoding="utf-8")
    timeline = re.search(r'<figure class="ps-chart">.*?</figure>', home, re.S)
    assert timeline is not None
    svg = _svg(timeline.group(0))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts.index("July 2025") < texts.index("23 July 2025") < texts.index("28 July 2025")
    figures = (project.docs_dir / "figures.md").read_text(encoding="utf-8")
    chart = re.search(r'<figure class="ps-chart">.*?</figure>', figures, re.S)
    assert chart is not None
    assert _svg(chart.group(0)).find(f"{SVG}title").text == "Unit: companies"
