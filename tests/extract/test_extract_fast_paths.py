"""The fast paths of extraction give exactly what the plain ways of doing the same give."""

from __future__ import annotations

import html
import json
import pickle
import random
import re
import zipfile
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from extract_data import FIXTURES, HARD_POLICIES, SEED, SEED_DIMENSIONS, SEED_POLICIES
from py3langid.langid import (  # type: ignore[import-untyped]
    MODEL_FILE,
    LanguageIdentifier,
    visit_counts,
)

from generator.articles import _indented, json_view
from generator.extract import (
    evidence_to_json,
    extract_article,
    figures,
    markup,
    pipeline,
    read_article,
    sentences,
)
from generator.extract.actors import shared_scan
from generator.extract.dimensions import cue_index
from generator.extract.figures import _number_words, _number_words_at
from generator.extract.langid_walk import REACH
from generator.extract.language import _identifier
from generator.extract.lexicon import lexicon
from generator.extract.matching import PhraseIndex, SharedScan, Words, trie_regex
from generator.extract.memo import identity_memo
from generator.extract.model import Sentence, new_sentence
from generator.extract.model_tables import _npz_arrays

ODD_TEXTS = [
    "Er SAGTE, sie sagte; ER sagTe: „Sagte“ – sagten.",
    "ſagte und ſtated: ſ is a long s; ı is a dotless i.",
    "İstanbul SAID so. İ makes lower() longer.",
    "\u212aelvin said the K sign lowers to k.",
    "ΣΟΦΙΑ ΕΙΠΕ ΣΑΓΤΕ; σ and ς are one letter to IGNORECASE.",
    "called for, CALLED ON, called  for, Called On, called forth, called on_",
    "Die Handelsministerin, so der Minister; laut Dr. Li, according to Secretary-General X.",
    "Ⅰ Ⓐ ⓐ ǅ sagteⅠ Ⓐsagte",
    "",
]


def _random_text(rng: random.Random) -> str:
    """Words, case changes and odd letters in random order."""
    pieces = ["sagte", "SAID", "called for", "called", " on", "Export", "exporte", "ſ", "ı", "İ"]
    pieces += ["Σ", "ς", " ", "  ", ", ", "-", "_", "\n", "K", "KI", "ki", "Kinder", "stated"]
    pieces += ["x", "Minister", "minister", "Handels", "Dr", ".", "so", "So", "der", "according"]
    pieces += ["to", "Secretary", "secretary-general", "General", "Prof", "laut", "Ⅰ", "Ⓐ", "ǅ"]
    pieces += ["drei", "Drei", "three", "\u00a0", "Gesamt-", "12", "präsident", "Präsident"]
    return "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))


def _random_texts() -> list[str]:
    rng = random.Random(1)
    return ODD_TEXTS + [_random_text(rng) for _ in range(3000)]


def test_word_tables_find_what_the_regexes_find() -> None:
    """Speech verbs, triggers and number words, looked up per word: what a scan finds."""
    lex = lexicon()
    words = _number_words()
    number_re = re.compile("(" + trie_regex(words) + r")(?=[\u00a0 ])")
    for text in _random_texts():
        found = Words(text)
        assert lex.speech_starts(text, found) == [m.start() for m in lex.speech_re.finditer(text)]
        assert lex.trigger_starts(text) == [m.start() for m in lex.trigger_re.finditer(text)]
        numbers = [
            (m.start(), m.group(1))
            for m in number_re.finditer(text)
            if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-_"))
        ]
        assert [(m.start(), m.group()) for m in _number_words_at(text, found)] == numbers, text


def _punctuated_text(rng: random.Random) -> str:
    """Words, numbers, periods and odd characters next to spaces, in random order."""
    pieces = ["Jan", "ab", "x1", "26", "2025", "²", "Ⅰ", "_", ".", "..", "!", "?", "…", ")", "“"]
    pieces += [" ", "  ", "\u00a0", "\n", "Dr", "U.S.", "é", "Straße", "-", "'"]
    return "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))


def _qualified_text(rng: random.Random) -> str:
    """Qualifiers (also in odd cases and with odd letters), numbers and spaces in random order."""
    pieces = ["mehr als", "MEHR ALS", "über", "ÜBER", "rund", "ca", "ca.", "bis zu", "up to"]
    pieces += ["in excess of", "an estimated", "ſome", "\u212anapp", "fast", "als", "zu", "of"]
    pieces += [" ", "  ", "\u00a0", "\n", "(", "-", ".", "5", "2030", "x", "Rund", "Über"]
    return "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))


def test_qualifiers_are_what_the_qualifier_regex_finds() -> None:
    """A qualifier before a number: what the regex finds in the 30 characters before it."""
    lex = lexicon()
    rng = random.Random(11)
    for _ in range(2000):
        text = _qualified_text(rng)
        reader = figures._Reader(text, "de")
        for start in range(len(text) + 1):
            found = reader.qualifier_re.search(text, max(0, start - 30), start)
            expected = lex.qualifiers[found.group(1).casefold()] if found else None
            assert reader.qualifier(start) == expected, (text, start)


def test_new_sentence_is_the_dataclass() -> None:
    """new_sentence makes what Sentence(...) makes: equal, with the same fields in order."""
    args = (3, 10, 20, "Ein Satz.", ("p1",), ("d1", "d2"), True)
    made, plain = new_sentence(*args), Sentence(*args)
    assert made == plain and hash(made) == hash(plain)
    assert made.__dict__ == plain.__dict__ and list(made.__dict__) == list(plain.__dict__)
    assert pickle.loads(pickle.dumps(made)) == plain


def test_words_read_backwards_are_what_the_regexes_find() -> None:
    """The word before a number (figures) and before a period (sentences), read backwards."""
    number_word = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?[\u00a0 ]+$")
    period_word = re.compile(r"(?<![^\W_])([^\W_]+)(\.?)$")
    rng = random.Random(7)
    for _ in range(3000):
        text = _punctuated_text(rng)
        reader = figures._Reader(text, "de")
        for start in range(len(text) + 1):
            found = number_word.search(text[max(0, start - 30) : start])
            begin, end = reader.word_before(start)
            assert text[begin:end] == (found.group(1) if found else ""), text
        for m in sentences._CANDIDATE.finditer(text):
            lo = max(0, m.start() - 40)
            found = period_word.search(text[lo : m.start()])
            expected = (lo + found.start(), lo + found.end(1)) if found else None
            assert sentences._word_before(text, lo, m.start()) == expected, text


@pytest.mark.parametrize(
    "words",
    [["sagte", "said", "stated"], ["export", "ki", "kinder", "Halbleiter", "KI"], ["σοφια", "s"]],
)
def test_prefix_index_hits_are_an_ignorecase_scan(words: list[str]) -> None:
    """A "prefix" index looks at the words that an IGNORECASE regex of its keys finds."""
    index = PhraseIndex([(w, w) for w in words], "prefix")
    keys = {w if w.isupper() else w.lower() for w in words}
    keys |= {k[:1].upper() + k[1:] for k in keys if len(k) < 4 and k[:1].islower()}
    scan = re.compile(r"(?<![^\W_])" + trie_regex(keys), re.IGNORECASE)
    for text in _random_texts():
        found = [m.start() for m in index.hits(Words(text))]
        assert found == [m.start() for m in scan.finditer(text)], text


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


def test_scores_are_py3langids_float16_arithmetic() -> None:
    """The float32 copy of the model's table gives py3langid's scores, bit for bit."""
    ident = _identifier()
    table = ident.nb_ptc.astype(np.float16)  # the model's own values (each cast exactly)
    rng = random.Random(6)
    texts = ODD_TEXTS + [_random_text(rng) * rng.randrange(1, 30) for _ in range(300)]
    for text in texts:
        data = ident._encode(text)
        visits = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
        if visits is None:
            continue
        counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
        rows = table[np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))]
        expected = np.log1p(counts) @ rows + ident.nb_pc
        assert np.array_equal(ident._raw_score(data), expected), text
        ranked = ident.rank(text)
        top, score, wanted = ident.best(text, ("de", "en", "xx"))
        assert (top, score) == ranked[0]
        assert wanted == {**{k: v for k, v in ranked if k in ("de", "en")}, "xx": float("-inf")}


def test_model_loads_as_py3langid_loads_it() -> None:
    """FastIdentifier.load reads the same tables as py3langid's own loader."""
    ours = _identifier()
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE)
    assert np.array_equal(ours.nb_ptc, theirs.nb_ptc) and ours.nb_ptc.dtype == np.float32
    assert np.array_equal(ours.nb_pc, theirs.nb_pc)
    assert ours.nb_classes == theirs.nb_classes
    theirs_moves = np.frombuffer(theirs.tk_nextmove, dtype=f"u{theirs.tk_nextmove.itemsize}")
    assert np.array_equal(ours.tk_nextmove, theirs_moves)
    assert ours.tk_nextmove.dtype == theirs_moves.dtype
    assert not ours.tk_nextmove.flags.writeable  # read where it lies in the decompressed file
    assert ours._rowbase == theirs._rowbase and ours.tk_output == theirs.tk_output


def test_npz_arrays_are_what_np_load_reads(tmp_path: Path) -> None:
    """Stored members are read in place, deflated or odd ones as np.load reads them."""
    rng = np.random.default_rng(3)
    arrays = {
        "table": rng.random((7, 5)).astype(np.float16),
        "moves": rng.integers(0, 2**32, 301, dtype=np.uint32),
        "labels": np.array(["de", "en", "fra"]),
        "fortran": np.asfortranarray(rng.random((3, 4))),
        "empty": np.zeros((0, 3), dtype=np.int32),
        "scalar": np.array(7.5),
    }
    for save in (np.savez, np.savez_compressed):
        path = tmp_path / f"{save.__name__}.npz"
        save(path, **arrays)
        read = _npz_arrays(path.read_bytes())
        with np.load(path) as expected:
            assert sorted(read) == sorted(expected.files)
            for name, array in read.items():
                assert array.dtype == expected[name].dtype
                assert np.array_equal(array, expected[name]), name
            # Views into the bytes (read-only) only where stored as they are, in C order (and
            # aligned, which depends on where each member lies).
            views = {name for name, array in read.items() if not array.flags.writeable}
            assert views <= (set() if save is np.savez_compressed else set(arrays) - {"fortran"})
            assert all(read[name].flags.aligned for name in views)
    with pytest.raises(zipfile.BadZipFile):
        _npz_arrays(b"not a zip file")


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


def test_words_wanted_keeps_every_word_a_look_up_wants() -> None:
    """With the pipeline's table of wanted words, each look-up finds what it finds alone."""
    wanted = pipeline._wanted(SEED_POLICIES, SEED_DIMENSIONS)
    lex = lexicon()
    scans = (shared_scan(SEED_POLICIES), cue_index(SEED_DIMENSIONS))
    for text in [read_article(SEED).text, *_random_texts()]:
        picked, every = Words(text, wanted.__getitem__), Words(text)
        assert lex.speech_starts(text, picked) == lex.speech_starts(text, every)
        assert lex.trigger_starts(text, picked) == lex.trigger_starts(text, every)
        for found in (partial(_number_words_at, text), *(s.hits for s in scans)):
            assert [m.span() for m in found(picked)] == [m.span() for m in found(every)]


def test_json_view_is_json_dumps_with_views_from_workers_or_not() -> None:
    evidences = [
        (name, extract_article(read_article(path), policies, SEED_DIMENSIONS))
        for name, path, policies in [
            ("seed.md", SEED, SEED_POLICIES),
            ("hard.txt", FIXTURES / "eu-ai-act-en.txt", HARD_POLICIES),
        ]
    ]
    doc = {"articles": [evidence_to_json(ev) for _, ev in evidences]}
    expected = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    assert json_view(evidences) == expected  # the views are now remembered with the evidence
    assert all("_view" in ev.__dict__ for _, ev in evidences)
    again = [(name, pickle.loads(pickle.dumps(ev))) for name, ev in evidences]  # as from a worker
    assert json_view(again) == expected
    assert json_view([]) == json.dumps({"articles": []}, indent=2) + "\n"


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
        hits = shared.hits(Words(text))
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
