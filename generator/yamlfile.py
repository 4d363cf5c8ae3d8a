"""Read YAML safely and fast (libyaml); find the line of any value when an error needs it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, source_context

MAX_BYTES = 2_000_000
"""A record larger than this is refused: no hand-kept policy record comes near it."""

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RecordLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as written, and notes duplicate keys and aliases."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[Any, str, str]] = []

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


_RecordLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date_as_text)


@dataclass
class YamlDoc:
    """A loaded YAML file: its parsed data, its text (for locating errors) and its display name."""

    name: str
    text: str
    data: Any
    _nodes: Any = field(default=None, repr=False)

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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(file=name, message=f"cannot read the file: {exc.strerror}")]
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
        data = loader.get_single_data()
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
    doc = YamlDoc(name=name, text=text, data=data)
    diags = [
        Diagnostic(file=name, line=m.line + 1, column=m.column + 1, message=msg, hint=hint)
        for m, msg, hint in loader.problems
    ]
    return doc, diags
