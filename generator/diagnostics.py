"""Diagnostics: located, actionable messages and the one error type that carries them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a user's file, with where it is and what to do about it."""

    file: str
    line: int = 0
    column: int = 0
    path: str = ""
    message: str = ""
    hint: str = ""
    severity: str = "error"
    context: str = ""

    def format(self) -> str:
        """Render as `file:line:col: severity: path: message` plus hint and context lines."""
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        head = f"{where}: {self.severity}: "
        if self.path:
            head += f"{self.path}: "
        head += self.message
        parts = [head]
        if self.hint:
            parts.append(f"  hint: {self.hint}")
        if self.context:
            parts.append(self.context.rstrip("\n"))
        return "\n".join(parts)


class PolicySiteError(Exception):
    """Base error: a failed run, carrying every diagnostic it found."""

    def __init__(self, diagnostics: Iterable[Diagnostic], what: str = "") -> None:
        self.diagnostics = list(diagnostics)
        self.what = what
        super().__init__(self.summary())

    def summary(self) -> str:
        """One line: how many errors, and in which stage."""
        n = sum(1 for d in self.diagnostics if d.severity == "error")
        noun = "error" if n == 1 else "errors"
        prefix = f"{self.what}: " if self.what else ""
        return f"{prefix}{n} {noun}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or an empty string."""
    match = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def source_context(text: str, line: int, column: int = 0, radius: int = 2) -> str:
    """Numbered source lines around `line` (1-based) with a caret under `column`."""
    lines = text.splitlines()
    if not lines or line < 1:
        return ""
    first = max(1, line - radius)
    last = min(len(lines), line + radius)
    width = len(str(last))
    out = []
    for n in range(first, last + 1):
        mark = ">" if n == line else " "
        out.append(f"  {mark} {n:>{width}} | {lines[n - 1].expandtabs(1)}")
        if n == line and column > 0:
            out.append(f"    {' ' * width} | {' ' * (column - 1)}^")
    return "\n".join(out)
