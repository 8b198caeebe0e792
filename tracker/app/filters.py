"""Dashboard filters: read from and written to the URL, turned into query parameters.

The URL names are audience, approach, platform, doc, year, q and lang; values are label ids
(or platform names, document ids, years). Several values repeat the name or are separated
by commas. Unknown values are dropped with a notice; the search text only ever reaches SQL
as escaped patterns passed as parameters.
"""

from dataclasses import dataclass
from typing import Mapping

from tracker.app.i18n import LANGUAGES, text
from tracker.engine.morphology import MAX_SEARCH_WORDS
from tracker.store.filters import LIST_NAMES, Filters

MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class Options:
    """The values each filter may take."""

    audience: tuple[str, ...]
    approach: tuple[str, ...]
    platform: tuple[str, ...]
    doc: tuple[str, ...]
    year: tuple[str, ...]


def _values(params: Mapping[str, list[str]], name: str) -> list[str]:
    values = []
    for raw in params.get(name, []):
        values.extend(part.strip() for part in str(raw).split(",") if part.strip())
    return list(dict.fromkeys(values))  # keep order, drop repeats


def parse(params: Mapping[str, list[str]], options: Options, language: str | None = None) -> Filters:
    """Filters from URL query parameters; what is not a known value is left out with a notice."""
    requested_language = (_values(params, "lang") or ["en"])[0]
    lang = language or (requested_language if requested_language in LANGUAGES else "en")
    notices = []
    if requested_language not in LANGUAGES:
        notices.append(text("notice_unknown", lang, value=requested_language[:40], name="lang"))
    chosen: dict[str, tuple[str, ...]] = {}
    for name in LIST_NAMES:
        allowed = getattr(options, name)
        kept = []
        for value in _values(params, name):
            if value in allowed:
                kept.append(value)
            else:
                notices.append(text("notice_unknown", lang, value=value[:40], name=name))
        chosen[name] = tuple(kept)
    query = " ".join(" ".join(params.get("q", [])).split())
    if len(query.split()) > MAX_SEARCH_WORDS:
        query = " ".join(query.split()[:MAX_SEARCH_WORDS])
        notices.append(text("notice_many_words", lang, limit=MAX_SEARCH_WORDS))
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
        notices.append(text("notice_long_query", lang, limit=MAX_QUERY_CHARS))
    return Filters(q=query, lang=lang, notices=tuple(notices), **chosen)
