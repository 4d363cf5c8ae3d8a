"""The data that article extraction reads and produces: frozen, comparable dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic


@dataclass(frozen=True)
class PolicyMatcher:
    """A policy as extraction sees it: its id and the words that name its actor."""

    id: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class DimensionCues:
    """A comparison dimension and the cue words (any language) that signal it in a sentence."""

    id: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    """One article as read from disk: the plain text that is analysed, plus its metadata."""

    path: str
    text: str
    title: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    language: str = "und"
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    """A sentence (or heading) of the article, with the policies and dimensions it speaks to."""

    no: int
    start: int
    end: int
    text: str
    policies: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    heading: bool = False


_new = object.__new__


def new_sentence(
    no: int,
    start: int,
    end: int,
    text: str,
    policies: tuple[str, ...],
    dimensions: tuple[str, ...],
    heading: bool,
) -> Sentence:
    """`Sentence(no, start, end, text, policies, dimensions, heading)`, made in a third of the
    time: every article makes dozens, and a frozen dataclass's __init__ sets each field through
    object.__setattr__. The fields go straight into the instance dictionary, as that does."""
    sentence = _new(Sentence)
    fields = sentence.__dict__
    fields["no"] = no
    fields["start"] = start
    fields["end"] = end
    fields["text"] = text
    fields["policies"] = policies
    fields["dimensions"] = dimensions
    fields["heading"] = heading
    return sentence


@dataclass(frozen=True)
class Quote:
    """A direct quotation, or a short quoted phrase inside a reporter's sentence (a fragment)."""

    speaker: str | None
    role: str | None
    text: str
    policy: str | None
    fragment: bool
    sentence_no: int
    start: int
    end: int
    language: str


@dataclass(frozen=True)
class Figure:
    """A number with what it counts, as written in the article and as a value."""

    value: int | float
    unit: str | None
    currency: str | None
    qualifier: str | None
    policy: str | None
    text: str
    sentence_no: int
    start: int
    end: int


@dataclass(frozen=True)
class ArticleEvidence:
    """Everything extracted from one article, in text order."""

    path: str
    title: str
    url: str | None
    publisher: str | None
    date: str | None
    language: str
    sentences: list[Sentence]
    mentions: dict[str, int]
    quotes: list[Quote]
    figures: list[Figure]
    unknown_actors: dict[str, int]
    warnings: list[Diagnostic] = field(default_factory=list)
