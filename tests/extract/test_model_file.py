"""The language model: found where py3langid reads it, made ready ahead on a thread, its tables
kept prepared in the user's cache; whatever is in the cache, the tables are py3langid's."""

from __future__ import annotations

import lzma
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE  # type: ignore[import-untyped]

from generator.extract import model_file
from generator.extract.model_tables import TABLES, _npz_arrays, model_tables

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts as a new process would (nothing prefetched), with an empty cache."""
    monkeypatch.setattr(model_file, "_AHEAD", {})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def expected() -> dict[str, np.ndarray]:
    """The tables as read from the model file itself, the float16 table cast."""
    tables = _npz_arrays(lzma.decompress((MODEL_DIR / MODEL_FILE).read_bytes()))
    tables["ptc"] = tables["ptc"].astype(np.float32)
    return tables


def _same(tables: dict[str, np.ndarray], expected: dict[str, np.ndarray]) -> bool:
    return sorted(tables) == sorted(expected) and all(
        tables[k].dtype == expected[k].dtype and np.array_equal(tables[k], expected[k])
        for k in expected
    )


def _prepared_folder() -> Path:
    (folder,) = (model_file.cache_root() or Path("/nonexistent")).glob("langid-*")
    return folder


def test_the_model_is_found_where_py3langid_reads_it() -> None:
    assert model_file.model_path() == MODEL_DIR / MODEL_FILE


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert model_file.cache_root() == tmp_path / "cache" / "policy-site"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert model_file.cache_root() == tmp_path / "home" / ".cache" / "policy-site"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME")
    assert model_file.cache_root() is None


def test_prefetch_decompresses_once_and_hands_the_bytes_out_once() -> None:
    path = model_file.model_path()
    model_file.prefetch()
    model_file.prefetch()  # once per process: no second thread
    source = model_file.model_source(path)
    assert source.raw == lzma.decompress(path.read_bytes())
    assert not source.prepared
    assert "source" not in model_file._AHEAD, "the 70 MB are not kept once handed out"
    assert model_file.model_source(path) == source  # later calls find it again


def test_the_tables_are_prepared_once_then_mapped(expected: dict[str, np.ndarray]) -> None:
    assert _same(model_tables(), expected)
    folder = _prepared_folder()
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.npy" for n in TABLES)
    model_file.prefetch()
    source = model_file.model_source(model_file.model_path())
    assert source.prepared and source.raw is None, "nothing decompressed once prepared"
    model_file.prefetch()
    mapped = model_tables()
    assert _same(mapped, expected)
    assert all(isinstance(table, np.memmap) for table in mapped.values())
    assert not mapped["ptc"].flags.writeable


@pytest.mark.parametrize(
    "damage",
    ["cut-short", "other-type", "missing", "other-shape"],
)
def test_damaged_prepared_tables_are_read_from_the_model_again(
    expected: dict[str, np.ndarray], damage: str
) -> None:
    model_tables()
    folder = _prepared_folder()
    ptc = folder / "ptc.npy"
    if damage == "cut-short":
        ptc.write_bytes(ptc.read_bytes()[:1000])
    elif damage == "other-type":
        np.save(ptc, np.zeros((3, 3), dtype=np.float64))
    elif damage == "missing":
        ptc.unlink()
    else:
        np.save(folder / "pc.npy", np.zeros(5, dtype=np.float32))
    assert _same(model_tables(), expected)
    assert _same(model_tables(), expected)  # and prepared again
    assert all(isinstance(table, np.memmap) for table in model_tables().values())


def test_preparing_removes_other_models_tables_and_leftovers() -> None:
    root = model_file.cache_root()
    assert root is not None
    for name in ("langid-0123", ".langid-0123.999"):
        (root / name).mkdir(parents=True)
        (root / name / "ptc.npy").write_bytes(b"old")
    (root / "kept.txt").write_text("not ours to remove", encoding="utf-8")
    model_tables()
    assert sorted(p.name for p in root.iterdir()) == sorted([_prepared_folder().name, "kept.txt"])


def test_a_cache_that_cannot_be_written_is_no_error(
    expected: dict[str, np.ndarray], tmp_path: Path
) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder would be", encoding="utf-8")
    assert _same(model_tables(), expected)
    assert _same(model_tables(), expected)


@pytest.mark.parametrize("cache", ["empty", "prepared"])
def test_the_model_thread_imports_nothing(tmp_path: Path, cache: str) -> None:
    """A process forked while the model loads must not inherit a held import lock: the thread
    imports no module, whether it prepares the tables or maps them."""
    code = (
        "import codecs, sys\n"
        "import generator.articles\n"  # what extract has imported when the model loads
        "codecs.lookup('cp437')\n"  # load_model_in_background does this before the thread
        "from generator.extract import model_file\n"
        "from generator.extract.language import load_model_in_background\n"
        "before = set(sys.modules)\n"
        "model_file.prefetch()\n"
        "load_model_in_background()()\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    runs = 2 if cache == "prepared" else 1
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"
    assert (tmp_path / "xdg" / "policy-site").is_dir()


def test_without_py3langid_prefetch_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_file.importlib.util, "find_spec", lambda name: None)
    model_file.prefetch()
    assert model_file._AHEAD == {}
    with pytest.raises(ModuleNotFoundError):
        model_file.model_path()
