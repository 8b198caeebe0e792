"""Plain functions behind the overview and list pages: chart names, chart clicks, empty results."""

from tracker.app.documents import document_label
from tracker.app.i18n import LANGUAGES, text
from tracker.store.filters import NO_AUDIENCE, Filters


def mix_names(document_rows: list[dict], language: str) -> dict:
    """Display names for the categories of the approach-mix charts."""
    documents = {row["document_id"]: document_label({**row, "id": row["document_id"]}, language) for row in document_rows}
    return {**documents, None: text("year_not_stated", language), "(not stated)": text("platform_not_stated", language)}


def selected_filter(event, filter_name: str) -> dict[str, list[str]] | None:
    """The filters a click on a chart asks for: its category (audience, doc, platform or
    year) and its approach; None for no click or a category that cannot be filtered on."""
    points = (event or {}).get("selection", {}).get("points", [])
    for point in points:
        data = point.get("customdata")
        if not isinstance(data, (list, tuple)) or len(data) < 2:
            continue
        value, approach = data[-2], data[-1]
        if value is None or value == "(not stated)":
            return None
        return {filter_name: [str(value)], "approach": [str(approach)]}
    return None


def empty_message(filters: Filters) -> str:
    reason = text("empty_reason_search", filters.lang, q=filters.q) if filters.q else ""
    return text("empty_result", filters.lang, reason=reason)


def no_audience_label() -> dict:
    """A label row for recommendations with no audience identified, so charts, chips and the
    filter name them like any audience (it is not in the codebook: no one is addressed)."""
    return {
        "kind": "audience_none", "id": NO_AUDIENCE, "position": -1, "colour": "#777777",
        **{f"{field}_{language}": text(f"audience_none{suffix}", language)
           for field, suffix in (("name", ""), ("definition", "_definition")) for language in LANGUAGES},
    }


def audience_note(figures: dict, language: str) -> str:
    """How the audience chart's bars relate to the headline count."""
    return text("audience_note", language, total=figures["recommendations"], several=figures["several_audiences"],
                none=figures["no_audience"], none_name=text("audience_none", language))
