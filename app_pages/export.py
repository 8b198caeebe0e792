"""Export: the filtered recommendations as CSV, Excel or Parquet, with citations, summaries,
review status and label names; the codebook and the audit trail."""

from datetime import date

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
    labels, info = ui.labels(), ui.build_info()
    titles = ui.document_names(list(filters.doc), language)
    columns = st.columns(3)
    for column, kind, label in zip(columns, export.FORMATS, ("export_csv", "export_excel", "export_parquet")):
        name, data = export.export_file(kind, rows, labels, filters, titles, info, lambda key, **v: text(key, language, **v), date.today())
        column.download_button(text(label, language), data, name, export.FORMATS[kind])
    st.caption(text("export_columns", language))
else:
    st.info(empty_message(filters))

st.subheader(text("export_codebook", language))
columns = st.columns(3)
columns[0].download_button(text("export_codebook_yaml", language), CODEBOOK_PATH.read_bytes(), "codebook.yaml", "application/x-yaml")
columns[1].download_button(text("export_codebook_csv", language), export.csv_bytes(list(ui.labels().rows)), "labels.csv", "text/csv")
audit = ui.rows("audit_export")
columns[2].download_button(text("export_audit", language), export.csv_bytes(audit) if audit else b"", "audit.csv", "text/csv", disabled=not audit)
