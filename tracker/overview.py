"""Plain functions behind the overview page."""

from tracker.filters import Filters
from tracker.i18n import text
from tracker.sources import document_label


def headline(row: dict) -> dict:
    """The headline counts with the punitive and harm-reduction shares of all recommendations."""
    total = row["recommendations"]
    return {
        **row,
        "punitive_share": row["punitive"] / total if total else 0.0,
        "harm_reduction_share": row["harm_reduction"] / total if total else 0.0,
    }


def mix_names(document_rows: list[dict], language: str) -> dict:
    """Display names for the categories of the approach-mix charts."""
    documents = {row["document_id"]: document_label({**row, "id": row["document_id"]}, language) for row in document_rows}
    return {**documents, None: text("year_not_stated", language), "(not stated)": text("platform_not_stated", language)}


def selected_point(event) -> tuple[str, str] | None:
    """The (audience, approach) ids of a clicked bar or grid cell, if any."""
    points = (event or {}).get("selection", {}).get("points", [])
    for point in points:
        data = point.get("customdata")
        if isinstance(data, (list, tuple)) and len(data) == 2:
            return str(data[0]), str(data[1])
    return None


def empty_message(filters: Filters) -> str:
    reason = text("empty_reason_search", filters.lang, q=filters.q) if filters.q else ""
    return text("empty_result", filters.lang, reason=reason)
