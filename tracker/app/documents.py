"""Plain functions behind the sources page."""

from tracker.analysis.labels import Labels
from tracker.app.i18n import text

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
    """The document's metadata as (field, value) rows; unstated fields say so."""
    return [(text(f"field_{name}", language), _shown(document[name], language)) for name in METADATA_FIELDS]


def overview_table(documents: list[dict], labels: Labels, language: str) -> list[dict]:
    """One row per document: citation fields, how many recommendations, and their approach mix."""
    table = []
    for row in documents:
        entry = {
            text("field_title", language): document_label(row, language),
            text("field_institution", language): _shown(row["institution"], language),
            text("field_city", language): _shown(row["city"], language),
            text("field_year", language): _shown(row["year"], language),
            text("field_platforms", language): _shown(row["platforms"], language),
            text("metric_recommendations", language): row["recommendations"],
        }
        for approach in labels.ids("approaches"):
            entry[labels.name(approach, language)] = row[approach]
        table.append(entry)
    return table
