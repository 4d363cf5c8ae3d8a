"""The benchmark's report: the Markdown table, and which of the issue's targets hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Row = tuple[str, Callable[[dict[str, Any]], str]]


def secs(x: float | None) -> str:
    """Seconds, with two decimals below 10 s."""
    if x is None:
        return "n/a"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}"


def ratio(x: float | None) -> str:
    """A ratio as `1.23×`."""
    return "n/a" if x is None else f"{x:.2f}×"


def _extract(key: str, fmt: Callable[[Any], str]) -> Callable[[dict[str, Any]], str]:
    """A cell from the extraction figures, or n/a."""

    def cell(size: dict[str, Any]) -> str:
        ex = size["extract"]
        return fmt(ex[key]) if ex["available"] else "n/a"

    return cell


def _articles_cell(size: dict[str, Any]) -> str:
    """Articles and MB of the size's extraction runs."""
    ex = size["extract"]
    if not ex["available"]:
        return f"{size['articles']:,} · n/a"
    return f"{ex['articles']:,} · {ex['mb']:.1f}"


ROWS: list[Row] = [
    ("pages generated · records (MB)", lambda s: f"{s['pages']:,} · {s['record_mb']:.1f}"),
    ("load + validate (s)", lambda s: secs(s["load_validate_s"])),
    ("render + write (s)", lambda s: secs(s["render_write_s"])),
    ("generate, cold = load + validate + render + write (s)", lambda s: secs(s["generate_s"])),
    ("floor: CSafeLoader + bare Jinja loop (s)", lambda s: secs(s["floor_s"])),
    ("generate / floor (target ≤ 1.3×)", lambda s: ratio(s["generate_floor_ratio"])),
    ("`policy-site build`, cold (s)", lambda s: secs(s["site_build_s"])),
    ("bare `mkdocs build`, same pages (s)", lambda s: secs(s["mkdocs_build_s"])),
    ("build / bare mkdocs (target ≤ 1.05×)", lambda s: ratio(s["build_mkdocs_ratio"])),
    ("bare `mkdocs build`, every policy in nav (s)", lambda s: secs(s["fullnav_build_s"])),
    ("build / every-policy nav (target ≤ 0.5×)", lambda s: ratio(s["build_fullnav_ratio"])),
    ("bare mkdocs / every-policy nav (nav alone)", lambda s: ratio(s["nav_alone_ratio"])),
    ("`serve`: an edited record shown after (s)", lambda s: secs(s["preview_shown_s"])),
    ("`serve`: every page up to date after (s)", lambda s: secs(s["preview_done_s"])),
    (
        "no-op generate (s) · files rewritten",
        lambda s: f"{secs(s['noop_generate_s'])} · {s['noop_rewritten']}",
    ),
    (
        "one-record edit generate (s) · files rewritten",
        lambda s: f"{secs(s['edit_generate_s'])} · {len(s['edit_rewritten'])}",
    ),
    ("articles · MB of article text", _articles_cell),
    ("extract --jobs 1 (MB/s)", _extract("jobs1_mb_s", lambda v: f"{v:.2f}")),
    ("extract --jobs 2 (MB/s)", _extract("jobs2_mb_s", lambda v: f"{v:.2f}")),
    ("extract start-up, one article (s)", _extract("startup_s", secs)),
    ("speedup --jobs 2 (target ≥ 1.6×)", _extract("speedup", ratio)),
    ("--jobs 1 and 2 output byte-identical", _extract("identical", lambda v: "yes" if v else "NO")),
    (
        "peak memory (MiB): build · extract · bench",
        lambda s: " · ".join(
            "n/a" if v is None else f"{v:.0f}"
            for v in (s["peak_mib"]["build"], s["peak_mib"]["extract"], s["peak_mib"]["bench"])
        ),
    ),
]


def _check(name: str, value: str, holds: bool | None) -> dict[str, Any]:
    """One target of the issue and whether it holds (None: not measured)."""
    return {"target": name, "value": value, "holds": holds}


def done_when(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's "Done when" targets, checked against the figures at 100 and 1,000 policies."""
    by_n = {s["policies"]: s for s in result["sizes"]}
    big, mid = by_n.get(1000), by_n.get(100)
    out: list[dict[str, Any]] = []
    if big is None:
        return [_check("the targets are stated at 1,000 policies", "not measured", None)]
    r = big["generate_floor_ratio"]
    out.append(_check("generate ≤ 1.3 × floor at 1,000 policies", ratio(r), r <= 1.3))
    t, n = big["noop_generate_s"], big["noop_rewritten"]
    out.append(
        _check(
            "no-op generate < 0.3 s, no file rewritten", f"{t:.2f} s, {n} files", t < 0.3 and n == 0
        )
    )
    out.append(
        _check(
            "one-record edit rewrites only the pages that show it",
            f"{len(big['edit_rewritten'])} files",
            bool(big["edit_rewrites_only_showing"]),
        )
    )
    if big["site_build_s"] is None:
        out.append(_check("site build targets", f"n/a: {big['site_build_error']}", None))
    else:
        r = big["build_mkdocs_ratio"]
        out.append(_check("`policy-site build` ≤ 1.05 × bare `mkdocs build`", ratio(r), r <= 1.05))
        if mid is not None and mid["site_build_s"] is not None:
            r = big["site_build_s"] / mid["site_build_s"]
            out.append(_check("site build at 1,000 ≤ 12 × at 100", ratio(r), r <= 12))
        r = big["build_fullnav_ratio"]
        out.append(_check("site build ≤ 0.5 × every policy in the nav", ratio(r), r <= 0.5))
    shown = big["preview_shown_s"]
    if shown is None:
        out.append(_check("`serve` shows an edit within 1 s", f"n/a: {big['preview_error']}", None))
    else:
        out.append(_check("`serve` shows an edit within 1 s", f"{shown:.2f} s", shown <= 1.0))
    ex = big["extract"]
    if ex["available"]:
        v = ex["jobs1_mb_s"]
        out.append(_check("extraction ≥ 1 MB/s per core", f"{v:.2f} MB/s", v >= 1.0))
        good = ex["speedup"] >= 1.6 and ex["identical"]
        same = "identical" if ex["identical"] else "DIFFERENT"
        out.append(
            _check("--jobs 2 ≥ 1.6 × --jobs 1, identical", f"{ex['speedup']:.2f}×, {same}", good)
        )
    else:
        out.append(_check("extraction targets", f"n/a: {ex['reason']}", None))
    peaks = [v for v in big["peak_mib"].values() if v is not None]
    peak = max(peaks)
    articles = ex["articles"] if ex["available"] else 0
    complete = articles >= 10_000
    note = "" if complete else f" (with {articles:,} articles; `--articles 10000` for the target)"
    out.append(
        _check(
            "peak memory < 1 GiB at 1,000 policies and 10,000 articles",
            f"{peak:.0f} MiB{note}",
            peak < 1024 if complete else None,
        )
    )
    return out


def format_table(result: dict[str, Any]) -> str:
    """The figures as Markdown: the table, the machine and the targets."""
    sizes = result["sizes"]
    m = result["machine"]
    head = "| policies | " + " | ".join(f"{s['policies']:,}" for s in sizes) + " |"
    lines = [head, "|---|" + "---:|" * len(sizes)]
    rows = list(ROWS)
    if any(s["zensical_build_s"] is not None for s in sizes):
        rows.insert(14, ("`zensical build`, same pages (s)", lambda s: secs(s["zensical_build_s"])))
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(s) for s in sizes) + " |")
    runs = result["options"]["runs"]
    build_runs = min(s["site_build_runs"] for s in sizes)
    gen_runs = min(s["generate_runs"] for s in sizes)
    ext_runs = min((s["extract"]["runs"] for s in sizes if s["extract"]["available"]), default=0)
    lines.append("")
    for s in sizes:
        if s["site_build_error"]:
            lines.append(f"Site build at {s['policies']:,} policies: n/a, {s['site_build_error']}")
        if not s["extract"]["available"]:
            lines.append(f"Extraction at {s['policies']:,} policies: n/a, {s['extract']['reason']}")
        if s.get("preview_error"):
            lines.append(f"Preview at {s['policies']:,} policies: n/a, {s['preview_error']}")
    lines += [
        f"Medians of {runs} run{'s' if runs != 1 else ''} ({gen_runs} for generate and the "
        f"floor{f', {ext_runs} for extract --jobs 1 and 2' if ext_runs else ''}, each pair "
        f"timed back to back and its ratio the median of each run's own; {build_runs} for the "
        f"site builds); "
        f"{result['options']['dimensions']} dimensions; `{result['command']}` "
        f"took {result['total_s'] / 60:.0f} min.",
        f"Machine: {m['cores']} cores ({m['cpu'] or 'unknown CPU'}), Python {m['python']}, "
        f"{m['platform']}, MkDocs {m['mkdocs']}, Material {m['material']}, "
        f"libyaml {'yes' if m['libyaml'] else 'no'}.",
        "",
        "| target (at 1,000 policies) | measured | holds |",
        "|---|---|---|",
    ]
    for c in result["checks"]:
        mark = {True: "yes", False: "**no**", None: "–"}[c["holds"]]
        lines.append(f"| {c['target']} | {c['value']} | {mark} |")
    last = sizes[-1]
    shown = "all" if last["edit_rewrites_only_showing"] else "NOT all"
    lines += [
        "",
        f"One-record edit at {last['policies']:,} policies ({last['edit_record']}, one stance) "
        f"rewrote {len(last['edit_rewritten'])} files, {shown} of them showing the new stance: "
        f"{', '.join(last['edit_rewritten']) or 'nothing'}.",
    ]
    return "\n".join(lines) + "\n"
