"""Turn article bodies (Markdown or plain text) into the plain text that extraction analyses.

The result is a list of paragraphs joined by blank lines; offsets found later refer to it.
Every pattern here is bounded (no nested quantifiers, capped repetition), so hostile input
costs linear time.
"""

from __future__ import annotations

import html
import re

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^\s{0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_QUOTE_MARK = re.compile(r"^(?:\s{0,3}>[ \t]?)+")
_BULLET = re.compile(r"^\s{0,6}[-*+•][ \t]+(?=\S)")
# Numbered items start a block but keep their number: "26. Juli ..." may open a paragraph.
_NUMBERED = re.compile(r"^\s{0,6}\d{1,9}[.)][ \t]+(?=\S)")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]\n]{1,500}\]:[ \t]+\S")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")

_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_REF_LINK = re.compile(r"\[([^\]\n]{1,500})\]\[[^\]\n]{0,200}\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]{1,2000})>")
_CODE = re.compile(r"`{1,3}([^`\n]{1,500})`{1,3}")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)|(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~\"'])")
# No-break spaces stay: figures read them as digit group separators ("5\u00a0000").
_SPACES = re.compile(r"[ \t]+")
# Invisible and control characters, dropped in one scan.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A paragraph that ends like this is complete; anything else may continue in the next one.
_TERMINAL = ".!?:;…\"“”»«'’)]"


def normalise(text: str) -> str:
    """Unify line ends and spaces, and drop invisible and control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    # Without two spaces in a row or a tab, _SPACES would only replace " " with " ". One pass
    # over the whole text: runs of spaces and tabs never cross a line end.
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def strip_comments(text: str) -> str:
    """Remove HTML comments with plain string search (a regex would backtrack on '<!--' spam)."""
    out, pos = [], 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break
        out.append(text[pos:start])
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


# Each inline pattern with the text it cannot match without: most lines of an article have no
# markup at all, and a substring test is far cheaper than a regex scan of the line.
_INLINE = (
    ("![", _IMAGE, ""),
    ("](", _LINK, r"\1"),
    ("][", _REF_LINK, r"\1"),
    ("<", _AUTOLINK, r"\1"),
    ("`", _CODE, r"\1"),
    ("<", _TAG, ""),
    ("*", _EMPHASIS, ""),
    ("_", _UNDERSCORE, ""),
    ("~~", _STRIKE, ""),
    ("\\", _ESCAPE, r"\1"),
)


def inline_to_text(line: str) -> str:
    """Reduce Markdown inline markup (links, emphasis, code, tags) to its visible text."""
    for needed, pattern, replacement in _INLINE:
        if needed in line:
            line = pattern.sub(replacement, line)
    if "&" in line:
        line = html.unescape(line)
    if "  " in line or "\t" in line:  # otherwise _SPACES would only replace " " with " "
        line = _SPACES.sub(" ", line)
    return line.strip()


def markdown_blocks(text: str) -> list[tuple[str, str]]:
    """Split Markdown into (kind, text) blocks; kind is 'heading', 'item' or 'para'."""
    blocks: list[tuple[str, str]] = []
    lines: list[str] = []
    in_fence = False

    def flush(kind: str = "para") -> None:
        if lines:
            joined = "\n".join(lines).strip()
            if joined:
                blocks.append((kind, joined))
            lines.clear()

    for raw in strip_comments(text).split("\n"):
        if raw[:1].isalpha():
            # Most lines: block markup (fences, rules, quotes, headings, lists, tables) never
            # starts with a letter, so none of the patterns below can match.
            if not in_fence:
                lines.append(inline_to_text(raw))
            continue
        if _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if _SETEXT.match(raw) and len(lines) == 1:
            # "Title\n=====": the single pending line is a heading.
            flush("heading")
            continue
        if _RULE.match(raw) or _LINK_DEF.match(raw) or _TABLE_RULE.match(raw):
            flush()
            continue
        line = _QUOTE_MARK.sub("", raw)
        atx = _ATX.match(line)
        if atx:
            flush()
            lines.append(inline_to_text(atx.group(1)))
            flush("heading")
            continue
        bullet = _BULLET.match(line)
        if bullet or _NUMBERED.match(line):
            flush()
            lines.append(inline_to_text(line[bullet.end() :] if bullet else line))
            flush("item")
            continue
        if not line.strip():
            flush()
            continue
        if line.lstrip().startswith("|"):
            line = line.replace("|", " ")
        lines.append(inline_to_text(line))
    flush()
    return blocks


def plain_blocks(text: str) -> list[tuple[str, str]]:
    """Split plain text into paragraph blocks at blank lines."""
    return [("para", p.strip()) for p in _BLANK_LINE.split(text) if p.strip()]


def join_blocks(blocks: list[tuple[str, str]]) -> str:
    """Join blocks into the analysed text, mending paragraphs broken inside a sentence.

    A paragraph that does not end with sentence punctuation and is followed by one that starts
    in lower case is the same sentence broken by a stray blank line ("global zu" + "präsentieren.");
    the two are joined with a space. Headings and list items are never joined.
    """
    out: list[str] = []
    prev_kind = ""
    for kind, text in blocks:
        if (
            out
            and kind == "para"
            and prev_kind == "para"
            and text[:1].islower()
            and out[-1][-1:] not in _TERMINAL
        ):
            out[-1] = out[-1] + " " + text
            continue
        out.append(text)
        prev_kind = kind
    return "\n\n".join(out)


def markdown_to_text(text: str) -> str:
    """The plain text of a Markdown body."""
    return join_blocks(markdown_blocks(normalise(text)))


def plain_to_text(text: str) -> str:
    """The plain text of a plain-text body."""
    return join_blocks(plain_blocks(normalise(text)))
