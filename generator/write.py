"""Write stage: put generated files on disk atomically, touching only what changed."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".policy-site-generated"
"""Marks a folder as generated, so that stale files may be removed from it and nowhere else."""


@dataclass
class WriteReport:
    """What a write did."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    A replaced file keeps its permissions; a new one gets the usual ones (the umask's).
    `durable` also flushes the data to disk before the rename, so that a power cut cannot leave
    an empty file: a must for records people write, needless for pages generated again anyway.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = path.stat().st_mode & 0o777
    except OSError:
        mode = None
    _replace(str(path), data, mode, durable)


_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _replace(path: str, data: bytes, mode: int | None, durable: bool) -> None:
    """Write `data` to a new file beside `path`, with `mode` (None: a new file's permissions),
    then rename it over `path`.

    The temporary name holds the process id, so that processes writing side by side never
    share one; a name left over by a crashed process falls back to a random one.
    """
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, _NEW, 0o666)
    except FileExistsError:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        mode = 0o666 & ~_umask() if mode is None else mode
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if mode is not None:
                os.fchmod(fh.fileno(), mode)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (read by setting it, then setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write a generated file only when its content differs; return whether it wrote."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data, durable=False)
    return True


def _scan(folder: str, prefix: str, files: dict[str, os.DirEntry[str]], dirs: list[str]) -> None:
    """Note every file (by relative path) and every subfolder under `folder`, in one pass."""
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                dirs.append(rel)
                _scan(entry.path, rel + "/", files, dirs)
            else:
                files[rel] = entry


def write_pages(files: dict[str, bytes], out_dir: Path) -> WriteReport:
    """Make `out_dir` hold exactly `files`: write changed ones, remove stale generated ones."""
    writer = PageWriter(out_dir)
    written = [rel for rel in sorted(files) if writer.put(rel, files[rel])]
    return writer.finish(files, written)


class PageWriter:
    """Fills a generated folder: `put` each file (from any process), then `finish` once, or
    `abandon` after an error.

    The folder is read once up front, so a file that is not there yet costs no failed read and
    no folder check, and a file whose size changed is rewritten without being read. Forked
    processes may `put` files side by side (each file from one process only).

    A folder that does not exist yet (or is empty) is built beside it under a temporary name
    and renamed into place by `finish`: it appears whole or not at all, and its files need no
    temporary file and rename each (half the folder updates, which two processes writing into
    the same folders wait on each other for). An existing folder gets each changed file
    replaced atomically.
    """

    def __init__(self, out_dir: Path) -> None:
        """Read what `out_dir` holds; refuse a folder that policy-site did not make."""
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(out_dir)
        self.out_dir = out_dir
        self.found: dict[str, os.DirEntry[str]] = {}
        self.dirs: list[str] = []
        if out_dir.is_dir():
            _scan(str(out_dir), "", self.found, self.dirs)
        if MARKER not in self.found and (self.found or self.dirs):
            raise FileExistsError(
                f"{out_dir} holds files that policy-site did not generate; move them away"
            )
        self.staging: Path | None = None
        if not self.found:
            self.staging = out_dir.parent / f"{_staging_prefix(out_dir)}{os.getpid()}"
            shutil.rmtree(self.staging, ignore_errors=True)  # left by a dead run with our pid
            self.staging.mkdir()
        self.root = str(self.staging or out_dir)
        self.made = {"", *self.dirs}
        if self.staging is not None:
            self.put(MARKER, b"Generated by policy-site; this folder is rewritten on every run.\n")

    def put(self, rel: str, data: bytes) -> bool:
        """Write the file at `rel` (a relative path) unless it holds `data`; whether it wrote."""
        path = f"{self.root}/{rel}"
        entry = self.found.get(rel)
        if entry is None:
            folder = rel.rpartition("/")[0]
            if folder not in self.made:
                os.makedirs(f"{self.root}/{folder}", exist_ok=True)
                self.made.add(folder)
            if self.staging is not None:
                _create(path, data)
            else:
                _replace(path, data, None, durable=False)
        elif _same_content(entry, data):
            return False
        else:
            atomic_write(Path(path), data, durable=False)
        return True

    def finish(self, kept: Iterable[str], written: Iterable[str]) -> WriteReport:
        """Remove the generated files not in `kept`, and empty folders (or move a new folder
        into place); report what changed."""
        keep = {*kept, MARKER}
        report = WriteReport(written=sorted(written))
        report.unchanged = len(keep) - 1 - len(report.written)
        if self.staging is not None:
            os.replace(self.staging, self.out_dir)  # over nothing, or over an empty folder
            self.staging = None
            return report
        for rel in sorted([*self.found, *self.dirs], key=lambda rel: rel.split("/"), reverse=True):
            path = f"{self.root}/{rel}"
            if rel in self.found:
                if rel not in keep:
                    os.unlink(path)
                    report.removed.append(rel)
            elif not os.listdir(path):
                os.rmdir(path)
        return report

    def abandon(self) -> None:
        """After an error: remove a new folder that was not moved into place yet."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


def _staging_prefix(out_dir: Path) -> str:
    """The start of the name a new `out_dir` is built under, beside it (the pid follows)."""
    return f".{out_dir.name}.new-"


def _remove_stale_staging(out_dir: Path) -> None:
    """Remove new folders that runs which have ended left beside `out_dir` (killed, say)."""
    prefix = _staging_prefix(out_dir)
    for entry in os.scandir(out_dir.parent):
        pid = entry.name[len(prefix) :]
        if entry.name.startswith(prefix) and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (ours included)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _create(path: str, data: bytes) -> None:
    """Write a new file inside a folder nobody sees yet (see PageWriter): no temporary file."""
    with open(os.open(path, _NEW, 0o666), "wb") as fh:
        fh.write(data)


def _same_content(entry: os.DirEntry[str], data: bytes) -> bool:
    """Whether the file `entry` holds exactly `data` (False when it cannot be read)."""
    try:
        if entry.stat().st_size != len(data):
            return False
        with open(entry.path, "rb") as fh:
            return fh.read() == data
    except OSError:
        return False
