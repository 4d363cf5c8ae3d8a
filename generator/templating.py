"""The one Jinja environment: strict, escaping by default, with the site's filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.escape import (
    escape_html,
    escape_markdown,
    escape_paragraphs,
    finalize,
    md_link,
    safe_url,
)
from generator.formatting import format_date, format_number


def slug(text: object) -> str:
    """A URL-safe anchor from a name: "Li Qiang" → "li-qiang"."""
    out = []
    for ch in str(text).casefold():
        out.append(ch if ch.isalnum() else "-")
    s = "-".join(filter(None, "".join(out).split("-")))
    return s.encode("ascii", "ignore").decode() or "x"


def to_json(value: Any) -> Markup:
    """JSON for a data attribute or script block, escaped for HTML."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return escape_html(text)


def make_environment(templates_dir: Path, language: str = "en") -> Environment:
    """Create the Jinja environment every page is rendered with."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Autoescape on, with `finalize` escaping for Markdown: macros then return safe Markup
        # and every printed value from a record is escaped unless a filter already did it.
        autoescape=True,
        finalize=finalize,
        # Templates do not change during a run; don't stat them on every page.
        auto_reload=False,
    )
    env.filters.update(
        md=escape_markdown,
        paragraphs=escape_paragraphs,
        html=escape_html,
        url=safe_url,
        slug=slug,
        json=to_json,
        date=lambda v: format_date(v, language),
        number=lambda v: format_number(v, language),
    )
    env.globals.update(link=md_link, raw=Markup)
    return env
