"""Headline figures of a view of the corpus."""

from tracker.engine.codebook import APPROACH_IDS


def headline(row: dict) -> dict:
    """The headline counts with each approach's share of all recommendations."""
    total = row["recommendations"]
    return {**row, "shares": {approach: row[approach] / total if total else 0.0 for approach in APPROACH_IDS}}


def count_and_share(figures: dict, approach: str) -> str:
    """An approach's headline figure, e.g. "2 (25%)"."""
    return f"{figures[approach]} ({figures['shares'][approach]:.0%})"
