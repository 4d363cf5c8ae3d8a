"""Find quotations by their marks: „…“ “…” "…" «…» »…« ‚…‘ ‘…’ ‹…›, nested, per paragraph.

A mark opens a quotation when it is left-flanking (text follows it, space or an opening bracket
precedes it) and closes the innermost open quotation that accepts it when it is right-flanking
(text precedes it, no letter follows it), so apostrophes ("don’t", "China’s") and inch marks do
not pair up. A quotation left open at the end of a paragraph continues when the next paragraph
opens with the same mark (the English convention for quotes that run over paragraphs);
otherwise the stray mark is ignored. One pass over the marks: linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> marks that may close it. “ closes „ (German) and opens (English).
CLOSERS: dict[str, str] = {
    "„": "“”",
    "“": "”“",
    '"': '"',
    "«": "»",
    "»": "«",
    "‚": "‘’",
    "‘": "’",
    "‹": "›",
    "›": "‹",
}
MARKS = re.compile('[„“”"«»‚‘’‹›]')
_OPEN_BEFORE = set(" \n\t([{—–-/:") | set(CLOSERS)
_MAX_DEPTH = 3


@dataclass(frozen=True)
class Quotation:
    """An outermost quotation: its marks and the spans of quoted text (one per paragraph)."""

    open: int
    close: int
    mark: str
    pieces: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        """Offset of the first quoted character."""
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        """Offset just after the last quoted character."""
        return self.pieces[-1][1]


def _left_flanking(text: str, i: int) -> bool:
    """Whether the mark at i can open: text follows, and space or a bracket precedes."""
    nxt = text[i + 1 : i + 2]
    if not nxt or nxt.isspace():
        return False
    return i == 0 or text[i - 1] in _OPEN_BEFORE


def _right_flanking(text: str, i: int) -> bool:
    """Whether the mark at i can close: text precedes, and no letter or digit follows."""
    if i == 0 or text[i - 1].isspace():
        return False
    nxt = text[i + 1 : i + 2]
    return not nxt or not nxt.isalnum()


def find_quotations(text: str) -> list[Quotation]:
    """All outermost quotations in `text`, in text order."""
    found: list[Quotation] = []
    stack: list[tuple[int, str]] = []  # open marks: (offset, mark), outermost first
    pieces: list[tuple[int, int]] = []  # finished paragraphs of a quotation that runs on
    first_open = -1
    last = 0
    for m in MARKS.finditer(text):
        i, mark = m.start(), m.group()
        brk = text.find("\n\n", last, i)
        last = i
        if brk >= 0:
            para_start = text.rfind("\n\n", brk, i) + 2
            runs_on = (
                stack
                and brk == para_start - 2
                and i == para_start
                and mark == stack[0][1]
                and len(pieces) < 50
            )
            if runs_on:
                pieces.append((stack[0][0] + 1, brk))
                stack = [(i, mark)]
                continue
            stack, pieces, first_open = [], [], -1
        if stack and _right_flanking(text, i):
            depth = len(stack) - 1
            while depth >= 0 and mark not in CLOSERS[stack[depth][1]]:
                depth -= 1
            if depth >= 0:
                if depth == 0:
                    spans = (*pieces, (stack[0][0] + 1, i))
                    found.append(Quotation(first_open, i, text[first_open], spans))
                    pieces, first_open = [], -1
                del stack[depth:]
                continue
        if mark in CLOSERS and _left_flanking(text, i) and len(stack) < _MAX_DEPTH:
            if mark == "‘" and i > 0 and text[i - 1].isalpha():
                continue
            if not stack:
                first_open = i
            stack.append((i, mark))
    return found
