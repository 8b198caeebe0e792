"""Export: the filtered recommendations as CSV, Excel and Parquet with citation columns, and the codebook."""

import streamlit as st

from tracker.analysis import export
from tracker.app import ui
from tracker.engine.codebook import CODEBOOK_PATH
from tracker.app.i18n import text
from tracker.app.views import empty_message

filters = st.session_state["filters"]
language = filters.lang

rows = ui.rows("export_recommendations", **filters.sql_params())
if rows:
    st.write(text("export_intro", language, count=len(rows)))
    columns = st.columns(3)
    columns[0].download_button(text("export_csv", language), export.csv_bytes(rows), "recommendations.csv", "text/csv")
    columns[1].download_button(
        text("export_excel", language), export.excel_bytes(rows), "recommendations.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    columns[2].download_button(text("export_parquet", language), export.parquet_bytes(rows), "recommendations.parquet", "application/octet-stream")
else:
    st.info(empty_message(filters))

st.subheader(text("export_codebook", language))
columns = st.columns(3)
columns[0].download_button(text("export_codebook_yaml", language), CODEBOOK_PATH.read_bytes(), "codebook.yaml", "application/x-yaml")
columns[1].download_button(text("export_codebook_csv", language), export.csv_bytes(list(ui.labels().rows)), "labels.csv", "text/csv")
audit = ui.rows("audit_export")
columns[2].download_button(text("export_audit", language), export.csv_bytes(audit) if audit else b"", "audit.csv", "text/csv", disabled=not audit)
