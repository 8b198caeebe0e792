"""Plain functions behind the overview and list pages: chart names, chart clicks, empty results."""

import json

from tracker.analysis.accuracy import FIGURES
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
    """How the audience chart's bars relate to the headline count; empty when every
    recommendation has exactly one audience."""
    parts = []
    if figures["several_audiences"]:
        parts.append(text("audience_note_several", language, count=figures["several_audiences"]))
    if figures["no_audience"]:
        parts.append(text("audience_note_none", language, count=figures["no_audience"], name=text("audience_none", language)))
    return text("audience_note", language, total=figures["recommendations"], parts="; ".join(parts)) if parts else ""


def _audit_value(raw: str | None, field: str, labels, language: str) -> str:
    """An audit value (JSON text) for people: label names, lists as text, nothing as a dash."""
    value = json.loads(raw) if raw else None
    if value is None or value == [] or value == "":
        return "—"
    if field in ("audiences", "approach", "themes"):
        return ", ".join(labels.name(item, language) for item in (value if isinstance(value, list) else [value]))
    if field == "status":
        return text(f"status_{value}", language)
    if field == "span":  # [start, end], or a list of them
        spans = value if isinstance(value[0], list) else [value]
        return ", ".join(f"{start}–{end}" for start, end in spans)
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def audit_table(rows: list[dict], labels, language: str) -> tuple[list[str], list[list[str]]]:
    """The audit trail as a header and rows in the interface language."""
    header = [text(f"audit_{column}", language) for column in ("changed_at", "editor", "action", "field", "old_value", "new_value", "note")]
    return header, [
        [row["changed_at"].replace("T", " ")[:16], row["editor"], text(f"action_{row['action']}", language),
         text(f"field_{row['field']}", language), _audit_value(row["old_value"], row["field"], labels, language),
         _audit_value(row["new_value"], row["field"], labels, language), row["note"] or ""]
        for row in rows
    ]


def queue_entry(row: dict, labels, language: str) -> str:
    """One line of the review queue: why it is where it is (no audience, needs review,
    reviewed), its confidence and the start of its text."""
    flag = "∅ " if not row["audiences"] else "⚑ " if row["needs_review"] else "✓ " if row["status"] == "accepted" else ""
    audiences = ", ".join(labels.name(audience, language) for audience in row["audiences"]) or labels.name(NO_AUDIENCE, language)
    return f"{flag}{row['confidence']:.2f} · {audiences} · {row['text'][:80]}"


def accuracy_table(measured: dict, language: str) -> tuple[list[str], list[list]]:
    """The measured accuracy (see tracker.analysis.accuracy) as a header and two rows: the
    held-out part first (never used to tune the rules), then the whole corpus."""
    header = ["", text("metric_documents", language), text("metric_recommendations", language)] + [
        text(f"accuracy_{figure}", language) for figure in FIGURES]
    return header, [
        [text(f"accuracy_{part}", language), measured[part]["documents"], measured[part]["recommendations"]]
        + [f"{measured[part][figure]:.0%}" for figure in FIGURES]
        for part in ("held_out", "corpus")
    ]


def _shown_figure(value: float | None, language: str) -> str:
    return text("kappa_undefined", language) if value is None else f"{value:.2f}"


def agreement_tables(approach: dict, labelled: dict, detection: list[dict], labels, language: str) -> list[tuple[str, tuple[list[str], list[list]]]]:
    """The agreement figures as (caption, (header, rows)) tables in the interface language:
    the summary per field, the approach confusion matrix, a table per kind of label, and
    what reviewers did with the engine's recommendations."""
    tables = [("", (
        [text("agreement_field", language), text("accuracy", language), text("kappa", language)],
        [[text("filter_approach", language), _shown_figure(approach["accuracy"], language), _shown_figure(approach["kappa"], language)]]
        + [[text(f"method_{kind}", language), _shown_figure(table[0]["accuracy"], language), _shown_figure(table[0]["kappa"], language)]
           for kind, table in labelled.items()],
    ))]
    approaches = labels.ids("approaches")
    tables.append((text("confusion", language), (
        [""] + [labels.name(reviewed, language) for reviewed in approaches],
        [[labels.name(engine, language)] + [approach["pairs"].get((engine, reviewed), 0) for reviewed in approaches] for engine in approaches],
    )))
    columns = ("both", "engine_only", "reviewer_only", "neither")
    for kind, table in labelled.items():
        tables.append((text(f"method_{kind}", language), (
            [text("agreement_label", language)] + [text(f"agreement_{column}", language) for column in columns]
            + [text("accuracy", language), text("kappa", language)],
            [[text("agreement_all", language) if row["label"] == "all" else labels.name(row["label"], language)]
             + [row[column] for column in columns] + [_shown_figure(row["accuracy"], language), _shown_figure(row["kappa"], language)]
             for row in table],
        )))
    tables.append((text("detection", language), (
        [text("agreement_outcome", language), text("metric_recommendations", language)],
        [[text(f"outcome_{row['outcome']}", language), row["recommendations"]] for row in detection],
    )))
    return tables
