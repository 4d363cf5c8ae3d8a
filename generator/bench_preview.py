"""Benchmark stage: how soon `policy-site serve` shows an edited record in the browser.

A real preview server runs on a copy of the synthetic project. A record's title is edited as
a person would; the edited page is fetched over HTTP until it shows the new title (the time a
browser needs after its live reload), then the log is read until the whole site is up to date.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from generator.bench_run import (
    child_env,
    fresh_copy,
    median,
    policy_site,
    progress,
    set_aside,
)

START_TIMEOUT_S = 900.0
SHOW_TIMEOUT_S = 60.0
DONE_TIMEOUT_S = 600.0
PREVIEW_KEYS = ("preview_start_s", "preview_shown_s", "preview_done_s", "preview_error")


def _free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(
    log: Path, pattern: str, count: int, proc: subprocess.Popen[bytes], limit: float
) -> str:
    """Wait until `pattern` occurs `count` times in the log; return the log's text."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if len(re.findall(pattern, text)) >= count:
            return text
        if proc.poll() is not None:
            raise RuntimeError(f"the preview server stopped: {text.strip()[-300:]}")
        time.sleep(0.05)
    raise RuntimeError(f"no '{pattern}' after {limit:.0f} s")


def _fetch(url: str) -> str:
    """A page's text, or '' while the server cannot answer."""
    try:
        with urllib.request.urlopen(url, timeout=SHOW_TIMEOUT_S) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return ""


def _edit_title(record: Path, marker: str) -> None:
    """Put `marker` in front of the record's title."""
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"^title: ", f"title: {marker} ", text, count=1, flags=re.M), "utf-8")


def measure_preview(pristine: Path, work: Path, runs: int) -> dict[str, Any]:
    """Start `policy-site serve`, edit one record `runs` times; medians of the delays."""
    out: dict[str, Any] = dict.fromkeys(PREVIEW_KEYS)
    project = fresh_copy(pristine, work, "preview")
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "serve.log"
        with log.open("wb") as sink:
            cmd = policy_site("-C", str(project.root), "serve", "-a", f"127.0.0.1:{port}")
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=sink, env=child_env())
        try:
            progress("  preview: starting `policy-site serve`")
            text = _wait_for(log, r"serving on \S+", 1, proc, START_TIMEOUT_S)
            out["preview_start_s"] = time.perf_counter() - started
            base = re.findall(r"serving on (\S+)", text)[0].rstrip("/")
            records = sorted(project.policies_dir.glob("*.yaml"))
            record = records[len(records) // 3]
            url = f"{base}/policies/{record.stem}/"
            shown, done = [], []
            for run in range(runs):
                progress(f"  preview: edit {run + 1}/{runs}")
                marker = f"Preview edit {run + 1}"
                start = time.perf_counter()
                _edit_title(record, marker)
                while marker not in _fetch(url):
                    if time.perf_counter() - start > SHOW_TIMEOUT_S:
                        raise RuntimeError(f"the edit did not show in {SHOW_TIMEOUT_S:.0f} s")
                    time.sleep(0.02)
                shown.append(time.perf_counter() - start)
                _wait_for(log, r"preview: up to date", run + 1, proc, DONE_TIMEOUT_S)
                done.append(time.perf_counter() - start)
            out["preview_shown_s"] = median(shown)
            out["preview_done_s"] = median(done)
        except RuntimeError as exc:
            last = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
            out["preview_error"] = f"{exc} (serve's last lines: {' / '.join(last)[-300:]})"
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            set_aside(project.root, work)
    return out
