"""Read YAML safely and fast (libyaml); find the line of any value when an error needs it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import MappingNode, ScalarNode, SequenceNode
from yaml.constructor import ConstructorError

from generator.diagnostics import Diagnostic, source_context

MAX_BYTES = 2_000_000
"""A record larger than this is refused: no hand-kept policy record comes near it."""

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_PLAIN_SCALARS = frozenset(_TAG + t for t in ("null", "bool", "int", "float", "timestamp"))
"""Scalar tags the fast path hands to the loader's own constructors; others take the slow path."""


def _may_hold_anchor(text: str) -> bool:
    """Whether `text` has an `&` that could start a YAML anchor. Without an anchor there can be
    no alias either.

    An `&` right after a letter or digit cannot start one (it goes on a word, a URL's query or
    a tag: R&D, ?a=1&b=2), nor can one without a name after it (research & development).
    """
    start = text.find("&")
    while start != -1:
        before, after = text[start - 1 : start], text[start + 1 : start + 2]
        if not before.isalnum() and after.strip():
            return True
        start = text.find("&", start + 1)
    return False


class _Unusual(Exception):
    """Raised by the fast path for what it leaves to PyYAML's own constructor."""


class _RecordLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as written, and notes duplicate keys and aliases.

    Most records are plain mappings, lists and text: `construct_record` builds those in one
    quick pass and leaves anything else (aliases, duplicate keys, merge keys, other tags) to
    PyYAML's constructor with the checks below, which gives the same data and messages.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[Any, str, str]] = []
        self.plain = False
        """Whether the fast path built the data: text-keyed mappings, lists and scalars only."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node: PyYAML's answer, without the general machinery for scalars.

        PyYAML's safe loader has no path resolvers and no catch-all implicit resolvers, so a
        scalar's tag depends only on the resolvers for its first character (tested).
        """
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag  # type: ignore[no-any-return]
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to track: there are no path resolvers."""

    def ascend_resolver(self) -> None:
        """Nothing to track: there are no path resolvers."""

    def construct_record(self, node: yaml.Node | None, text: str) -> Any:
        """The data of the document `node` composed from `text`: the fast path when it can."""
        if node is None:
            self.plain = True
            return None
        if not _may_hold_anchor(text):
            try:
                data = self._construct_plain(node)
            except (_Unusual, RecursionError):
                pass
            else:
                self.plain = True
                return data
        return self.construct_document(node)

    def _construct_plain(self, node: yaml.Node) -> Any:
        """Build a node of plain mappings (text keys, each once), lists and scalars, or raise.

        Only for documents without anchors: without aliases every node is built once.
        """
        cls, tag = node.__class__, node.tag
        if cls is ScalarNode:
            if tag == _STR:
                return node.value
            if tag in _PLAIN_SCALARS:
                return self.yaml_constructors[tag](self, node)
        elif cls is MappingNode and tag == _MAP:
            out = {}
            for key, value in node.value:
                if key.tag != _STR or key.__class__ is not ScalarNode:
                    raise _Unusual
                out[key.value] = self._construct_plain(value)
            if len(out) == len(node.value):
                return out
        elif cls is SequenceNode and tag == _SEQ:
            return [self._construct_plain(item) for item in node.value]
        raise _Unusual

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Refuse aliases: they can blow a small file up into a huge structure."""
        if node in self.constructed_objects:
            self.problems.append(
                (
                    node.start_mark,
                    "anchors and aliases (&name, *name) are not supported",
                    "write the value out in full",
                )
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, noting keys given twice (PyYAML would silently keep the last)."""
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                self.problems.append(
                    (
                        key_node.start_mark,
                        f"key '{key}' appears twice in this mapping",
                        "merge the two entries; only one can be kept",
                    )
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def _construct_date_as_text(loader: Any, node: yaml.Node) -> str:
    """Keep dates as the text written (2025-07-26), so partial dates and full dates look alike."""
    return str(loader.construct_scalar(node))


def _reading_as(kind: str, construct: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """`construct`, with a value it cannot read (`0x_`, `!!int abc`) reported at the value."""

    def construct_or_report(loader: Any, node: Any) -> Any:
        """The constructed value, or a YAML error saying which value is not `kind`."""
        try:
            return construct(loader, node)
        except (ValueError, KeyError):
            raise ConstructorError(
                None, None, f"cannot read {node.value!r} as {kind}", node.start_mark
            ) from None

    return construct_or_report


_RecordLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date_as_text)
for _tag, _kind in (("int", "a whole number"), ("float", "a number"), ("bool", "true or false")):
    _RecordLoader.add_constructor(
        _TAG + _tag, _reading_as(_kind, _RecordLoader.yaml_constructors[_TAG + _tag])
    )


@dataclass
class YamlDoc:
    """A loaded YAML file: its parsed data, its text (for locating errors) and its display name."""

    name: str
    text: str
    data: Any
    plain: bool = False
    """Whether `data` holds only text-keyed mappings, lists and scalars, read without aliases
    or duplicate keys: data that JSON keeps exactly (see record_cache)."""
    _nodes: Any = field(default=None, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        """What pickling sends to another process: all but the nodes, which `locate` rebuilds."""
        return {**self.__dict__, "_nodes": None}

    def locate(self, path: Sequence[Any], key: bool = False) -> tuple[int, int]:
        """Return (line, column), 1-based, of the value at `path` (or of its key if `key`)."""
        if self._nodes is None:
            self._nodes = yaml.compose(self.text, Loader=_Loader)
        node = self._nodes
        mark = node.start_mark if node is not None else None
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(step):
                        mark = k.start_mark if (last and key) else v.start_mark
                        node = v
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    node = node.value[step]
                    mark = node.start_mark
                else:
                    break
            else:
                break
        if mark is None:
            return (1, 1)
        return (mark.line + 1, mark.column + 1)

    def diagnostic(
        self,
        path: Sequence[Any],
        message: str,
        hint: str = "",
        key: bool = False,
        severity: str = "error",
    ) -> Diagnostic:
        """A diagnostic located at `path` in this file."""
        line, column = self.locate(path, key=key)
        return Diagnostic(
            file=self.name,
            line=line,
            column=column,
            path=format_path(path),
            message=message,
            hint=hint,
            severity=severity,
        )


def format_path(path: Sequence[Any]) -> str:
    """Render a field path as `positions.goal.evidence[0].source`."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out


def read_yaml(path: Path, name: str) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Load one YAML file; return the document, or None and diagnostics saying why not."""
    raw = read_bytes(path, name)
    return (None, [raw]) if isinstance(raw, Diagnostic) else yaml_from_bytes(raw, name)


def read_bytes(path: Path, name: str) -> bytes | Diagnostic:
    """A file's bytes, or why they cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        return Diagnostic(file=name, message=f"cannot read the file: {exc.strerror}")


def yaml_from_bytes(raw: bytes, name: str) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Load the YAML document of a file's bytes, as read_yaml does."""
    if len(raw) > MAX_BYTES:
        return None, [
            Diagnostic(
                file=name,
                message=f"file is too large ({len(raw):,} bytes; at most {MAX_BYTES:,})",
                hint="split it, or check that it is the file you meant",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Diagnostic(
                file=name,
                line=line,
                message="the file is not valid UTF-8",
                hint="save it as UTF-8 in your editor",
            )
        ]
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse YAML text; syntax errors come back as diagnostics with the lines around them."""
    loader = _RecordLoader(text)
    try:
        data = loader.construct_record(loader.get_single_node(), text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        column = mark.column + 1 if mark else 0
        problem = exc.problem or "invalid YAML"
        hint = "check the indentation and the quoting on this line"
        lines = text.splitlines()
        if mark and 0 < line <= len(lines) and "\t" in lines[line - 1][:column]:
            problem = "a tab character is used for indentation"
            hint = "YAML allows only spaces for indentation; replace the tab with spaces"
        return None, [
            Diagnostic(
                file=name,
                line=line,
                column=column,
                message=f"YAML syntax error: {problem}",
                hint=hint,
                context=source_context(text, line, column),
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(file=name, message=f"YAML error: {exc}")]
    except RecursionError:
        return None, [Diagnostic(file=name, message="YAML nesting is too deep")]
    finally:
        loader.dispose()
    doc = YamlDoc(name=name, text=text, data=data, plain=loader.plain and not loader.problems)
    diags = [
        Diagnostic(file=name, line=m.line + 1, column=m.column + 1, message=msg, hint=hint)
        for m, msg, hint in loader.problems
    ]
    return doc, diags
