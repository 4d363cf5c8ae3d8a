"""Content fingerprints: a generation whose inputs did not change does nothing at all."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from generator import __version__
from generator.diagnostics import Diagnostic
from generator.project import PACKAGE_DIR, Project
from generator.write import atomic_write

STATE_FILE = ".policy-site-state.json"


def _files(root: Path) -> list[Path]:
    """Every file under `root`, sorted, skipping hidden ones and caches."""
    if root.is_file():
        return [root]
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        out += [Path(dirpath) / f for f in sorted(filenames) if not f.startswith(".")]
    return out


def input_fingerprint(project: Project, strict: bool) -> str:
    """A hash of everything generation reads: records, templates, config and the generator."""
    digest = hashlib.sha256(f"{__version__}\0{strict}\0".encode())
    for root in (project.content_dir, project.templates_dir, project.mkdocs_file, PACKAGE_DIR):
        if not root.exists():
            continue
        base = root.parent
        for path in _files(root):
            if path.suffix == ".pyc":
                continue
            rel = path.relative_to(base).as_posix()
            digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def _stamp(path: str | Path) -> list[int] | None:
    """Size and modification time of an output file, or None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def save_state(
    project: Project, fingerprint: str, outputs: list[Path], summary: dict[str, Any]
) -> None:
    """Remember the inputs' fingerprint and what the outputs looked like after a generation."""
    state = {
        "fingerprint": fingerprint,
        "summary": summary,
        "outputs": {p.relative_to(project.build_dir).as_posix(): _stamp(p) for p in outputs},
    }
    data = json.dumps(state, sort_keys=True, separators=(",", ":")).encode("utf-8")
    atomic_write(project.build_dir / STATE_FILE, data)


def unchanged_summary(project: Project, fingerprint: str) -> dict[str, Any] | None:
    """The last summary when inputs and outputs are exactly as left, else None."""
    try:
        state = json.loads((project.build_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("fingerprint") != fingerprint:
        return None
    build = project.build_dir.as_posix()
    for rel, stamp in state.get("outputs", {}).items():
        if _stamp(f"{build}/{rel}") != stamp:
            return None
    summary = state.get("summary")
    return summary if isinstance(summary, dict) else None


def diagnostics_to_json(diags: list[Diagnostic]) -> list[dict[str, Any]]:
    """Diagnostics as plain data, to replay warnings of a skipped run."""
    return [d.__dict__.copy() for d in diags]


def diagnostics_from_json(items: list[dict[str, Any]]) -> list[Diagnostic]:
    """Diagnostics back from plain data."""
    return [Diagnostic(**item) for item in items]
