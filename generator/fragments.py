"""Markdown pieces every page repeats, in Python: the hot path of rendering.

A 1,000-policy site prints hundreds of thousands of links, stance cells and source references;
as Jinja macros they would cost most of the render time. Templates call these like globals (a
user who wants other wording overrides the page templates or the labels), and the ones that
link to other pages are remembered per page folder: most pages of a folder share their links.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from generator.compare import leaning_label
from generator.escape import escape_html, escape_markdown, escape_paragraphs, md_link, safe_url
from generator.formatting import format_date, format_number
from generator.model import Dimension, Evidence, Figure, Policy, Position, Quote, Site, Source
from generator.tags import tag_anchor

E = escape_markdown
_NOTHING = Markup()


@lru_cache(maxsize=1 << 16)
def _relative(target: str, here: str) -> Markup:
    """`target` relative to the folder `here`, remembered: pages share most of their links."""
    return Markup(posixpath.relpath(target, here))


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


def _lang_text(text: object, language: str | None) -> str:
    """Text marked with its language, so browsers and screen readers handle it."""
    if language:
        return f'<span lang="{escape_html(language)}">{E(text)}</span>'
    return str(E(text))


class Fragments:
    """The fragments of one render run, as template globals for one page at a time.

    The run's object holds the site, its labels and the pieces already made; `for_page` hands
    out a copy whose links are relative to that page's folder. They are bound methods rather
    than `pass_context` functions, so Jinja calls them without deriving a context per call.
    """

    NAMES = (
        "href",
        "not_stated",
        "unsourced_flag",
        "lean_badge",
        "stance_cell",
        "lang_text",
        "source_ref",
        "position_block",
        "policy_link",
        "policy_names",
        "source_link",
        "tag_link",
        "other_position",
        "source_use",
    )
    """The fragments templates call, by name."""

    def __init__(self, site: Site, labels: dict[str, Any]) -> None:
        """Fragments for `site` in the words of `labels`, linking from the site's top folder."""
        self.site = site
        self.labels = labels
        self.words = {key: E(value) for key, value in labels.items() if isinstance(value, str)}
        """The labels escaped for Markdown."""
        self.language = site.settings.language
        self.here = "."
        self._not_stated = Markup(f"*{self.words['not_stated']}*")
        self._made: dict[tuple[Any, ...], Markup] = {}

    def for_page(self, page_path: str) -> dict[str, Callable[..., Markup]]:
        """The fragments for the page at `page_path` (a path under the docs folder), by name."""
        page = copy.copy(self)  # shares the labels and the pieces already made
        page.here = posixpath.dirname(page_path) or "."
        return {name: getattr(page, name) for name in self.NAMES}

    def _remember(self, key: tuple[Any, ...], make: Callable[[], str]) -> Markup:
        """The piece for `key` from this page's folder, made on first use."""
        key = (self.here, *key)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = Markup(make())
        return made

    def href(self, target: str) -> Markup:
        """A link from the page to `target` (a path under the docs folder)."""
        return _relative(target, self.here)

    def not_stated(self) -> Markup:
        """*not stated*, for a value the record leaves out."""
        return self._not_stated

    def _unsourced(self, pos: Position | None) -> str:
        """A flag on a position that cites no source."""
        if pos is not None and not pos.evidence:
            return f' <span class="ps-unsourced">{self.words["unsourced"]}</span>'
        return ""

    def unsourced_flag(self, pos: Position | None) -> Markup:
        """The no-source flag."""
        flag = self._unsourced(pos)
        return Markup(flag) if flag else _NOTHING

    def lean_badge(self, pos: Position | None) -> Markup:
        """The leaning badge."""
        badge = _lean_badge(pos)
        return Markup(badge) if badge else _NOTHING

    def lang_text(self, text: object, language: str | None) -> Markup:
        """Text in its language."""
        return Markup(_lang_text(text, language))

    def policy_link(self, policy: Policy, anchor: str | None = None) -> Markup:
        """A link to a policy's page (at `anchor`, if given) showing its short title."""

        def make() -> str:
            target: str = self.href(f"policies/{policy.id}.md")
            if anchor is not None:
                target = f"{target}#{escape(anchor)}"
            return md_link(policy.short_title, target)

        # The anchor's type too: a str is HTML-escaped in the link (as `~` in a template does),
        # Markup is not.
        return self._remember(("policy", policy.id, anchor, type(anchor)), make)

    def policy_names(self, policies: Iterable[Policy]) -> Markup:
        """The short titles of `policies`, separated by commas."""
        return Markup(", ".join([E(p.short_title) for p in policies]))

    def source_link(self, source: Source) -> Markup:
        """A link to a source's page showing its title."""
        return self._remember(
            ("source", source.id, E(source.title)),
            lambda: md_link(source.title, self.href(f"sources/{source.id}.md")),
        )

    def tag_link(self, group: str, name: str, text: object) -> Markup:
        """A link showing `text` to the tag `name` of `group` on the tag page."""
        shown = E(text)
        return self._remember(
            ("tag", group, name, shown),
            lambda: md_link(shown, self.href("tags.md") + "#" + tag_anchor(group, name)),
        )

    def stance_cell(self, policy: Policy, dimension: Dimension) -> Markup:
        """A policy's stance on a dimension, linking to it, as a table cell."""
        return self._remember(
            ("stance", policy.id, dimension.id), lambda: self._stance_cell(policy, dimension.id)
        )

    def _stance_cell(self, policy: Policy, dimension_id: str) -> str:
        """The stance cell, made."""
        pos = policy.positions.get(dimension_id)
        if pos is None:
            return self._not_stated
        target = f"{self.href('policies/' + policy.id + '.md')}#{dimension_id}"
        text = pos.stance if pos.stance else f"{self.labels['evidence_only']} ({len(pos.evidence)})"
        return str(md_link(text, target)) + self._unsourced(pos)

    def other_position(self, pos: Position | None, other: Position | None) -> Markup:
        """Another policy's position on the same dimension, and whether it agrees with `pos`."""
        if not other:
            return self._not_stated
        out = f"{E(other.stance or self.labels['evidence_only'])}{_lean_badge(other)}"
        relation = pos.relation(other) if pos else None
        if relation == "same":
            out += f' <span class="ps-rel ps-rel--same">{self.words["same_stance"]}</span>'
        elif relation == "opposite":
            out += f' <span class="ps-rel ps-rel--opposite">{self.words["opposite_stances"]}</span>'
        return Markup(out + self._unsourced(other))

    def source_ref(self, source: Source) -> Markup:
        """A source: its page, publisher, date and a link to the original."""
        # Keyed by the fields shown: cheaper to hash and compare than the dataclass.
        key = ("ref", source.id, source.title, source.language, source.publisher, source.date)
        return self._remember((*key, source.url), lambda: self._source_ref(source))

    def _source_ref(self, source: Source) -> str:
        """The source reference, made."""
        out = f"[{_lang_text(source.title, source.language)}]"
        out += f"({self.href('sources/' + source.id + '.md')})"
        if source.publisher:
            out += f", {E(source.publisher)}"
        if source.date:
            out += f", {E(format_date(source.date, self.language))}"
        if source.url:
            out += f" ([{self.words['read_source']}]({safe_url(source.url)}))"
        return out

    def _evidence_list(self, items: tuple[Evidence, ...]) -> str:
        """The evidence of a position as a Markdown list, indented four spaces (in the box).

        Every piece is escaped to a single line, so the list's own line breaks are the only ones.
        """
        out = []
        for ev in items:
            line = "    - "
            if ev.text:
                line += f"*{_lang_text(ev.text, ev.source.language)}* — "
            line += str(self.source_ref(ev.source))
            if ev.extracted:
                line += f", {self.words['sentence']} {E(ev.extracted.sentence)}"
            if ev.note:
                line += f"  \n      *{E(ev.note)}*"
            out.append(line + "\n")
        return "".join(out)

    def position_block(self, policy: Policy, pos: Position) -> Markup:
        """A position: stance, leaning, text and its evidence (or a warning that it has none)."""
        labels = self.labels
        out = ""
        if pos.stance:
            out += f"**{self.words['stance']}:** {E(pos.stance)}{_lean_badge(pos)}\n\n"
        elif pos.leaning:
            out += f"**{self.words['leaning']}:**{_lean_badge(pos)}\n\n"
        if pos.text:
            out += f"{escape_paragraphs(pos.text)}\n\n"
        if pos.evidence:
            out += f'???+ quote "{escape_html(labels["evidence"])} ({len(pos.evidence)})"\n\n'
            out += self._evidence_list(pos.evidence) + "\n"
        else:
            out += f'!!! warning "{escape_html(labels["no_evidence"])}"\n'
        return Markup(out)

    def source_use(self, item: Evidence | Quote | Figure, source: Source) -> Markup:
        """One item citing `source` (evidence, a figure or a quote) and whose it is."""
        policy = self.site.policy(item.policy_id)
        if isinstance(item, Evidence):
            dimension = policy.positions[item.dimension_id].dimension
            out = f"**{self.policy_link(policy, item.dimension_id)} · {E(dimension.title)}**"
            if item.text:
                out += f": „{_lang_text(item.text, source.language)}“"
            if item.extracted:
                out += f" ({self.words['sentence']} {E(item.extracted.sentence)})"
        elif isinstance(item, Figure):
            out = f"**{self.policy_link(policy)} · {self.words['figures']}**: "
            if item.qualifier:
                out += f"{E(item.qualifier)} "
            out += f"{E(format_number(item.value, self.language))} {E(item.unit)}"
            if item.text:
                out += f" („{_lang_text(item.text, source.language)}“)"
        else:
            out = f"**{self.policy_link(policy)} · {self.words['quotes']}**: "
            out += f"„{_lang_text(item.text, item.language)}“"
            if item.speaker:
                out += f" — {E(item.speaker)}"
        return Markup(out)
