"""Plain functions behind the overview and list pages: chart names, chart clicks, empty results."""

from tracker.app.documents import document_label
from tracker.app.i18n import text
from tracker.app.render import inert
from tracker.store.filters import Filters


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
    reason = text("empty_reason_search", filters.lang, q=inert(filters.q)) if filters.q else ""
    return text("empty_result", filters.lang, reason=reason)


def known_tags(current: dict, ids: dict[str, list[str]]) -> tuple[dict, list[str]]:
    """A recommendation's tags split into those the codebook has (audiences, approach or
    None, themes) and those it does not."""
    known = {
        "audiences": [value for value in current["audiences"] if value in ids["audiences"]],
        "approach": current["approach"] if current["approach"] in ids["approaches"] else None,
        "themes": [value for value in current["themes"] if value in ids["themes"]],
    }
    unknown = [value for value in [*current["audiences"], current["approach"], *current["themes"]]
               if value not in {*ids["audiences"], *ids["approaches"], *ids["themes"]}]
    return known, unknown
