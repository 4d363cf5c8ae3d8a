"""Article extraction: read news articles and pull out policy evidence (quotes, figures, ...).

read_article(path) -> Article
extract_article(article, policies, dimensions) -> ArticleEvidence
evidence_to_json(evidence) -> dict
"""

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
