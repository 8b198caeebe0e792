"""Export files an analyst can use: CSV, XLSX and Parquet of the filtered recommendations,
each row with its APA citation, URL, page, section, summary, review status and its labels
as names next to their ids; the XLSX formatted, with the codebook and the filters that
made it; file names that carry the view."""

import io
import re
from collections.abc import Callable
from datetime import date

import pyarrow as pa
import pyarrow.csv
import pyarrow.parquet

from tracker.analysis.citation import cite
from tracker.analysis.labels import Labels
from tracker.store.filters import LIST_NAMES, Filters

# words(key, **values): interface text in the export's language.
Words = Callable[..., str]
FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
# Column: width in the XLSX (characters); long text columns wrap.
COLUMNS = {
    "recommendation_id": 24, "quote": 70, "summary_en": 40, "citation": 60, "in_text_citation": 28, "url": 30,
    "page": 7, "section_heading": 22, "review_status": 18, "audiences": 22, "audience_names": 30, "approach": 16,
    "approach_name": 20, "themes": 26, "theme_names": 34, "confidence": 11, "needs_review": 13, "review_reasons": 30,
    "tag_source_note": 30, "document_id": 24, "document_title": 40, "author": 24, "institution": 26, "city": 14,
    "year": 7, "platforms": 16, "document_file": 26, "start_offset": 12, "end_offset": 12,
}
WRAPPED = {"quote", "summary_en", "citation", "section_heading", "audience_names", "theme_names", "review_reasons",
           "tag_source_note", "document_title", "author", "institution"}
MAX_NAME_PART = 40


def review_status(row: dict, words: Words) -> str:
    if row["tag_source"] == "review":
        return words("status_reviewed")
    return words("status_needs_review") if row["needs_review"] else words("status_machine_only")


def _names(ids: str, labels: Labels, language: str) -> str:
    return "; ".join(labels.name(value, language) for value in ids.split("; ") if value)


def analyst_rows(rows: list[dict], labels: Labels, language: str, words: Words) -> list[dict]:
    """The export's rows, from the export_recommendations query, in COLUMNS order."""
    references: dict[str, str] = {}
    out = []
    for row in rows:
        citation = cite(row, row.get("page"), language)
        references.setdefault(row["document_id"], citation.reference)
        out.append({
            "recommendation_id": row["recommendation_id"],
            "quote": row["text"],
            "summary_en": row["summary_en"],
            "citation": references[row["document_id"]],
            "in_text_citation": citation.in_text,
            "url": row["url"],
            "page": row.get("page"),
            "section_heading": row["section_heading"],
            "review_status": review_status(row, words),
            "audiences": row["audiences"],
            "audience_names": _names(row["audiences"], labels, language),
            "approach": row["approach"],
            "approach_name": labels.name(row["approach"], language),
            "themes": row["themes"],
            "theme_names": _names(row["themes"], labels, language),
            "confidence": round(row["confidence"], 2),
            "needs_review": row["needs_review"],
            "review_reasons": row["review_reasons"],
            "tag_source_note": row["tag_source_note"],
            "document_id": row["document_id"],
            "document_title": row["title"],
            "author": row["author"],
            "institution": row["institution"],
            "city": row["city"],
            "year": row["year"],
            "platforms": row["platforms"],
            "document_file": row["document_file"],
            "start_offset": row["start_offset"],
            "end_offset": row["end_offset"],
        })
    return out


SCHEMA = pa.schema([
    (name, pa.float64() if name == "confidence" else pa.bool_() if name == "needs_review"
     else pa.int64() if name in ("page", "year", "start_offset", "end_offset") else pa.string())
    for name in COLUMNS
])


def table(rows: list[dict], schema: pa.Schema | None = None) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


def csv_bytes(rows: list[dict], schema: pa.Schema | None = None) -> bytes:
    buffer = io.BytesIO()
    pyarrow.csv.write_csv(table(rows, schema), buffer)
    return buffer.getvalue()


def parquet_bytes(rows: list[dict], schema: pa.Schema | None = None) -> bytes:
    buffer = io.BytesIO()
    pyarrow.parquet.write_table(table(rows, schema), buffer)
    return buffer.getvalue()


def filter_rows(filters: Filters, labels: Labels, document_titles: dict[str, str], words: Words) -> list[tuple[str, str]]:
    """Which filters made a view, as (filter, values) in the view's language; "all" for none."""
    language = filters.lang
    named = {
        "audience": lambda value: labels.name(value, language),
        "approach": lambda value: labels.name(value, language),
        "doc": lambda value: document_titles.get(value, value),
    }
    described = []
    for name in LIST_NAMES:
        values = getattr(filters, name)
        shown = "; ".join(named.get(name, str)(value) for value in values) if values else words("filter_all")
        described.append((words(f"filter_{name}"), shown))
    described.append((words("filter_q"), filters.q or "—"))
    return described


def _text_cell(worksheet, value, style=None):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text that starts with = stays text, never a formula
    if style:
        cell.font, cell.alignment = style
    return cell


def excel_bytes(rows: list[dict], labels: Labels, filters_made: list[tuple[str, str]], about: list[tuple[str, str]],
                words: Words) -> bytes:
    """A formatted workbook: the recommendations (column widths, wrapped text, frozen
    header, autofilter), the codebook, and the filters that made it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # Write-only: rows go straight to the file, so memory stays flat for a large export.
    workbook = Workbook(write_only=True)
    header = (Font(bold=True, color="FFFFFF"), Alignment(vertical="top", wrap_text=True))
    wrapped = (Font(), Alignment(vertical="top", wrap_text=True))
    plain = (Font(), Alignment(vertical="top"))

    def sheet(title: str, columns: list[tuple[str, int]], values: list[list], wrap: set[str]):
        from openpyxl.styles import PatternFill

        worksheet = workbook.create_sheet(title)
        for index, (_, width) in enumerate(columns, 1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        worksheet.freeze_panes = "A2"
        last = f"{get_column_letter(len(columns))}{len(values) + 1}"
        worksheet.auto_filter.ref = f"A1:{last}"
        fill = PatternFill("solid", fgColor="1F4E79")
        heading_cells = []
        for name, _ in columns:
            cell = _text_cell(worksheet, name, header)
            cell.fill = fill
            heading_cells.append(cell)
        worksheet.append(heading_cells)
        for row in values:
            worksheet.append([_text_cell(worksheet, value, wrapped if name in wrap else plain)
                              for (name, _), value in zip(columns, row)])

    sheet(words("sheet_recommendations"), list(COLUMNS.items()),
          [[row[name] for name in COLUMNS] for row in rows], WRAPPED)
    codebook_columns = [("kind", 12), ("id", 24), ("name_en", 30), ("name_id", 34), ("definition_en", 70), ("definition_id", 70)]
    sheet(words("sheet_codebook"), codebook_columns,
          [[row[name] for name, _ in codebook_columns] for row in labels.rows], {"definition_en", "definition_id", "name_en", "name_id"})
    sheet(words("sheet_filters"), [(words("sheet_filters_name"), 28), (words("sheet_filters_value"), 80)],
          [list(pair) for pair in filters_made + about], {words("sheet_filters_value")})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _name_part(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:MAX_NAME_PART]


def file_name(stem: str, filters: Filters, extension: str, day: date) -> str:
    """A file name that carries the view: recommendations_app-developers_harm-reduction_2026-11-24.xlsx."""
    parts = [stem]
    for name in LIST_NAMES:
        values = getattr(filters, name)
        if values:
            parts.append("+".join(_name_part(str(value)) for value in values))
    if filters.q:
        parts.append("q-" + _name_part(filters.q))
    if filters.lang != "en":
        parts.append(filters.lang)
    parts.append(day.isoformat())
    return "_".join(part for part in parts if part) + "." + extension


def data_version(build_info: dict) -> str:
    """What the data is: when the database was built and with which codebook."""
    return f"{build_info.get('built_at', '?')[:16].replace('T', ' ')} UTC, codebook v{build_info.get('codebook_version', '?')}"


def export_file(kind: str, query_rows: list[dict], labels: Labels, filters: Filters, document_titles: dict[str, str],
                build_info: dict, words: Words, day: date) -> tuple[str, bytes]:
    """The view's recommendations (rows of the export_recommendations query) as a file of
    one of FORMATS: its name and its bytes."""
    if kind not in FORMATS:
        raise ValueError(f"unknown export format {kind!r}; use {', '.join(FORMATS)}")
    rows = analyst_rows(query_rows, labels, filters.lang, words)
    name = file_name("recommendations", filters, kind, day)
    if kind == "csv":
        return name, csv_bytes(rows, SCHEMA)
    if kind == "parquet":
        return name, parquet_bytes(rows, SCHEMA)
    about = [(words("exported_on"), day.isoformat()), (words("data_version"), data_version(build_info)),
             (words("metric_recommendations"), str(len(rows))), (words("language"), filters.lang)]
    return name, excel_bytes(rows, labels, filter_rows(filters, labels, document_titles, words), about, words)
