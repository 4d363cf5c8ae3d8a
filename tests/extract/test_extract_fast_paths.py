"""The fast paths of extraction give exactly what the plain ways of doing the same give."""

from __future__ import annotations

import html
import json
import random
import re
from collections import Counter
from typing import Any

import numpy as np
import pytest
from py3langid.langid import visit_counts  # type: ignore[import-untyped]

from generator.articles import _indented
from generator.extract import markup
from generator.extract.caseless import CaselessPattern
from generator.extract.langid_walk import REACH
from generator.extract.language import _identifier
from generator.extract.matching import PhraseIndex, SharedScan, trie_regex
from generator.extract.memo import identity_memo

ODD_TEXTS = [
    "Er SAGTE, sie sagte; ER sagTe: „Sagte“ – sagten.",
    "ſagte und ſtated: ſ is a long s; ı is a dotless i.",
    "İstanbul SAID so. İ makes lower() longer.",
    "\u212aelvin said the K sign lowers to k.",
    "ΣΟΦΙΑ ΕΙΠΕ ΣΑΓΤΕ; σ and ς are one letter to IGNORECASE.",
    "called for, CALLED ON, called  for, Called On.",
    "",
]


def _random_text(rng: random.Random) -> str:
    """Words, case changes and odd letters in random order."""
    pieces = ["sagte", "SAID", "called for", "Export", "exporte", "ſ", "ı", "İ", "Σ", "ς"]
    pieces += [" ", "  ", ", ", "-", "_", "\n", "K", "KI", "ki", "Kinder", "stated", "x"]
    return "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))


@pytest.mark.parametrize(
    "words",
    [["sagte", "said", "stated"], ["export", "ki", "kinder", "Halbleiter", "KI"], ["σοφια", "s"]],
)
def test_caseless_pattern_finds_what_ignorecase_finds(words: list[str]) -> None:
    def build(ws: Any) -> str:
        return rf"(?<![^\W_])(?:{trie_regex(ws)}|called (?:for|on))(?![^\W_])"

    pattern = CaselessPattern(build, words)
    slow = re.compile(build(words), re.IGNORECASE)
    rng = random.Random(1)
    for text in ODD_TEXTS + [_random_text(rng) for _ in range(2000)]:
        assert pattern.starts(text) == [m.start() for m in slow.finditer(text)], text


def test_feature_counts_are_py3langids_in_the_same_order() -> None:
    ident = _identifier()
    rng = random.Random(2)
    samples = [t.encode() for t in ODD_TEXTS]
    samples += [bytes(rng.randrange(256) for _ in range(rng.randrange(0, 80))) for _ in range(500)]
    samples += [_random_text(rng).encode() * 20 for _ in range(50)]
    for data in samples:
        expected = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
        found = ident.feature_counts(data)
        assert found == expected
        if expected is not None:
            assert list(found.items()) == list(expected.items())


def test_langid_automaton_forgets_its_start_after_reach_bytes() -> None:
    """After any REACH bytes, every start state has led to the same state."""
    ident = _identifier()
    moves = np.frombuffer(ident.tk_nextmove, dtype=f"u{ident.tk_nextmove.itemsize}")
    rows = np.asarray(ident._rowbase, dtype=np.int64)
    # The sets of states that the same bytes lead to from different states; singletons dropped.
    sets: dict[bytes, np.ndarray] = {b"": np.arange(len(rows))}
    for _ in range(REACH):
        following: dict[bytes, np.ndarray] = {}
        for states in sets.values():
            for after in _diverging_moves(moves, rows[states]):
                following.setdefault(after.tobytes(), after)
        sets = following
    assert not sets


def _diverging_moves(moves: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    """For each byte that leads these states to more than one state: the states it leads to."""
    if len(offsets) > 4096:  # the set of all states: one byte at a time, to spare memory
        columns = (moves[offsets + byte] for byte in range(256))
        return [after for column in columns if len(after := np.unique(column)) > 1]
    table = moves[offsets[:, None] + np.arange(256)]  # one column per byte
    diverging = np.flatnonzero((table != table[0]).any(axis=0))
    return [np.unique(table[:, byte]) for byte in diverging]


def test_identity_memo_builds_once_per_argument() -> None:
    calls: list[tuple[int, ...]] = []

    @identity_memo
    def build(key: tuple[int, ...]) -> list[int]:
        calls.append(key)
        return list(key)

    key = (1, 2)
    assert build(key) is build(key)
    assert build((1, 2)) == [1, 2]  # equal, not identical: the equality cache answers
    assert build((3,)) == [3]
    assert calls == [(1, 2), (3,)]


def test_shared_scan_finds_what_each_index_finds_alone() -> None:
    policies = PhraseIndex(
        [("Belbelilia", "b"), ("belbelilische", "b"), ("Kingdom of Belbelilia", "k")], "inflect"
    )
    actors = PhraseIndex([("China", "China"), ("chinesische", "China"), ("EU", "EU")], "inflect")
    shared = SharedScan([policies, actors])
    rng = random.Random(3)
    words = ["Belbelilias", "belbelilischen", "Kingdom", "of", "Chinas", "EU", "EUROPA", "Bel"]
    words += ["Chinesische", "BELBELILIA", "Kingdoms", "chin", " ", ", ", "\n\n", "-"]
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(30))
        hits = shared.hits(text)
        assert policies.find(text, hits) == policies.find(text)
        assert actors.find(text, hits) == actors.find(text)


def test_a_scan_hit_on_first_letters_only_is_no_match() -> None:
    """The scan regex holds only the first letters of words: the rest is checked per word."""
    # "Kelvinische" with a Kelvin sign: the lower-case phrase word matches it with its first
    # letter in lower case, but a scan of whole words would not stop there (its first letter
    # is not "K"), and the index never matched it.
    index = PhraseIndex([("kelvinische", "x"), ("\u212aelvinator", "y")], "inflect")
    assert index.find("Die \u212aelvinische Regel") == []
    assert index.find("Die Kelvinische Regel") != []


def _inline_reference(line: str) -> str:
    """markup.inline_to_text as every substitution in a row, without the shortcuts."""
    for _, pattern, replacement in markup._INLINE:
        line = pattern.sub(replacement, line)
    if "&" in line:
        line = html.unescape(line)
    return markup._SPACES.sub(" ", line).strip()


def test_markup_shortcuts_change_nothing() -> None:
    rng = random.Random(4)
    pieces = ["word", " ", "  ", "\t", "*", "**", "_", "__", "~~", "`", "[a](b)", "![i](s)"]
    pieces += ["[r][1]", "<b>", "</b>", "<http://x.y>", "\\*", "&amp;", "&Tab;", "„", "\u00a0"]
    for _ in range(3000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        assert markup.inline_to_text(line) == _inline_reference(line), line
        text = "\n".join(line[i:] for i in range(0, len(line), 5))
        reference = "\n".join(markup._SPACES.sub(" ", ln).strip() for ln in text.split("\n"))
        assert markup.normalise(text) == reference


def _random_json(rng: random.Random, depth: int = 0) -> Any:
    """A random JSON-like value (dicts, lists, strings, numbers, booleans, None)."""
    if depth > 3 or rng.random() < 0.4:
        scalars = [None, True, False, 0, -7, 2**70, 1.5, -0.0, 1e300, float("nan"), float("inf")]
        return rng.choice([*scalars, "", 'a"b\\c\n\t\u2028é„“\x00💡', "plain"])
    if rng.random() < 0.6:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    keys = ["k", "é", 'a"b', "", "x\ny"]
    return {f"{rng.choice(keys)}{i}": _random_json(rng, depth + 1) for i in range(rng.randrange(4))}


def test_indented_json_is_json_dumps() -> None:
    rng = random.Random(5)
    for _ in range(3000):
        value = _random_json(rng)
        assert _indented(value, 0) == json.dumps(value, ensure_ascii=False, indent=2)
    for other in [(1, 2), {1: "a"}, {"a": Counter()}, object()]:
        with pytest.raises(TypeError):
            _indented(other, 0)  # json.dumps writes these in json_view instead
