"""Escaping for the generated Markdown: every text from a record or an article is data."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup

_WHITESPACE = re.compile(r"\s+")
# Characters Python-Markdown (with the tables extension) gives meaning anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]{}|#])")
# Line starts that would open a list, heading, quote block or admonition.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+!])")


def escape_markdown(text: object) -> Markup:
    """Escape text for inline Markdown: one line, no markup, no HTML, safe inside a table cell."""
    if isinstance(text, Markup):
        return text
    return _escape_markdown(text if type(text) is str else str(text))


@lru_cache(maxsize=1 << 17)
def _escape_markdown(text: str) -> Markup:
    """The escaping itself, remembered: the same stance or title shows on many pages."""
    s = html.escape(_WHITESPACE.sub(" ", str(text)).strip(), quote=False)
    s = _INLINE.sub(r"\\\1", s)
    s = _LINE_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", s
    )
    return Markup(s)


def escape_paragraphs(text: object) -> Markup:
    """Escape multi-paragraph text: blank lines separate paragraphs, each escaped inline."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    return Markup("\n\n".join(escape_markdown(p) for p in paragraphs))


def escape_html(text: object) -> Markup:
    """Escape text for raw HTML: element content and quoted attribute values."""
    return Markup(html.escape(_WHITESPACE.sub(" ", str(text)).strip(), quote=True))


def safe_url(url: object) -> Markup:
    """A link target from a record: only http(s) and relative links; spaces and brackets encoded."""
    s = str(url).strip()
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
    if value is None:
        raise ValueError("a template printed a missing value; use `or` to say what to show")
    return escape_markdown(value)
