"""The language model's tables, ready for detection: mapped from the user's cache, or read
from the decompressed model file (and then kept in the cache for the next run).

py3langid's model is an .npz file, compressed with LZMA. Read from the decompressed bytes, its
big tables are used where they lie (see _npz_arrays), not copied twice more; its table of
scores per feature is cast from float16 to float32 once (see langid_walk). The prepared tables
are then written to the user's cache folder as .npy files, which later runs map into memory
(read-only, shared between processes): 0.02 s instead of 0.45 s. A cache that cannot be
written or read is no error: the model is then read from its file, as before.

Everything here may run on the model thread (see language.load_model_in_background), so it
imports nothing while it runs.
"""

from __future__ import annotations

import io
import math
import mmap  # noqa: F401  (np.load imports it to map a table: here, not on the model thread)
import os
import shutil
import struct
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from numpy.lib.format import (
    read_array,
    read_array_header_1_0,
    read_array_header_2_0,
    read_magic,
    write_array,
)

from generator.extract.model_file import ModelSource, decompressed, model_path, model_source

TABLES = {
    "ptc": (np.float32, 2),
    "pc": (np.float32, 1),
    "classes": (np.str_, 1),
    "nextmove": (np.unsignedinteger, 1),
    "nextmove_row": (np.uint16, 1),
    "out_feat": (np.int32, 1),
}
"""Each table detection reads: its kind of values and number of dimensions, as prepared."""


def model_tables() -> dict[str, Any]:
    """py3langid's tables by name (as in its .npz file), with `ptc` as float32."""
    path = model_path()
    source = model_source(path)
    if source.prepared and source.folder is not None:
        tables = _prepared(source.folder)
        if tables is not None:
            return tables
    raw = source.raw if source.raw is not None else decompressed(path)
    tables = _npz_arrays(raw)
    tables["ptc"] = np.asarray(tables["ptc"], dtype=np.float32)  # exact: every float16 is one
    _prepare(source, tables)
    return tables


def _prepared(folder: Path) -> dict[str, Any] | None:
    """The prepared tables in `folder`, mapped into memory; None when any is missing, cannot
    be read or is not what was prepared."""
    tables = {}
    try:
        for name, (kind, dims) in TABLES.items():
            table = np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            if not np.issubdtype(table.dtype, kind) or table.ndim != dims:
                return None
            tables[name] = table
    except (OSError, ValueError, EOFError):
        return None
    classes = len(tables["classes"])
    if tables["ptc"].shape[1] != classes or len(tables["pc"]) != classes:
        return None
    if len(tables["out_feat"]) != len(tables["nextmove_row"]):
        return None
    return tables


def _prepare(source: ModelSource, tables: dict[str, Any]) -> None:
    """Keep the tables in the cache folder (written beside it, then renamed into place), and
    remove the tables of other models there (other py3langid versions). Quietly nothing when
    that cannot be done."""
    folder = source.folder
    if folder is None:
        return
    root = folder.parent
    temporary = root / f".{folder.name}.{os.getpid()}"
    try:
        shutil.rmtree(folder, ignore_errors=True)  # tables that could not be read
        temporary.mkdir(parents=True)
        for name in TABLES:
            with open(temporary / f"{name}.npy", "wb") as out:
                write_array(out, np.ascontiguousarray(tables[name]), allow_pickle=False)
        temporary.rename(folder)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        return
    for name in os.listdir(root):  # and what a process that was stopped left half written
        if name.lstrip(".").startswith("langid-") and name != folder.name:
            shutil.rmtree(root / name, ignore_errors=True)


_LOCAL_HEADER = struct.Struct("<4s22xHH")
"""A zip member's local header: its signature, then (at 26) the lengths of its name and extra."""


def _npz_arrays(raw: bytes) -> dict[str, Any]:
    """The arrays of an .npz file's bytes (what np.load gives), by name without `.npy`.

    An array stored as it is (not deflated) is a read-only view into `raw` where it is aligned
    for its type; others are read as np.load reads them. (The xz file the bytes come from has
    checked them already, so the members' CRCs are not checked again.)
    """
    out = {}
    view = memoryview(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as npz:  # what np.load reads an .npz with
        for info in npz.infolist():
            name = info.filename.removesuffix(".npy")
            array = None
            if info.compress_type == zipfile.ZIP_STORED:
                array = _stored_array(view, info)
            if array is None:
                with npz.open(info) as member:
                    array = read_array(member, allow_pickle=False)
            out[name] = array
    return out


def _stored_array(view: memoryview, info: zipfile.ZipInfo) -> Any:
    """The .npy member `info`, stored as it is, as an array over its bytes in `view`; None when
    it is not one that can be viewed so (objects, Fortran order, misaligned, cut short)."""
    signature, name_len, extra_len = _LOCAL_HEADER.unpack_from(view, info.header_offset)
    start = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
    if signature != b"PK\x03\x04" or start + info.file_size > len(view):
        return None
    header = io.BytesIO(view[start : start + min(info.file_size, 65_536)])
    try:
        version = read_magic(header)
        shape, fortran, dtype = _read_header(header, version)
    except ValueError:
        return None
    count = math.prod(shape)
    offset = start + header.tell()
    if fortran or dtype.hasobject or header.tell() + count * dtype.itemsize != info.file_size:
        return None
    array = np.frombuffer(view, dtype=dtype, count=count, offset=offset).reshape(shape)
    return array if array.flags.aligned else None


def _read_header(header: io.BytesIO, version: tuple[int, int]) -> tuple[Any, bool, Any]:
    """Shape, Fortran order and type from an .npy header of version 1.0 or 2.0."""
    if version == (1, 0):
        return read_array_header_1_0(header)  # type: ignore[no-any-return]
    if version == (2, 0):
        return read_array_header_2_0(header)  # type: ignore[no-any-return]
    raise ValueError(f"unknown .npy version {version}")
