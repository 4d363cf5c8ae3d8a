"""Parsed records kept between runs: a record whose bytes did not change is not parsed again.

Parsing is most of what `check` does (at 1,000 records, 0.65 s of YAML on one core against
0.07 s to read the same data back from JSON), and every command checks first: `extract` run
again as articles arrive, `serve` after each edit, `generate` after a template change.

The cache is one file in the build folder, `build/.policy-site-records.json`, rewritten
(atomically) when the records change. Its first line names the code that parses (the
policy-site version, the parser's source, PyYAML's version); every other line is one parsed
record, addressed by the SHA-256 of the file's bytes, in JSON: `<sha256> <data>`. So a record
is read back only when its bytes are exactly those parsed, and a renamed file still hits.

Only what JSON keeps exactly is cached (text-keyed mappings, lists and scalars, which is what
records are; see YamlDoc.plain), and the cache holds data only, never code (no pickle): a
damaged or foreign cache is at worst parsed again. What the cache gives back is still checked
against the schema like a freshly parsed record, and diagnostics, which name the file, are
never cached.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

from generator import __version__, yamlfile
from generator.write import atomic_write
from generator.yamlfile import MAX_BYTES, YamlDoc

CACHE_FILE = ".policy-site-records.json"
_HEAD = "policy-site-records"


@cache
def code_key() -> str:
    """What the parsed data depends on besides the bytes: the parser and its version."""
    digest = hashlib.sha256(f"{__version__}\0{yaml.__version__}\0".encode())
    digest.update(str(getattr(yaml, "__with_libyaml__", False)).encode() + b"\0")
    digest.update(Path(yamlfile.__file__).read_bytes())
    return digest.hexdigest()


class RecordCache:
    """The cache of one project: look records up while reading them, then save what was read."""

    def __init__(self, path: Path, lines: dict[str, str]) -> None:
        self.path = path
        self.lines = lines
        """Each cached record's JSON line (without its hash), by the hash of its bytes."""

    @classmethod
    def open(cls, build_dir: Path) -> RecordCache:
        """The project's cache; empty when there is none, or it is unreadable or for other code."""
        path = build_dir / CACHE_FILE
        try:
            text = path.read_bytes().decode("ascii")
        except (OSError, UnicodeDecodeError):
            return cls(path, {})
        head, _, body = text.partition("\n")
        if head != f"{_HEAD} {code_key()}":
            return cls(path, {})
        lines = {}
        for line in body.split("\n"):
            digest, _, data = line.partition(" ")
            if len(digest) == 64 and data:
                lines[digest] = data
        return cls(path, lines)

    def __bool__(self) -> bool:
        """Whether the cache holds any record (else there is nothing to look up)."""
        return bool(self.lines)

    def doc(self, name: str, raw: bytes) -> tuple[str, YamlDoc | None]:
        """The hash of these bytes, and the record `name` with them as parse_yaml would give
        it when it has no errors (None when it is not cached)."""
        digest = record_digest(raw)
        line = self.lines.get(digest)
        if line is None or len(raw) > MAX_BYTES:
            return digest, None
        try:
            data = json.loads(line)
            text = raw.decode("utf-8-sig")
        except (ValueError, RecursionError):  # a damaged line: parse the record again
            return digest, None
        return digest, YamlDoc(name=name, text=text, data=data, plain=True)

    def save(self, records: Iterable[tuple[str | None, str | None]]) -> None:
        """Keep exactly `records`: the hash of each one's bytes (None if unreadable) and its
        line (record_line; None when it came from the cache or JSON cannot hold it). Writes
        the file only when that changes what it holds. A folder that cannot be written to is
        no error: the next run parses again."""
        lines: dict[str, str] = {}
        for digest, line in records:
            if digest is None:
                continue
            line = line or self.lines.get(digest)
            if line is not None:
                lines[digest] = line
        if lines == self.lines:
            return
        # In the order of the hashes, so that the file depends on nothing but what it holds.
        kept = sorted(lines.items())
        out = [f"{_HEAD} {code_key()}", *(f"{digest} {line}" for digest, line in kept)]
        try:
            atomic_write(self.path, ("\n".join(out) + "\n").encode("ascii"), durable=False)
        except OSError:
            return
        self.lines = lines


def record_digest(raw: bytes) -> str:
    """What a record is cached under: the SHA-256 of its bytes."""
    return hashlib.sha256(raw).hexdigest()


def record_line(doc: YamlDoc) -> str | None:
    """A parsed record's data as a line of the cache: JSON in ASCII (so no line breaks), or
    None when JSON would not give back the same data."""
    if not doc.plain:
        return None
    try:
        return json.dumps(doc.data, separators=(",", ":"), check_circular=False)
    except (TypeError, ValueError, RecursionError):
        return None
