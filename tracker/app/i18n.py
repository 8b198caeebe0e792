"""Interface text in English and Bahasa Indonesia, from data/interface.yaml."""

from functools import lru_cache
from pathlib import Path

import yaml

INTERFACE_PATH = Path(__file__).resolve().parents[2] / "data" / "interface.yaml"
LANGUAGES = {"en": "English", "id": "Bahasa Indonesia"}


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    return yaml.safe_load(INTERFACE_PATH.read_text(encoding="utf-8"))


def text(key: str, language: str, **values) -> str:
    """The interface string ``key`` in ``language`` (English if unknown), with values filled in."""
    entry = strings()[key]
    template = entry.get(language) or entry["en"]
    return template.format(**values) if values else template
