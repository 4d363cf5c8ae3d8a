"""py3langid's model file, decompressed ahead of use on a thread of its own.

Decompressing the model (LZMA, some 70 MB) takes about a third of a second and lets other
threads run meanwhile. `extract` starts it first (`prefetch`), so that it runs on the other core
while Python imports the rest of the program and checks the records; the language module then
takes the bytes (`decompressed`). This module imports nothing heavy (neither numpy nor
py3langid), so starting it costs nothing; and its thread imports nothing at all, so a process
forked meanwhile never inherits a held import lock.
"""

from __future__ import annotations

import importlib.util
import lzma
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any

MODEL_FILE = Path("data") / "model.npz.xz"
"""Where py3langid keeps its model, inside its package folder."""

_AHEAD: dict[str, Any] = {}


def model_path() -> Path:
    """py3langid's model file, found without importing py3langid."""
    spec = importlib.util.find_spec("py3langid")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        raise ModuleNotFoundError("py3langid is not installed", name="py3langid")
    return Path(folders[0]) / MODEL_FILE


def prefetch() -> None:
    """Start decompressing the model on a thread (once per process; quietly nothing when the
    model cannot be found: loading it will say why)."""
    if "thread" in _AHEAD:
        return
    try:
        path = model_path()
    except ModuleNotFoundError:
        return
    thread = threading.Thread(target=_decompress, args=(path,), name="langid-file", daemon=True)
    _AHEAD.update(thread=thread, path=path)
    thread.start()


def _decompress(path: Path) -> None:
    """The prefetch thread: the decompressed file, or nothing when it cannot be read."""
    with suppress(OSError, lzma.LZMAError):
        _AHEAD["raw"] = lzma.decompress(path.read_bytes())


def decompressed(path: Path) -> bytes:
    """The decompressed model file at `path`: the prefetched bytes (handed out once, then
    forgotten), or decompressed now."""
    thread = _AHEAD.get("thread")
    if thread is not None and _AHEAD["path"] == path:
        thread.join()
        raw: bytes | None = _AHEAD.pop("raw", None)
        if raw is not None:
            return raw
    return lzma.decompress(path.read_bytes())
