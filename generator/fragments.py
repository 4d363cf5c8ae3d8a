"""Markdown pieces every page repeats, in Python: the hot path of rendering.

They print exactly what the equally named macros in templates/macros.md.j2 would, at a fraction
of the cost (a macro call in Jinja is expensive, and a 1,000-policy site makes hundreds of
thousands of them). Templates call them as globals; a user who wants other wording overrides the
page templates or the labels.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any

from jinja2 import pass_context
from jinja2.filters import do_indent
from jinja2.runtime import Context
from markupsafe import Markup

from generator.compare import leaning_label
from generator.escape import escape_html, escape_markdown, escape_paragraphs, md_link, safe_url
from generator.formatting import format_date
from generator.model import Evidence, Policy, Position, Source

E = escape_markdown


@lru_cache(maxsize=1 << 16)
def _relative(target: str, here: str) -> Markup:
    """`target` relative to the folder `here`, remembered: pages share most of their links."""
    return Markup(posixpath.relpath(target, here))


def relative(context: Context, target: str) -> Markup:
    """A link from the page being rendered to `target` (a path under the docs folder)."""
    return _relative(target, posixpath.dirname(context["page_path"]) or ".")


@pass_context
def href(context: Context, target: str) -> Markup:
    """Template global: a link from the page being rendered to `target`."""
    return relative(context, target)


def _not_stated(labels: dict[str, Any]) -> str:
    """The "not stated" marker."""
    return f"*{E(labels['not_stated'])}*"


@pass_context
def not_stated(context: Context) -> Markup:
    """*not stated*, for a value the record leaves out."""
    return Markup(_not_stated(context["L"]))


def _unsourced(labels: dict[str, Any], pos: Position | None) -> str:
    """A flag on a position that cites no source."""
    if pos is not None and not pos.evidence:
        return f' <span class="ps-unsourced">{E(labels["unsourced"])}</span>'
    return ""


@pass_context
def unsourced_flag(context: Context, pos: Position | None) -> Markup:
    """Template global: the no-source flag."""
    return Markup(_unsourced(context["L"], pos))


def _lean_badge(pos: Position | None) -> str:
    """▲/▼ and the leaning in words, when the position has one."""
    label = leaning_label(pos)
    if not label or pos is None or pos.leaning is None:
        return ""
    side, arrow = ("high", "▲") if pos.leaning > 0 else ("low", "▼")
    return (
        f' <span class="ps-lean ps-lean--{side}"><span aria-hidden="true">{arrow}</span> '
        f"{E(label)}</span>"
    )


def lean_badge(pos: Position | None) -> Markup:
    """Template global: the leaning badge."""
    return Markup(_lean_badge(pos))


def _stance_cell(context: Context, policy: Policy, dimension_id: str) -> str:
    """A policy's stance on a dimension, linking to it, as a table cell."""
    labels = context["L"]
    pos = policy.positions.get(dimension_id)
    if pos is None:
        return _not_stated(labels)
    target = f"{relative(context, 'policies/' + policy.id + '.md')}#{dimension_id}"
    text = pos.stance if pos.stance else f"{labels['evidence_only']} ({len(pos.evidence)})"
    return str(md_link(text, target)) + _unsourced(labels, pos)


@pass_context
def stance_cell(context: Context, policy: Policy, dimension: Any) -> Markup:
    """Template global: the stance cell (see macros.md.j2 for the wording)."""
    return Markup(_stance_cell(context, policy, dimension.id))


def _lang_text(text: object, language: str | None) -> str:
    """Text marked with its language, so browsers and screen readers handle it."""
    if language:
        return f'<span lang="{escape_html(language)}">{E(text)}</span>'
    return str(E(text))


def lang_text(text: object, language: str | None) -> Markup:
    """Template global: text in its language."""
    return Markup(_lang_text(text, language))


def _source_ref(context: Context, source: Source) -> str:
    """A source: its page, publisher, date and a link to the original."""
    out = f"[{_lang_text(source.title, source.language)}]"
    out += f"({relative(context, 'sources/' + source.id + '.md')})"
    if source.publisher:
        out += f", {E(source.publisher)}"
    if source.date:
        out += f", {E(format_date(source.date, context['site'].settings.language))}"
    if source.url:
        out += f" ([{E(context['L']['read_source'])}]({safe_url(source.url)}))"
    return out


@pass_context
def source_ref(context: Context, source: Source) -> Markup:
    """Template global: a source reference."""
    return Markup(_source_ref(context, source))


def _evidence_list(context: Context, items: tuple[Evidence, ...]) -> str:
    """The evidence of a position as a Markdown list."""
    labels = context["L"]
    out = []
    for ev in items:
        line = "- "
        if ev.text:
            line += f"*{_lang_text(ev.text, ev.source.language)}* — "
        line += _source_ref(context, ev.source)
        if ev.extracted:
            line += f", {E(labels['sentence'])} {E(ev.extracted.sentence)}"
        if ev.note:
            line += f"  \n  *{E(ev.note)}*"
        out.append(line + "\n")
    return "".join(out)


@pass_context
def position_block(context: Context, policy: Policy, pos: Position) -> Markup:
    """A position: stance, leaning, text and its evidence (or a warning that it has none)."""
    labels = context["L"]
    out = ""
    if pos.stance:
        out += f"**{E(labels['stance'])}:** {E(pos.stance)}{_lean_badge(pos)}\n\n"
    elif pos.leaning:
        out += f"**{E(labels['leaning'])}:**{_lean_badge(pos)}\n\n"
    if pos.text:
        out += f"{escape_paragraphs(pos.text)}\n\n"
    if pos.evidence:
        out += f'???+ quote "{escape_html(labels["evidence"])} ({len(pos.evidence)})"\n\n'
        out += str(do_indent(_evidence_list(context, pos.evidence), 4, True)) + "\n"
    else:
        out += f'!!! warning "{escape_html(labels["no_evidence"])}"\n'
    return Markup(out)


GLOBALS = {
    "href": href,
    "not_stated": not_stated,
    "unsourced_flag": unsourced_flag,
    "lean_badge": lean_badge,
    "stance_cell": stance_cell,
    "lang_text": lang_text,
    "source_ref": source_ref,
    "position_block": position_block,
}
