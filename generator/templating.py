"""The one Jinja environment: strict, escaping by default, with the site's filters."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from types import FunctionType, MethodType
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
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
    return _slug(str(text))


@lru_cache(maxsize=1 << 14)
def _slug(text: str) -> str:
    """The anchor itself, remembered: a speaker or tag shows on many pages."""
    out = []
    for ch in text.casefold():
        out.append(ch if ch.isalnum() else "-")
    s = "-".join(filter(None, "".join(out).split("-")))
    return s.encode("ascii", "ignore").decode() or "x"


def to_json(value: Any) -> Markup:
    """JSON for a data attribute or script block, escaped for HTML."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return escape_html(text)


class _Context(Context):
    """Jinja's template context, calling plain functions and methods the short way.

    Templates call Python for nearly every link and table cell, and Jinja's own `call` first
    works out whether the callable wants the context, the eval context or the environment
    passed in. A function or bound method that asks for none of them is called directly, with
    the same result at a third of the cost; macros and anything else take Jinja's way.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call `__obj` with the arguments, as Jinja does (see the class docstring)."""
        if type(__obj) not in (FunctionType, MethodType) or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, printing each `{{ }}` value through `finalize` alone.

    With autoescape on, Jinja prints a value as `escape(finalize(value))`. Our `finalize`
    returns Markup for every value (escaped for Markdown, see generator/escape.py), which
    `escape` would only copy again. jinja2.nativetypes overrides the same two methods.
    """

    @staticmethod
    def _autoescaped(frame: Frame) -> bool:
        """True where printed values are escaped (by `finalize`, which makes Markup)."""
        return bool(frame.eval_ctx.autoescape) and not frame.eval_ctx.volatile

    def _output_child_pre(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        """Open the call(s) around a printed value."""
        if finalize.src is not None and self._autoescaped(frame):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        """Close the call(s) around a printed value."""
        if finalize.src is not None and self._autoescaped(frame):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


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
    env.code_generator_class = _CodeGenerator
    env.context_class = _Context
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
