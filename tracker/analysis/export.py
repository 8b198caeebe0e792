"""Export files from query rows: CSV, Excel and Parquet."""

import io

import pyarrow as pa
import pyarrow.csv
import pyarrow.parquet

# A spreadsheet opening a CSV runs a cell that starts with one of these as a formula
# (=HYPERLINK(...) becomes a live link): OWASP's "CSV Injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows)


def spreadsheet_safe(value):
    """A text cell no spreadsheet will run: one that starts like a formula gets a leading
    apostrophe, as OWASP advises; numbers and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: list[dict]) -> bytes:
    """Rows as CSV (every text cell quoted), safe to open in a spreadsheet."""
    buffer = io.BytesIO()
    safe = [{column: spreadsheet_safe(value) for column, value in row.items()} for row in rows]
    pyarrow.csv.write_csv(table(safe), buffer)
    return buffer.getvalue()


def parquet_bytes(rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    pyarrow.parquet.write_table(table(rows), buffer)
    return buffer.getvalue()


def excel_bytes(rows: list[dict], sheet: str = "recommendations") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    columns = list(rows[0]) if rows else []
    worksheet.append(columns)
    for row in rows:
        # Text that starts with = or similar is stored as text, never as a formula.
        worksheet.append([row[column] for column in columns])
        for cell in worksheet[worksheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
