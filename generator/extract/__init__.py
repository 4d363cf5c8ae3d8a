"""Article extraction: read news articles and pull out policy evidence (quotes, figures, ...).

read_article(path) -> Article
extract_article(article, policies, dimensions) -> ArticleEvidence
evidence_to_json(evidence) -> dict

The names are imported on first use, so that importing a light module of this package (such
as model_file, which `extract` starts before anything else) does not import numpy and the rest.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.extract.model import (
        Article,
        ArticleEvidence,
        DimensionCues,
        Figure,
        PolicyMatcher,
        Quote,
        Sentence,
    )
    from generator.extract.pipeline import evidence_to_json, extract_article
    from generator.extract.read import read_article

_MODULE_OF = {
    "Article": "model",
    "ArticleEvidence": "model",
    "DimensionCues": "model",
    "Figure": "model",
    "PolicyMatcher": "model",
    "Quote": "model",
    "Sentence": "model",
    "evidence_to_json": "pipeline",
    "extract_article": "pipeline",
    "read_article": "read",
}

__all__ = [
    "Article",
    "ArticleEvidence",
    "DimensionCues",
    "Figure",
    "PolicyMatcher",
    "Quote",
    "Sentence",
    "evidence_to_json",
    "extract_article",
    "read_article",
]


def __getattr__(name: str) -> Any:
    """A name of __all__, imported from its module on first use."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
