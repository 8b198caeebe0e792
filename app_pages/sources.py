"""Sources: every document with its metadata and mix, and its text with the recommendations highlighted."""

import math

import streamlit as st

from tracker.app import editing, render, ui
from tracker.app.i18n import text
from tracker.app.documents import document_label, metadata_rows, overview_table

filters = st.session_state["filters"]
language = filters.lang
labels = ui.labels()

PAGE_SIZE = 50

params = filters.sql_params()
total = ui.rows("documents_count", platform=params["platform"], doc=params["doc"], year=params["year"])[0]["documents"]
if not total:
    st.info(text("empty_result", language, reason=""))
    st.stop()
pages = math.ceil(total / PAGE_SIZE)
page = st.number_input(text("page_number", language), min_value=1, max_value=pages, step=1, key="sources_page") if pages > 1 else 1
documents = ui.rows("documents_overview", **params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
st.caption(text("documents_page", language, first=(page - 1) * PAGE_SIZE + 1, last=(page - 1) * PAGE_SIZE + len(documents), total=total))
st.html(overview_table(documents, labels, language))

names = {row["id"]: document_label(row, language) for row in documents}
chosen = st.selectbox(text("choose_document", language), list(names), format_func=names.get, key="source_document",
                      placeholder=text("choose", language))
document = next(row for row in documents if row["id"] == chosen)
st.subheader(text("metadata", language))
st.html(render.table(None, metadata_rows(document, language), data=(1,)))
ui.flash()
if ui.editor():
    editing.conflict_box(chosen, labels, language)
    editing.metadata_form(chosen, ui.editor(), language)
spans = ui.rows("document_recommendation_spans", document_id=chosen)
if not spans:
    st.info(text("no_recommendations_in_document", language))
st.subheader(text("document_text", language))
st.html(render.document_text(ui.readable_document(chosen, [(span["start_offset"], span["end_offset"], labels.colour(span["approach"])) for span in spans])))
