"""Case-insensitive scans done as case-sensitive scans of the lower-cased text, where exact.

Python's re matches IGNORECASE patterns about half as fast as case-sensitive ones. Lower-casing
the text first gives exactly the same matches, at the same offsets, unless

* the text holds "İ", whose lower case is two characters (offsets would shift); or
* it holds a character that IGNORECASE equates with a letter of the pattern although its
  lower case differs: "ı" and "ſ" match "i" and "s", Greek "ς" matches "σ" (re keeps these
  in `re._casefix`).

For such texts, and for words whose own lower case is irregular, the IGNORECASE pattern runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def _extra_cases() -> dict[int, tuple[int, ...]] | None:
    """re's table of characters equated under IGNORECASE beyond lower(); None if unknown."""
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
    except ImportError:
        return None
    return dict(_EXTRA_CASES)


class CaselessPattern:
    """The match starts of a case-insensitive pattern built from a list of words."""

    def __init__(self, build: Callable[[Iterable[str]], str], words: Iterable[str]):
        """`build(words)` makes the pattern's source; it must use the words as literals and no
        upper-case letters of its own (so it reads the same when given the words lower-cased)."""
        words = list(words)
        self._slow = re.compile(build(words), re.IGNORECASE)
        self._fast: re.Pattern[str] | None = None
        self._odd = ""
        lowered = [w.lower() for w in words]
        extra = _extra_cases()
        if extra is None or any(
            len(w) != len(lw) or "Σ" in w for w, lw in zip(words, lowered, strict=True)
        ):
            return
        source = build(lowered)
        odd = {chr(c) for ch in set(source) for c in extra.get(ord(ch), ())}
        self._fast, self._odd = re.compile(source), "".join(sorted(odd))

    def starts(self, text: str) -> list[int]:
        """Start offsets of the pattern's matches in `text`, as IGNORECASE finds them."""
        if self._fast is not None:
            lowered = text.lower()
            if len(lowered) == len(text) and not any(c in lowered for c in self._odd):
                return [m.start() for m in self._fast.finditer(lowered)]
        return [m.start() for m in self._slow.finditer(text)]
