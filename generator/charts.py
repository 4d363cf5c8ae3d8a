"""Pictures drawn at build time: a timeline of the records' dates and bar charts of figures.

Each is inline SVG (no script, no request to another host) with a <title> and <desc> for
screen readers, text labels instead of a legend, and colours from CSS classes so that
templates/assets/stylesheets/policy-site.css can adapt them to the dark scheme.
"""

from __future__ import annotations

import html
import textwrap
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from generator.model import Figure, Policy, Site

WIDTH = 560
LINE = 18
"""Pixels per line of text (font-size 14 px)."""


@dataclass(frozen=True)
class Event:
    """Something that happened on a date: a policy announced, a source published."""

    date: str
    label: str
    language: str | None = None


@dataclass(frozen=True)
class Bar:
    """One figure in a bar chart."""

    label: str
    value: float


def _e(text: object) -> str:
    """Escape text for SVG content and attributes."""
    return html.escape(" ".join(str(text).split()), quote=True)


def _wrap(text: str, width: int) -> list[str]:
    """`textwrap.wrap(text, width)`, at least one line, the quick way for plain labels.

    A label of words with single spaces, no hyphen (where textwrap may break too) and no word
    longer than a line wraps word by word, as textwrap would; anything else goes to textwrap.
    """
    words = text.split(" ")
    if "-" in text or not text.isprintable() or "" in words or max(map(len, words)) > width:
        return textwrap.wrap(text, width) or [""]
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _lang(language: str | None) -> str:
    """A lang attribute, when the language is known."""
    return f' lang="{_e(language)}"' if language else ""


def _open_svg(id_prefix: str, height: int, title: str, desc: str) -> list[str]:
    """The start of an accessible SVG: role, size, title and description."""
    return [
        f'<svg class="ps-chart__svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{_e(title)}</title>',
        f'<desc id="{id_prefix}-desc">{_e(desc)}</desc>',
    ]


def _figure(svg: list[str], caption: str) -> Markup:
    """Wrap SVG lines in a figure with a visible caption; no blank line, so Markdown keeps it."""
    lines = ['<figure class="ps-chart">', *svg, f"<figcaption>{_e(caption)}</figcaption>"]
    return Markup("\n".join([*lines, "</figure>"]))


def timeline_events(site: Site, announced: str, published: str) -> list[Event]:
    """Every dated item of the records, oldest first: announcements and source dates."""
    events = []
    for p in site.policies:
        if p.announced:
            where = f" ({p.venue})" if p.venue else ""
            events.append(Event(p.announced, f"{p.short_title}: {announced}{where}"))
    for s in site.sources:
        if s.date:
            by = f" ({s.publisher})" if s.publisher else ""
            events.append(Event(s.date, f"{published}: {s.title}{by}", s.language))
    return sorted(events, key=lambda e: (e.date, e.label.casefold()))


def timeline_svg(
    events: list[Event], title: str, format_date: Callable[[str], str], id_prefix: str
) -> Markup:
    """A vertical timeline: dates on the left, events on the right, one dot per event."""
    rows: list[str] = []
    y = 24
    previous = None
    for event in events:
        lines = _wrap(event.label, 48)
        if event.date != previous:
            if previous is not None:
                y += 10
            rows.append(
                f'<text class="ps-chart__date" x="120" y="{y}" text-anchor="end">'
                f"{_e(format_date(event.date))}</text>"
            )
            previous = event.date
        rows.append(f'<circle class="ps-chart__dot" cx="136" cy="{y - 5}" r="5"/>')
        for i, line in enumerate(lines):
            rows.append(
                f'<text x="150" y="{y + i * LINE}"{_lang(event.language)}>{_e(line)}</text>'
            )
        y += len(lines) * LINE + 10
    height = y
    axis = f'<line class="ps-chart__axis" x1="136" y1="8" x2="136" y2="{height - 8}"/>'
    desc = "; ".join(f"{format_date(e.date)}: {e.label}" for e in events)
    return _figure([*_open_svg(id_prefix, height, title, desc), axis, *rows, "</svg>"], title)


def figure_groups(site: Site) -> list[tuple[str, list[tuple[Policy, Figure]]]]:
    """Figures that can be compared: those of two or more with the same unit (and currency)."""
    groups: dict[tuple[str, str], list[tuple[Policy, Figure]]] = defaultdict(list)
    for p in site.policies:
        for f in p.figures:
            groups[(f.unit, f.currency or "")].append((p, f))
    return [
        (unit, sorted(items, key=lambda pf: -abs(pf[1].value)))
        for (unit, _), items in sorted(groups.items())
        if len(items) > 1
    ]


def bar_chart_svg(bars: list[Bar], title: str, id_prefix: str) -> Markup:
    """Horizontal bars on a common scale from zero, each with its label and value as text."""
    top = max((abs(b.value) for b in bars), default=0) or 1
    rows: list[str] = []
    y = 18
    for bar in bars:
        for line in _wrap(bar.label, 64):
            rows.append(f'<text x="0" y="{y}">{_e(line)}</text>')
            y += LINE
        width = max(2.0, round(abs(bar.value) / top * (WIDTH - 4), 1)) if bar.value else 0
        rows.append(f'<rect class="ps-chart__bar" x="0" y="{y - 10}" width="{width}" height="14"/>')
        y += 26
    desc = "; ".join(bar.label for bar in bars)
    return _figure([*_open_svg(id_prefix, y, title, desc), *rows, "</svg>"], title)


def figure_charts(
    site: Site, unit_label: str, format_number: Callable[[float], str]
) -> list[Markup]:
    """One bar chart per unit that two or more figures share, for the figures page."""
    charts = []
    for i, (unit, items) in enumerate(figure_groups(site), start=1):
        bars = [
            Bar(
                f"{p.short_title}: {f.label or f.unit} — "
                f"{f.qualifier + ' ' if f.qualifier else ''}{format_number(f.value)} {f.unit}",
                f.value,
            )
            for p, f in items
        ]
        charts.append(bar_chart_svg(bars, f"{unit_label}: {unit}", f"figures-chart-{i}"))
    return charts
