"""Plain functions behind the sources page."""

from tracker.analysis.labels import Labels
from tracker.app.i18n import LANGUAGES, text
from tracker.engine.layout import Paragraph, paragraphs

METADATA_FIELDS = ("title", "author", "institution", "city", "year", "platforms", "discipline", "method", "language", "part", "file")


def document_label(document: dict, language: str) -> str:
    """The document's title; for an untitled one, what is known of it and its id."""
    if document.get("title"):
        return document["title"]
    known = [", ".join(document.get("platforms") or []), document.get("city"), document.get("institution")]
    details = " · ".join(part for part in known if part)
    return f"{text('untitled', language)} {document['id'][:3]}" + (f" ({details})" if details else "")


def _shown(value, language: str) -> str:
    if value is None or value == "" or value == []:
        return text("not_stated", language)
    return ", ".join(value) if isinstance(value, list) else str(value)


def metadata_rows(document: dict, language: str) -> list[tuple[str, str]]:
    """The document's metadata as (field, value) pairs; unstated fields say so."""
    values = {**document, "language": LANGUAGES.get(document["language"], document["language"])}
    return [(text(f"field_{name}", language), _shown(values[name], language)) for name in METADATA_FIELDS]


def overview_table(documents: list[dict], labels: Labels, language: str) -> str:
    """One row per document: citation fields, how many recommendations, and their approach
    mix as a small bar, as an HTML table that wraps to the page's width."""
    from tracker.app.render import mix_bar, table

    header = [text(key, language) for key in ("field_title", "field_institution", "field_city", "field_year", "field_platforms",
                                               "metric_recommendations", "approach_mix")]
    rows = [
        [document_label(row, language), _shown(row["institution"], language), _shown(row["city"], language),
         _shown(row["year"], language), _shown(row["platforms"], language), row["recommendations"],
         mix_bar([(labels.name(approach, language), row[approach], labels.colour(approach)) for approach in labels.ids("approaches")])]
        for row in documents
    ]
    return table(header, rows, right=(5,), raw=(6,), data=(0, 1, 2, 4))


def _clean_position(paragraph: Paragraph, raw: int) -> int:
    """The first position in the paragraph's cleaned text at or after ``raw`` in the text as read."""
    low, high = 0, len(paragraph.text)
    while low < high:
        middle = (low + high) // 2
        if paragraph.offsets.to_raw(middle) < raw:
            low = middle + 1
        else:
            high = middle
    return low


def readable_paragraphs(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """The document as the engine reads it: cleaned paragraphs (lines joined, page furniture
    dropped), each as (kind, text, spans), where the (start, end, colour) spans given in
    offsets of the text as read are moved into the paragraph's cleaned text."""
    shown = []
    for paragraph in paragraphs(text):
        if paragraph.kind == "toc":
            continue
        inside = [
            (_clean_position(paragraph, max(start, paragraph.start)), _clean_position(paragraph, min(end, paragraph.end)), colour)
            for start, end, colour in spans if start < paragraph.end and end > paragraph.start
        ]
        shown.append(("heading" if paragraph.kind == "heading" else "text", paragraph.text, inside))
    return shown
