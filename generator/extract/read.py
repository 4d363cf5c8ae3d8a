"""Read an article file (plain text, Markdown with front matter, or HTML) into an Article."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import yaml

from generator.diagnostics import Diagnostic, PolicySiteError, source_context
from generator.extract.language import SUPPORTED, detect_language
from generator.extract.markup import markdown_to_text, normalise, plain_to_text
from generator.extract.model import Article

MAX_BYTES = 5 * 1024 * 1024
MAX_FRONT_MATTER_LINES = 500
FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html"}
FORMATS[".htm"] = "html"
_FRONT_FIELDS = ("title", "url", "publisher", "date", "language")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Share of undecodable "chaos" above which charset-normalizer's guess is not trusted.
_MAX_CHAOS = 0.2
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I
)
_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
# libyaml parses front matter several times faster than PyYAML's pure-Python parser.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def _fail(name: str, message: str, hint: str = "", line: int = 0, column: int = 0) -> NoReturn:
    """Stop reading with one error diagnostic."""
    diag = Diagnostic(file=name, line=line, column=column, message=message, hint=hint)
    raise PolicySiteError([diag], what=f"reading {name}")


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing missing, special, huge and binary files."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            _fail(name, "not a regular file", "give the path of an article file")
        if size > max_bytes:
            _fail(
                name,
                f"article is too large ({size:,} bytes; the limit is {max_bytes:,})",
                "split it or keep only the article text",
            )
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        _fail(name, "no such file", "check the path")
    except OSError as exc:
        _fail(name, f"cannot read the file: {exc.strerror or exc}", "check its permissions")
    if len(data) > max_bytes:
        _fail(name, f"article is too large (over {max_bytes:,} bytes)", "keep only the article")
    return data


def _decode(data: bytes, name: str, html: bool) -> tuple[str, list[Diagnostic]]:
    """Decode as UTF-8 (or a BOM's encoding); otherwise as a confidently detected encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), []
            except UnicodeDecodeError:
                _fail(name, f"the file starts with a {encoding} mark but is not {encoding}")
    if b"\x00" in data[:8192]:
        _fail(name, "looks like a binary file, not an article", "give a .txt, .md or .html file")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096]) if html else None
    if declared:
        try:
            encoding = declared.group(1).decode("ascii")
            return data.decode(encoding), []
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        _fail(name, f"cannot tell the text encoding of {name}", "save it as UTF-8")
    assert best is not None
    decoded, encoding = str(best), best.encoding
    if encoding != "cp1252" and data.decode("cp1252", errors="replace") == decoded:
        encoding = "cp1252"  # the same text: name the usual Western encoding
    warning = Diagnostic(
        file=name,
        message=f"not UTF-8; read it as {encoding}",
        hint="save it as UTF-8",
        severity="warning",
    )
    return decoded, [warning]


def _load_front_matter(source: str) -> Any:
    """The YAML of `source`: by libyaml when it can, else (and for errors) by PyYAML's parser.

    Both build the values with the same safe constructor; the pure-Python parser has the last
    word on invalid YAML, so error messages and positions stay the same with or without libyaml.
    """
    if _FAST_LOADER is not None:
        try:
            return yaml.load(source, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(source)


def _split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str, int]:
    """Front matter mapping, the body after it, and the body's first line number (1-based)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text, 1
    for i in range(1, min(len(lines), MAX_FRONT_MATTER_LINES + 1)):
        if lines[i].rstrip() in ("---", "..."):
            break
    else:
        _fail(name, "front matter opened with '---' on line 1 is never closed", "add a '---' line")
    source = "\n".join(lines[1:i])
    try:
        data = _load_front_matter(source) if source.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        column = mark.column + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise PolicySiteError(
            [
                Diagnostic(
                    file=name,
                    line=line,
                    column=column,
                    path="front matter",
                    message=f"invalid YAML: {problem}",
                    hint="front matter is YAML between two '---' lines; quote values with ':'",
                    context=source_context(text, line, column),
                )
            ],
            what=f"reading {name}",
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        _fail(name, f"front matter must be a mapping, got {type(data).__name__}", line=2)
    return data, "\n".join(lines[i + 1 :]), i + 2


def _front_fields(data: dict[str, Any], name: str) -> tuple[dict[str, str], list[Diagnostic]]:
    """The known front-matter fields as strings, with warnings for unusable values."""
    fields: dict[str, str] = {}
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for key in _FRONT_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            errors.append(
                Diagnostic(
                    file=name,
                    path=key,
                    message=f"expected text, got {type(value).__name__}",
                    hint=f"write `{key}: ...` as a single line of text",
                )
            )
            continue
        fields[key] = str(value).strip()
    if errors:
        raise PolicySiteError(errors, what=f"reading {name}")
    date = fields.get("date")
    if date is not None and _iso_date(date) is None:
        warnings.append(
            Diagnostic(
                file=name,
                path="date",
                message=f"'{date}' is not an ISO date; ignored",
                hint="write dates as YYYY-MM-DD",
                severity="warning",
            )
        )
        del fields["date"]
    lang = fields.get("language")
    if lang is not None:
        if not _LANG_CODE.match(lang):
            warnings.append(
                Diagnostic(
                    file=name,
                    path="language",
                    message=f"'{lang}' is not a language code; detecting the language instead",
                    hint="use a code such as de or en",
                    severity="warning",
                )
            )
            del fields["language"]
        else:
            fields["language"] = re.split(r"[-_]", lang)[0].lower()
    return fields, warnings


def _iso_date(value: str) -> str | None:
    """`value` as an ISO date (YYYY-MM-DD), or None if it is not one."""
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _first_line(text: str) -> str:
    """The first non-empty line of `text`."""
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


def _read_html(source: str, name: str) -> tuple[str, dict[str, str]]:
    """Main text and metadata of an HTML page, via trafilatura."""
    import trafilatura  # type: ignore[import-untyped]

    doc = trafilatura.bare_extraction(
        source,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        date_extraction_params={"original_date": True, "max_date": "2100-12-31"},
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not str(body).strip():
        _fail(name, "found no article text in this HTML page", "save the article's own page")
    meta: dict[str, str] = {}
    for key, attr in (("title", "title"), ("url", "url"), ("publisher", "sitename")):
        value = getattr(doc, attr, None)
        if value:
            meta[key] = str(value).strip()
    date = getattr(doc, "date", None)
    if date and _iso_date(str(date)):
        meta["date"] = str(_iso_date(str(date)))
    lang = getattr(doc, "language", None)
    if lang and _LANG_CODE.match(str(lang)):
        meta["language"] = re.split(r"[-_]", str(lang))[0].lower()
    # trafilatura puts one paragraph per line; make them paragraphs for the plain-text reader.
    lines = [line.strip() for line in normalise(str(body)).split("\n")]
    return plain_to_text("\n\n".join(line for line in lines if line)), meta


def read_article(path: Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article file; raise PolicySiteError with diagnostics on bad input."""
    return with_language(read_text(path, max_bytes=max_bytes))


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """read_article without the language: its `language` is the declared one, or "".

    with_language completes it. Detecting the languages of several articles in a row is faster
    than reading and detecting them in turn: the detector's tables stay in the CPU cache.
    """
    path = Path(path)
    name = path.as_posix()
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        _fail(
            name,
            f"unsupported article format '{path.suffix or '(none)'}'",
            "use .txt, .md, .markdown, .html or .htm",
        )
    data = _read_bytes(path, name, max_bytes)
    raw, warnings = _decode(data, name, html=kind == "html")
    meta: dict[str, str] = {}
    if kind == "html":
        text, meta = _read_html(raw, name)
    elif kind == "markdown":
        unified = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        front, body, _ = _split_front_matter(unified, name)
        meta, front_warnings = _front_fields(front, name)
        warnings += front_warnings
        text = markdown_to_text(body)
    else:
        text = plain_to_text(raw)
    if not text.strip():
        _fail(name, "the article has no text", "check that the file holds the article body")
    return Article(
        path=name,
        text=text,
        title=meta.get("title") or _first_line(text),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
        date=meta.get("date"),
        language=meta.get("language", ""),
        warnings=warnings,
    )


def with_language(article: Article) -> Article:
    """An article from read_text with its language: the declared one, else the detected one
    (with warnings for a declaration the text contradicts and for unsupported languages)."""
    name, text = article.path, article.text
    warnings = list(article.warnings)
    detected = detect_language(text)
    declared = article.language or None
    language = declared or detected
    if declared and declared != detected and len(text) > 200:
        warnings.append(
            Diagnostic(
                file=name,
                path="language",
                message=f"declared language '{declared}' but the text reads as '{detected}'",
                hint="check the front matter's language",
                severity="warning",
            )
        )
    if language not in SUPPORTED:
        warnings.append(
            Diagnostic(
                file=name,
                message=f"article language '{language}' is not German or English; "
                "names, quotes and figures may be missed",
                severity="warning",
            )
        )
    return replace(article, language=language, warnings=warnings)
