"""py3langid's model file: found, and made ready ahead of use on a thread of its own.

The model is an LZMA-compressed file of some 70 MB. Decompressing it takes about a third of a
second, and turning its tables into what detection reads (langid_walk) another tenth. So the
first run on a machine keeps the tables ready to use in the user's cache folder (see
`prepared_dir`), and later runs map them into memory instead, in a few milliseconds; the
pages are shared by every process that reads them.

`extract` calls `prefetch` first, so that the work runs on the other core while Python imports
the rest of the program and checks the records: it hashes the model file (the tables are
found by its hash) and, when they are not prepared yet, decompresses it; the language module
then takes the result (`model_source`). This module imports nothing heavy (neither numpy nor
py3langid), so starting it costs nothing; and its thread imports nothing at all, so a process
forked meanwhile never inherits a held import lock.
"""

from __future__ import annotations

import hashlib
import importlib.util
import lzma
import os
import threading
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL_FILE = Path("data") / "model.npz.xz"
"""Where py3langid keeps its model, inside its package folder."""
PREPARED_FORMAT = "1"
"""Changes whenever model_tables prepares the tables differently."""

_AHEAD: dict[str, Any] = {}


@dataclass(frozen=True)
class ModelSource:
    """Where the model's tables come from: the folder of prepared tables when it exists (and
    `raw` is None), else the decompressed model file (`raw`)."""

    key: str
    """The model file's hash (with PREPARED_FORMAT): the name of its prepared tables."""
    folder: Path | None
    """Where its prepared tables are or go (None: nowhere, without a cache folder)."""
    prepared: bool
    raw: bytes | None


def model_path() -> Path:
    """py3langid's model file, found without importing py3langid."""
    spec = importlib.util.find_spec("py3langid")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        raise ModuleNotFoundError("py3langid is not installed", name="py3langid")
    return Path(folders[0]) / MODEL_FILE


def cache_root() -> Path | None:
    """policy-site's folder in the user's cache ($XDG_CACHE_HOME, else $HOME/.cache); None
    when neither is set. (Not Path.home(), which may import a module to ask the system.)"""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):  # as the XDG specification says: a relative path is ignored
        home = os.environ.get("HOME")
        if not home:
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "policy-site"


def prepared_dir(root: Path | None, key: str) -> Path | None:
    """The folder of the prepared tables of the model with this key under `root` (the cache
    root; the folder may not exist)."""
    return root / f"langid-{key}" if root else None


def prefetch() -> None:
    """Start making the model ready on a thread (once per process; quietly nothing when the
    model cannot be found: loading it will say why)."""
    if "thread" in _AHEAD:
        return
    try:
        path = model_path()
    except ModuleNotFoundError:
        return
    root = cache_root()
    thread = threading.Thread(target=_fetch, args=(path, root), name="langid-file", daemon=True)
    _AHEAD.update(thread=thread, path=path)
    thread.start()


def _fetch(path: Path, root: Path | None) -> None:
    """The prefetch thread: the model's source, or nothing when the file cannot be read."""
    with suppress(OSError, lzma.LZMAError):
        _AHEAD["source"] = _source(path, root)


def _source(path: Path, root: Path | None) -> ModelSource:
    """Read the model file and find its prepared tables under `root`, or decompress it."""
    packed = path.read_bytes()
    key = hashlib.sha256(PREPARED_FORMAT.encode() + b"\0" + packed).hexdigest()[:32]
    folder = prepared_dir(root, key)
    if folder is not None and folder.is_dir():
        return ModelSource(key, folder, True, None)
    return ModelSource(key, folder, False, lzma.decompress(packed))


def model_source(path: Path) -> ModelSource:
    """The source of the model file at `path`: the prefetched one (handed out once, then
    forgotten, as it may hold 70 MB), or found now."""
    thread = _AHEAD.get("thread")
    if thread is not None and _AHEAD["path"] == path:
        thread.join()
        source: ModelSource | None = _AHEAD.pop("source", None)
        if source is not None:
            return source
    return _source(path, cache_root())


def decompressed(path: Path) -> bytes:
    """The decompressed model file at `path`."""
    return lzma.decompress(path.read_bytes())
