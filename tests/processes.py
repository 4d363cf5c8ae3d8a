"""Test helper: are processes whose command line holds a marker still alive?"""

from __future__ import annotations

import time
from pathlib import Path


def _cmdline(proc: Path) -> str:
    """A process's command line, or nothing once it is gone."""
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def assert_none_left(marker: str, seconds: float = 10) -> None:
    """Within `seconds`, no process with `marker` in its command line is left (workers of a
    killed parent must die with it instead of waiting forever)."""
    deadline = time.monotonic() + seconds
    alive: list[Path] = []
    while time.monotonic() < deadline:
        alive = [p for p in Path("/proc").glob("[0-9]*") if marker in _cmdline(p)]
        if not alive:
            return
        time.sleep(0.1)
    raise AssertionError(f"worker processes left behind: {alive}")
