"""Method: what each label means in English and Indonesian, how tags are made, how to read the charts, the limits,
and how accurate the engine is: measured on a held-out corpus, and against reviewers."""

import streamlit as st

from tracker.analysis import agreement
from tracker.analysis.accuracy import load_accuracy
from tracker.app import render, ui
from tracker.app.i18n import text
from tracker.app.views import accuracy_table, agreement_tables
from tracker.store import database
from tracker.store.filters import NO_AUDIENCE

filters = st.session_state["filters"]
language = filters.lang
labels = ui.labels()

st.header(text("method_labels", language))
# A glossary in both languages: ids and English names are shown as they are, whatever the interface language.
header = ["ID", text("name_en", language), text("name_id", language), text("definition", language)]
for kind in ("audiences", "approaches", "themes"):
    st.subheader(text(f"method_{kind}", language))
    ids = labels.ids(kind) + ([NO_AUDIENCE] if kind == "audiences" else [])
    st.html(render.table(header, [[label, labels.name(label, "en"), labels.name(label, "id"), labels.definition(label, language)] for label in ids],
                         data=(0, 1)))
st.header(text("method_how", language))
st.text(text("method_how_text", language))
st.header(text("method_charts", language))
st.text(text("method_charts_text", language))
st.header(text("method_limits", language))
st.text(text("method_limits_text", language))

st.header(text("accuracy_heading", language))
measured = load_accuracy(database.default_data_dir() / "accuracy.json")
if measured is None:
    st.info(text("accuracy_not_measured", language))
else:
    st.write(text("accuracy_intro", language, date=measured["measured_on"]))
    st.html(render.table(*accuracy_table(measured, language), right=(1, 2, 3, 4, 5, 6)))

st.header(text("agreement", language))
approach = agreement.approach_summary(ui.rows("agreement_approach"))
if not approach["n"]:
    st.caption(text("agreement_none", language))
else:
    st.write(text("agreement_intro", language, count=approach["n"]))
    for caption, (table_header, table_rows) in agreement_tables(approach, agreement.label_summaries(ui.rows("agreement_labels")),
                                                               ui.rows("agreement_detection"), labels, language):
        if caption:
            st.caption(caption)
        st.html(render.table(table_header, table_rows, right=tuple(range(1, len(table_header)))))
info = {row["key"]: row["value"] for row in ui.rows("build_info")}
st.caption(text("built_at", language, when=info.get("built_at", "?")))
