"""Export files from query rows: CSV, Excel and Parquet."""

import io

import pyarrow as pa
import pyarrow.csv
import pyarrow.parquet



def table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows)


def csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    pyarrow.csv.write_csv(table(rows), buffer)
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
