"""The engine's measured accuracy, from data/accuracy.json (written by `python -m tracker
evaluate --write`): recall, precision, audience and approach agreement on the team corpus
and on its held-out part."""

import json
from pathlib import Path

FIGURES = ("recall", "precision", "audience", "approach")
COUNTS = ("documents", "recommendations")


def load_accuracy(path: Path) -> dict | None:
    """The measured figures, or None when nothing has been measured yet or the file does not
    hold them (a partial or malformed file is not shown as if it were a measurement)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("measured_on"), str):
        return None
    for part in ("corpus", "held_out"):
        figures = data.get(part)
        if not isinstance(figures, dict):
            return None
        if not all(isinstance(figures.get(key), int) for key in COUNTS):
            return None
        if not all(isinstance(figures.get(key), (int, float)) and 0 <= figures[key] <= 1 for key in FIGURES):
            return None
    return data
