"""How values read on the page: dates, numbers and labels in the site's language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
}
SCALES = {
    "en": [(10**12, "trillion"), (10**9, "billion"), (10**6, "million")],
    "de": [(10**12, "Billionen"), (10**9, "Milliarden"), (10**6, "Millionen")],
}


def format_date(value: str | None, language: str = "en") -> str:
    """A YYYY[-MM[-DD]] date for reading: "26 July 2025", "July 2025" (de: "26. Juli 2025")."""
    if not value:
        return ""
    parts = str(value).split("-")
    months = MONTHS.get(language, MONTHS["en"])
    if len(parts) == 1:
        return parts[0]
    month = months[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{day}. {month} {parts[0]}" if language == "de" else f"{day} {month} {parts[0]}"


def _group(n: int, language: str) -> str:
    """Digits in groups of three, the site language's way."""
    s = f"{n:,}"
    return s.replace(",", ".") if language == "de" else s


def format_number(value: float, language: str = "en") -> str:
    """A figure for reading: 600000000000 → "600 billion", 5000 → "5,000" (de: "5.000")."""
    for scale, word in SCALES.get(language, SCALES["en"]):
        if abs(value) >= scale and (value / scale) == round(value / scale, 2):
            n = value / scale
            text = f"{n:g}" if n != int(n) else str(int(n))
            if language == "de":
                text = text.replace(".", ",")
            return f"{text} {word}"
    if float(value).is_integer():
        return _group(int(value), language)
    text = f"{value:,}"
    if language == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


@cache
def load_labels(path: Path, language: str) -> dict[str, Any]:
    """The site's own words in `language`, from the templates' labels file."""
    with path.open(encoding="utf-8") as fh:
        table = yaml.safe_load(fh)
    labels = dict(table.get("en", {}))
    labels.update(table.get(language, {}))
    return labels
