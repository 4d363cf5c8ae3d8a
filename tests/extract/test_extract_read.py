"""Reading articles: formats, metadata, encodings, and clean failures on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_data import FIXTURES, SEED

from generator.diagnostics import Diagnostic, PolicySiteError
from generator.extract import read_article


def _error(path: Path, **kwargs: int) -> Diagnostic:
    """The single diagnostic that reading `path` fails with."""
    with pytest.raises(PolicySiteError) as info:
        read_article(path, **kwargs)
    assert len(info.value.diagnostics) == 1
    return info.value.diagnostics[0]


def test_markdown_front_matter_and_plain_text_body() -> None:
    article = read_article(SEED)
    assert (
        article.title == "China schlägt globale KI-Governance vor, während die USA isoliert handeln"
    )
    assert (article.url, article.publisher, article.date, article.language) == (
        "https://www.die-nachrichten.at",
        "die-nachrichten.at",
        None,
        "de",
    )
    assert "**" not in article.text and "](" not in article.text
    assert "auf einer „robusten Governance“" not in article.text
    assert "zu einer „robusten Governance“ von KI" in article.text
    assert article.text.endswith("Besuchen Sie uns auf: die-nachrichten.at")
    assert article.warnings == []


def test_markdown_markup_is_reduced_to_text(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "# Title here\n\nSome **bold**, _italic_ and [a link](https://x.test) with `code`.\n"
        "Mitarbeiter*innen stay, snake_case stays.\n\n- first item\n- second item\n\n"
        "<!-- a comment -->\n> Quoted line.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.title == "Title here"
    assert article.text == (
        "Title here\n\nSome bold, italic and a link with code.\n"
        "Mitarbeiter*innen stay, snake_case stays.\n\nfirst item\n\nsecond item\n\nQuoted line."
    )


def test_plain_text_title_is_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf\n\nA headline\n\nThe body says something. It goes on.\n")
    article = read_article(path)
    assert (article.title, article.language, article.path) == ("A headline", "en", path.as_posix())
    assert article.text == "A headline\n\nThe body says something. It goes on."


def test_html_main_text_and_metadata_without_boilerplate() -> None:
    article = read_article(FIXTURES / "eu-ai-code.html")
    assert (article.title, article.url, article.publisher, article.date, article.language) == (
        "EU unveils AI code of practice",
        "https://example-news.test/eu-ai-code",
        "Example News",
        "2025-07-10",
        "en",
    )
    assert "Subscribe now" not in article.text
    assert "All rights reserved" not in article.text
    assert "Cookie settings" not in article.text
    assert "said Commission spokesperson Thomas Regnier." in article.text


def test_latin1_text_is_read_with_a_warning() -> None:
    article = read_article(FIXTURES / "latin1-de.txt")
    assert "Förderung künstlicher Intelligenz" in article.text
    assert article.language == "de"
    assert article.warnings == [
        Diagnostic(
            file=(FIXTURES / "latin1-de.txt").as_posix(),
            message="not UTF-8; read it as cp1252",
            hint="save it as UTF-8",
            severity="warning",
        )
    ]


def test_front_matter_yaml_error_names_line_and_column() -> None:
    path = FIXTURES / "bad-front-matter.md"
    diag = _error(path)
    assert (diag.file, diag.line, diag.column, diag.path, diag.severity) == (
        path.as_posix(),
        3,
        19,
        "front matter",
        "error",
    )
    assert diag.message == "invalid YAML: found unexpected end of stream"
    assert "> 3 | publisher: example" in diag.context


def test_front_matter_field_of_wrong_type(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: [a, b]\n---\nText.\n", encoding="utf-8")
    assert _error(path) == Diagnostic(
        file=path.as_posix(),
        path="title",
        message="expected text, got list",
        hint="write `title: ...` as a single line of text",
    )


def test_front_matter_language_wins_and_other_languages_warn(tmp_path: Path) -> None:
    path = tmp_path / "fr.md"
    path.write_text(
        "---\nlanguage: fr\n---\nLe président a dit que la régulation de l'intelligence "
        "artificielle est une priorité pour le gouvernement.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.language == "fr"
    assert [w.severity for w in article.warnings] == ["warning"]
    assert "not German or English" in article.warnings[0].message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00binary\x00data")
    diag = _error(path)
    assert diag.message == "looks like a binary file, not an article"


def test_undecidable_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bytes((i * 7919) % 255 + 1 for i in range(3000)))
    diag = _error(path)
    assert (diag.message, diag.hint) == (
        f"cannot tell the text encoding of {path.as_posix()}",
        "save it as UTF-8",
    )


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Word. " * 100, encoding="utf-8")
    diag = _error(path, max_bytes=100)
    assert diag.message == "article is too large (600 bytes; the limit is 100)"


def test_missing_unsupported_and_empty_files(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.md").message == "no such file"
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF")
    assert _error(pdf).message == "unsupported article format '.pdf'"
    empty = tmp_path / "empty.md"
    empty.write_text("---\ntitle: x\n---\n\n", encoding="utf-8")
    assert _error(empty).message == "the article has no text"
    assert _error(tmp_path).message.startswith("unsupported article format")
