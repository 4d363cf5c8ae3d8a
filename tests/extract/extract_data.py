"""Shared data for the article-extraction tests: paths, the seed's policies, cue words."""

from __future__ import annotations

from pathlib import Path

from generator.extract import DimensionCues, PolicyMatcher

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "seeds" / "die-nachrichten-china-schlaegt-globale-ki-governance-vor.md"

US = "us-ai-action-plan"
CHINA = "china-global-ai-governance"
ASEAN = "asean-ai-governance"

SEED_POLICIES = (
    PolicyMatcher(
        US,
        (
            "USA",
            "US",
            "Vereinigte Staaten",
            "Vereinigten Staaten",
            "Trump-Administration",
            "amerikanische",
            "Washington",
            "United States",
            "Trump administration",
            "American",
        ),
    ),
    PolicyMatcher(CHINA, ("China", "chinesische", "Peking", "Beijing", "Li Qiang", "Chinese")),
    PolicyMatcher(ASEAN, ("ASEAN", "Kao Kim Hourn", "Association of Southeast Asian Nations")),
)

SEED_DIMENSIONS = (
    DimensionCues("export-controls-trade", ("Export", "Halbleiter", "chips", "Handelsgespräche")),
    DimensionCues("governance", ("Governance", "Regulierung", "regulating", "regulation")),
)

# Policies for the hard-case fixtures.
HARD_POLICIES = (
    PolicyMatcher("eu", ("EU", "Europäische Union", "European Union", "Jane Doe", "Commission")),
    PolicyMatcher("japan", ("Japan", "japanische", "Japanese")),
    PolicyMatcher("germany", ("Deutschland", "deutsche", "Friedrich Merz", "Bundesregierung")),
    PolicyMatcher("canada", ("Canada", "Canadian", "Mark Carney")),
    PolicyMatcher("us", ("US", "U.S.", "United States", "Washington")),
)
