"""Escaping for the generated Markdown: every text from a record or an article is data."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup

# Characters Python-Markdown (with the tables extension) gives meaning anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]{}|#])")
# Line starts that would open a list, heading, quote block or admonition.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+!])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A link target that encoding and HTML escaping leave as it is: a path between the pages.
_PLAIN_URL = re.compile(r"[\w/.#~-]*", re.ASCII)


def _one_line(text: str) -> str:
    """Runs of whitespace (line breaks too) as one space, none at either end."""
    return " ".join(text.split())


def escape_markdown(text: object) -> Markup:
    """Escape text for inline Markdown: one line, no markup, no HTML, safe inside a table cell."""
    if isinstance(text, Markup):
        return text
    return _escape_markdown(text if type(text) is str else str(text))


@lru_cache(maxsize=1 << 17)
def _escape_markdown(text: str) -> Markup:
    """The escaping itself, remembered: the same stance or title shows on many pages.

    Most texts need no backslash at all, so each substitution runs only where it has a match.
    """
    s = html.escape(_one_line(text), quote=False)
    if _INLINE.search(s):
        s = _INLINE.sub(r"\\\1", s)
    if _LINE_START.match(s):
        s = _LINE_START.sub(
            lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", s
        )
    return Markup(s)


def escape_paragraphs(text: object) -> Markup:
    """Escape multi-paragraph text: blank lines separate paragraphs, each escaped inline."""
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(str(text).strip()) if p.strip()]
    return Markup("\n\n".join(escape_markdown(p) for p in paragraphs))


def escape_html(text: object) -> Markup:
    """Escape text for raw HTML: element content and quoted attribute values."""
    return _escape_html(text if type(text) is str else str(text))


@lru_cache(maxsize=1 << 14)
def _escape_html(text: str) -> Markup:
    """The HTML escaping itself, remembered: labels and languages repeat on every page."""
    return Markup(html.escape(_one_line(text), quote=True))


def safe_url(url: object) -> Markup:
    """A link target from a record: only http(s) and relative links; spaces and brackets encoded."""
    return _safe_url(url if type(url) is str else str(url))


@lru_cache(maxsize=1 << 17)
def _safe_url(url: str) -> Markup:
    """The link target check and encoding, remembered: pages link to the same pages."""
    s = url.strip()
    if _PLAIN_URL.fullmatch(s):
        return Markup(s)
    if re.match(r"^[a-z][a-z0-9+.-]*:", s, re.I) and not re.match(r"^https?://", s, re.I):
        s = "#"
    return Markup(html.escape(quote(s, safe="/:?#[]@!$&'*+,;=%~-._"), quote=True))


def md_link(text: object, url: object) -> Markup:
    """A Markdown link with escaped text and a safe target."""
    return Markup(f"[{escape_markdown(text)}]({safe_url(url)})")


def finalize(value: object) -> object:
    """Jinja's finalize hook: every `{{ }}` output is escaped unless a filter marked it safe."""
    if isinstance(value, Markup):
        return value
    if type(value) is str:
        return _escape_markdown(value)
    if value is None:
        raise ValueError("a template printed a missing value; use `or` to say what to show")
    return escape_markdown(value)
