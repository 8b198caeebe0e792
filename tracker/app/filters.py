"""Dashboard filters: read from and written to the URL, turned into query parameters.

The URL names are audience, approach, platform, doc, year, q and lang; values are label ids
(or platform names, document ids, years). Several values repeat the name or are separated
by commas. Unknown values are dropped with a notice; the search text only ever reaches SQL
as escaped patterns passed as parameters.
"""

from dataclasses import dataclass
from typing import Mapping

from tracker.app.i18n import LANGUAGES, text
from tracker.app.render import inert
from tracker.engine.morphology import MAX_SEARCH_WORDS
from tracker.store.filters import LIST_NAMES, Filters

MAX_QUERY_CHARS = 200
# A link holds at most this many values per filter, and the page shows at most this many
# notices about what it ignored (a link of 10,000 values must not make 10,000 warnings).
MAX_VALUES = 100
MAX_NOTICES = 5
NOTICE_VALUE_CHARS = 40


@dataclass(frozen=True)
class Options:
    """The values each filter may take."""

    audience: tuple[str, ...]
    approach: tuple[str, ...]
    platform: tuple[str, ...]
    doc: tuple[str, ...]
    year: tuple[str, ...]


def values(params: Mapping[str, list[str]], name: str) -> tuple[list[str], int]:
    """The first MAX_VALUES distinct values of a URL parameter (repeated, or separated by
    commas), and how many more there were."""
    found: dict[str, None] = {}
    extra = 0
    for raw in params.get(name, []):
        for part in str(raw).split(","):
            part = part.strip()
            if not part or part in found:
                continue
            if len(found) < MAX_VALUES:
                found[part] = None
            else:
                extra += 1
    return list(found), extra


def _shortened(value: str) -> str:
    return value if len(value) <= NOTICE_VALUE_CHARS else value[:NOTICE_VALUE_CHARS] + "…"


def parse(params: Mapping[str, list[str]], options: Options, language: str | None = None) -> Filters:
    """Filters from URL query parameters; what is not a known value is left out with a notice.
    Values from the link appear in notices only as inert text (a Markdown code span)."""
    requested_language = (values(params, "lang")[0] or ["en"])[0]
    lang = language or (requested_language if requested_language in LANGUAGES else "en")
    notices = []
    if requested_language not in LANGUAGES:
        notices.append(text("notice_unknown", lang, value=inert(_shortened(requested_language)), name="lang"))
    chosen: dict[str, tuple[str, ...]] = {}
    for name in LIST_NAMES:
        allowed = getattr(options, name)
        requested, extra = values(params, name)
        kept = []
        for value in requested:
            if value in allowed:
                kept.append(value)
            else:
                notices.append(text("notice_unknown", lang, value=inert(_shortened(value)), name=name))
        if extra:
            notices.append(text("notice_many_values", lang, name=name, limit=MAX_VALUES, count=extra))
        chosen[name] = tuple(kept)
    query = " ".join(" ".join(map(str, params.get("q", []))).split())
    if len(query.split()) > MAX_SEARCH_WORDS:
        query = " ".join(query.split()[:MAX_SEARCH_WORDS])
        notices.append(text("notice_many_words", lang, limit=MAX_SEARCH_WORDS))
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
        notices.append(text("notice_long_query", lang, limit=MAX_QUERY_CHARS))
    if len(notices) > MAX_NOTICES:
        notices[MAX_NOTICES - 1:] = [text("notice_more", lang, count=len(notices) - MAX_NOTICES + 1)]
    return Filters(q=query, lang=lang, notices=tuple(notices), **chosen)
