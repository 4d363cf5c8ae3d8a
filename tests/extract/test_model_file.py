"""The language model file, decompressed ahead on a thread: the same bytes, found the same way."""

from __future__ import annotations

import lzma

import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE  # type: ignore[import-untyped]

from generator.extract import model_file


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: nothing prefetched."""
    monkeypatch.setattr(model_file, "_AHEAD", {})


def test_the_model_is_found_where_py3langid_reads_it() -> None:
    assert model_file.model_path() == MODEL_DIR / MODEL_FILE


def test_prefetched_bytes_are_the_decompressed_file_and_handed_out_once() -> None:
    path = model_file.model_path()
    model_file.prefetch()
    model_file.prefetch()  # once per process: no second thread
    expected = lzma.decompress(path.read_bytes())
    assert model_file.decompressed(path) == expected
    assert "raw" not in model_file._AHEAD, "the 70 MB are not kept once handed out"
    assert model_file.decompressed(path) == expected  # later calls decompress again


def test_without_py3langid_prefetch_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_file.importlib.util, "find_spec", lambda name: None)
    model_file.prefetch()
    assert model_file._AHEAD == {}
    with pytest.raises(ModuleNotFoundError):
        model_file.model_path()
