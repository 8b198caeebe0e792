"""Recommendations: the filtered list, a page at a time, each quote with its evidence and citation."""

import math

import streamlit as st

from tracker.analysis.citation import cite
from tracker.app import render, ui
from tracker.app.i18n import text
from tracker.app.views import empty_message

PAGE_SIZE = 20
CONTEXT_CHARS = 700

filters = st.session_state["filters"]
language = filters.lang
params = filters.sql_params()
labels = ui.labels()

total = ui.rows("recommendations_count", **params)[0]["recommendations"]
if total == 0:
    st.info(empty_message(filters))
    st.stop()

pages = math.ceil(total / PAGE_SIZE)
if st.session_state.get("list_filters") != filters:
    st.session_state["list_filters"] = filters
    st.session_state["list_page"] = 1
page = st.number_input(text("page_number", language), min_value=1, max_value=pages, step=1, key="list_page") if pages > 1 else 1
first = (page - 1) * PAGE_SIZE
shown = ui.rows("recommendations_page", **params, limit=PAGE_SIZE, offset=first)
st.caption(text("showing", language, first=first + 1, last=first + len(shown), total=total))

evidence = ui.rows("evidence_for_recommendations", ids=[row["id"] for row in shown])
for row in shown:
    citation = cite(row, row.get("page"), language)
    with st.container(border=True):
        st.html(render.recommendation_card(row, [item for item in evidence if item["recommendation_id"] == row["id"]], labels, language, citation))
        # st.code carries a copy button: the in-text citation, then the reference.
        st.code(f"{citation.in_text}\n{citation.reference}", language=None, wrap_lines=True)
        if st.toggle(text("show_in_source", language), key=f"source_{row['id']}"):
            start = max(row["start_offset"] - CONTEXT_CHARS, 0)
            around = ui.rows("passage", document_id=row["document_id"], start=start, length=row["end_offset"] - start + CONTEXT_CHARS)[0]
            st.html(render.passage(around["passage"], around["passage_start"], [(row["start_offset"], row["end_offset"], labels.colour(row["approach"]))]))
