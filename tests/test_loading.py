"""Loading at speed: the fast YAML path, the forked workers and the writes give what the plain
ways give, and report the same problems at the same places."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.parallel import fork_map, fork_map_commit, paused_gc
from generator.pipeline import check
from generator.project import Project
from generator.validate import _fast_validator, load_schema
from generator.write import MARKER, atomic_write, write_pages
from generator.yamlfile import _may_hold_anchor, _RecordLoader, parse_yaml
from tests.processes import assert_none_left

PLAIN = """\
title: "A plan: with a colon"
count: 12
hex: 0x1F
big: 1_000
sexagesimal: 1:20
ratio: -.5
infinite: .inf
yes_word: yes
Off: off
nothing: ~
empty:
quoted: "12"
list: [1, two, 3.0, null, true]
nested:
  - a: {b: [c, {d: e}]}
  - - deep
    - 'single'
text: |
  Research & development, R&D, https://example.org/?a=1&b=2
"""


def test_the_fast_path_gives_what_pyyaml_gives() -> None:
    doc, diags = parse_yaml(PLAIN, "plain.yaml")
    assert doc is not None and diags == []
    assert doc.data == yaml.load(PLAIN, Loader=yaml.SafeLoader)
    assert not _may_hold_anchor(PLAIN)


def test_dates_stay_as_written() -> None:
    doc, _ = parse_yaml("announced: 2025-07\ndate: 2025-07-26\n", "d.yaml")
    assert doc is not None and doc.data == {"announced": "2025-07", "date": "2025-07-26"}


@pytest.mark.parametrize(
    "value",
    ["", "~", "null", "NULL", "yes", "No", "True", "off", "0x1F", "0o17", "017", "1_000", "1:20",
     "-1", "+.5", ".inf", "-.Inf", ".nan", "1e3", "2025-07-26", "2025-07", "<<", "=", "text",
     "Tree", "nothing", "12abc"],
)  # fmt: skip
def test_tags_are_resolved_as_pyyaml_resolves_them(value: str) -> None:
    ours = _RecordLoader("")
    theirs = yaml.resolver.Resolver()
    for implicit in ((True, False), (False, True)):
        expected = theirs.resolve(yaml.ScalarNode, value, implicit)
        assert ours.resolve(yaml.ScalarNode, value, implicit) == expected
    for kind in (yaml.MappingNode, yaml.SequenceNode):
        assert ours.resolve(kind, None, (True, False)) == theirs.resolve(kind, None, (True, False))


def test_the_shortcut_in_resolving_holds_for_the_safe_loader() -> None:
    """Tags depend on the first character only: no catch-all and no path resolvers."""
    assert None not in _RecordLoader.yaml_implicit_resolvers
    assert not _RecordLoader.yaml_path_resolvers


def _found(text: str) -> list[str]:
    """The problems parse_yaml reports, as `line:column: message`."""
    _, diags = parse_yaml(text, "x.yaml")
    return [f"{d.line}:{d.column}: {d.message}" for d in diags]


DUPLICATES = 'a: 1\nb:\n  c: 2\n  c: 3\n"a": 4\n1: x\n"1": y\n'
DUPLICATES_FOUND = [
    "5:1: key 'a' appears twice in this mapping",
    "7:1: key '1' appears twice in this mapping",
    "4:3: key 'c' appears twice in this mapping",
]


def test_duplicate_keys_are_found() -> None:
    assert _found(DUPLICATES) == DUPLICATES_FOUND


def test_duplicate_keys_are_found_in_a_file_with_anchors_too() -> None:
    """An `&` sends a file down PyYAML's own constructor: the same problems come out."""
    assert _may_hold_anchor(DUPLICATES + "z: &anchor 1\n")
    assert _found(DUPLICATES + "z: &anchor 1\n") == DUPLICATES_FOUND


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: &x 1\nb: *x\n", "1:4"),
        ("a: [&x 1, *x]\n", "1:5"),
        ("- &x {a: 1}\n- *x\n", "1:3"),
        ("a:\n\ufeff&x [1]\nb: *x\n", "2:2"),  # libyaml skips a byte order mark opening a line
    ],
)
def test_aliases_are_refused(text: str, where: str) -> None:
    assert _found(text) == [f"{where}: anchors and aliases (&name, *name) are not supported"]


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("a: &x 1", True),
        ("&x a: 1", True),
        ("a: [&x 1]", True),
        ("a:\n- &x 1", True),
        ("a:\t&x 1", True),
        ("{a:&x 1}", True),
        ('["a",&x b]', True),
        ("a: 1\n\ufeff&x b: 2", True),
        ("a: (&x)", True),
        ("a: R&D", False),
        ("a: research & development", False),
        ("a: research &", False),
        ("a: AT&T, caf\u00e9&bar, &\t", False),
        ("a: https://example.org/?a=1&b=2", False),
        ("a: b", False),
    ],
)
def test_an_anchor_is_never_missed(text: str, anchor: bool) -> None:
    assert _may_hold_anchor(text) is anchor


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 0b_\n", "cannot read '0b_' as a whole number"),
        ("a: !!int abc\n", "cannot read 'abc' as a whole number"),
        ("a: !!float abc\n", "cannot read 'abc' as a number"),
        ("a: !!bool abc\n", "cannot read 'abc' as true or false"),
    ],
)
def test_a_value_that_cannot_be_read_is_an_error_not_a_crash(text: str, message: str) -> None:
    assert _found(text) == [f"1:4: YAML syntax error: {message}"]


def test_deep_nesting_loads_without_the_fast_path() -> None:
    doc, diags = parse_yaml("a: " + "[" * 3000 + "]" * 3000, "deep.yaml")
    assert doc is not None and diags == []
    depth, node = 0, doc.data["a"]
    while node:
        depth, node = depth + 1, node[0]
    assert depth == 2999


def test_the_fast_validator_agrees_with_the_schema(project: Project) -> None:
    """References inlined, the compiled check still refuses what the schema refuses."""
    import fastjsonschema  # type: ignore[import-untyped]
    from jsonschema import Draft7Validator

    record = yaml.safe_load(next(project.policies_dir.glob("*.yaml")).read_text(encoding="utf-8"))
    sources = record["sources"]
    cases = [
        record,
        {**record, "sources": [*sources, {**sources[0], "id": "Bad Id"}]},
        {**record, "quotes": [{"text": "words", "source": "UPPER"}]},
        {**record, "quotes": [{"text": "words"}]},
        {**record, "positions": {"x": {"leaning": 3}}},
        {**record, "positions": {"x": {"evidence": [{"source": "a", "extra": 1}]}}},
    ]
    fast = _fast_validator("policy")
    for data in cases:
        valid = not list(Draft7Validator(load_schema("policy")).iter_errors(data))
        try:
            fast(data)
            assert valid, data
        except fastjsonschema.JsonSchemaException:
            assert not valid, data


def _slow(x: int) -> int:
    """x squared, slowly enough for the workers to take their share."""
    time.sleep(0.001)
    return x * x


def test_fork_map_keeps_the_order() -> None:
    assert fork_map(_slow, range(300), min_items=1) == [x * x for x in range(300)]
    assert fork_map(_slow, [3, 1], min_items=5) == [9, 1]


def test_fork_map_commit_commits_where_made_and_only_without_problems(tmp_path: Path) -> None:
    def make(x: int) -> tuple[int, int]:
        return _slow(x), os.getpid()

    def commit_into(folder: Path) -> Callable[[tuple[int, int]], int]:
        folder.mkdir()

        def commit(made: tuple[int, int]) -> int:
            (folder / str(made[0])).write_text(f"{made[1]} {os.getpid()}", encoding="utf-8")
            return made[0] + 1

        return commit

    found, committed = fork_map_commit(
        make, range(300), lambda made: [], commit_into(tmp_path / "ok"), min_items=1
    )
    assert found == [] and committed == [x * x + 1 for x in range(300)]
    pids = [f.read_text(encoding="utf-8").split() for f in (tmp_path / "ok").iterdir()]
    assert len(pids) == 300 and all(maker == committer for maker, committer in pids)
    assert len({maker for maker, _ in pids}) == 2, "both processes took their share"

    def bad(made: tuple[int, int]) -> list[str]:
        return [f"bad {made[0]}"] if made[0] % 7 == 4 else []

    found, committed = fork_map_commit(make, range(300), bad, commit_into(tmp_path / "no"), 1)
    assert found == [f"bad {x * x}" for x in range(300) if x * x % 7 == 4] and committed == []
    assert not list((tmp_path / "no").iterdir())


def test_fork_map_raises_a_workers_error() -> None:
    parent = os.getpid()

    def fails_in_worker(x: int) -> int:
        if os.getpid() != parent:
            raise ValueError(f"no {x}")
        return _slow(x)

    with pytest.raises(ValueError, match="no "):
        fork_map(fails_in_worker, range(300), min_items=1)


def test_fork_map_reports_a_worker_that_died() -> None:
    parent = os.getpid()

    def dies_in_worker(x: int) -> int:
        if os.getpid() != parent:
            os._exit(3)
        return _slow(x)

    with pytest.raises(RuntimeError, match="exit code 3"):
        fork_map(dies_in_worker, range(300), min_items=1)


def test_fork_map_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    marker = str(tmp_path / "marker")
    code = (
        "import sys, time\n"
        "from generator.parallel import fork_map\n"
        "fork_map(lambda x: time.sleep(0.05), range(2000), min_items=1)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, marker])
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert_none_left(marker)


def test_many_records_give_the_same_diagnostics_with_workers(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above 200 records loading and validating go to workers: same errors, same order."""
    source = next(project.policies_dir.glob("*.yaml")).read_text(encoding="utf-8")
    for i in range(250):
        text = source
        if i % 50 == 7:
            text += "title: twice\n"
        if i % 50 == 9:
            text = text.replace("kind:", "kind: [", 1)
        if i % 50 == 11:
            text += "unknown_key: 1\n"
        (project.policies_dir / f"copy-{i:03d}.yaml").write_text(text, encoding="utf-8")

    def messages() -> list[str]:
        with pytest.raises(Exception) as failed:
            check(project)
        return [d.format() for d in failed.value.diagnostics]  # type: ignore[attr-defined]

    forked = messages()
    monkeypatch.setattr("generator.parallel.workers_for", lambda items, min_items: 1)
    assert messages() == forked
    assert len(forked) >= 15


def test_write_pages_rewrites_changes_only_and_removes_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    first = write_pages({"a.md": b"one", "sub/b.md": b"two", "old/c.md": b"three"}, out)
    assert first.written == ["a.md", "old/c.md", "sub/b.md"] and (out / MARKER).is_file()
    (out / "sub" / "b.md").write_bytes(b"TWO")  # damaged, same size
    second = write_pages({"a.md": b"one!", "sub/b.md": b"two"}, out)
    assert second.written == ["a.md", "sub/b.md"] and second.unchanged == 0
    assert second.removed == ["old/c.md"] and not (out / "old").exists()
    assert (out / "a.md").read_bytes() == b"one!" and (out / "sub" / "b.md").read_bytes() == b"two"
    third = write_pages({"a.md": b"one!", "sub/b.md": b"two"}, out)
    assert third.written == [] and third.unchanged == 2 and third.removed == []
    assert oct((out / "a.md").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_write_pages_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_pages({"a.md": b"x"}, tmp_path / "docs")


def test_atomic_write_keeps_a_files_mode_and_survives_a_left_over_temp_file(
    tmp_path: Path,
) -> None:
    record = tmp_path / "r.yaml"
    record.write_text("old: true\n", encoding="utf-8")
    record.chmod(0o600)
    left_over = tmp_path / f".r.yaml.{os.getpid()}.tmp"  # as a crashed run with our pid left it
    left_over.write_bytes(b"half")
    atomic_write(record, b"new: true\n")
    assert record.read_bytes() == b"new: true\n"
    assert oct(record.stat().st_mode & 0o777) == oct(0o600)
    assert left_over.read_bytes() == b"half"
    assert len(list(tmp_path.iterdir())) == 2, "no temporary file of ours is left"
    fresh = tmp_path / "new.yaml"
    atomic_write(fresh, b"x: 1\n")
    assert oct(fresh.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    """This process's umask: new files get 0o666 without its bits."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Node:
    """An object that can refer to itself (a reference cycle)."""

    me: object = None


def test_what_a_paused_collector_built_skips_the_next_young_collection() -> None:
    """Objects built while the cycle collector is paused join the oldest generation when it
    resumes: left young, the next young collection would walk all of them (0.19 s after a
    generation at 1,000 policies). Cycles among them are still freed by a full collection."""
    assert gc.isenabled()
    with paused_gc():
        kept = [{"n": i} for i in range(50_000)]
        node = _Node()
        node.me = node
        cycle = weakref.ref(node)
        del node
    assert gc.isenabled()
    assert len(gc.get_objects(generation=0)) < 5_000
    assert not any(obj is kept[-1] for obj in gc.get_objects(generation=0))
    assert cycle() is not None
    gc.collect()
    assert cycle() is None
