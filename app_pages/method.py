"""Method: what each label means in English and Indonesian, how tags are made, how to read the charts, the limits."""

import streamlit as st

from tracker.analysis import agreement
from tracker.app import ui
from tracker.app.i18n import text

filters = st.session_state["filters"]
language = filters.lang
labels = ui.labels()

st.header(text("method_labels", language))
for kind in ("audiences", "approaches", "themes"):
    st.subheader(text(f"method_{kind}", language))
    # A static table wraps long definitions instead of cutting them off.
    st.table(
        [
            {
                "id": row["id"],
                "English": row["name_en"],
                "Bahasa Indonesia": row["name_id"],
                text("definition", language): row[f"definition_{language}"],
            }
            for row in labels.rows
            if row["kind"] == kind
        ]
    )
st.header(text("method_how", language))
st.text(text("method_how_text", language))
st.header(text("method_charts", language))
st.text(text("method_charts_text", language))
st.header(text("method_limits", language))
st.text(text("method_limits_text", language))
st.header(text("agreement", language))
approach = agreement.approach_summary(ui.rows("agreement_approach"))
if not approach["n"]:
    st.caption(text("agreement_none", language))
else:
    st.write(text("agreement_intro", language, count=approach["n"]))
    labelled = agreement.label_summaries(ui.rows("agreement_labels"))

    def shown(value):
        return text("kappa_undefined", language) if value is None else f"{value:.2f}"

    st.dataframe(
        [{text("agreement_field", language): text("filter_approach", language), text("accuracy", language): shown(approach["accuracy"]),
          text("kappa", language): shown(approach["kappa"])}]
        + [{text("agreement_field", language): text(f"method_{kind}", language), text("accuracy", language): shown(table[0]["accuracy"]),
            text("kappa", language): shown(table[0]["kappa"])} for kind, table in labelled.items()],
        hide_index=True,
    )
    st.caption(text("confusion", language))
    names = [labels.name(value, language) for value in labels.ids("approaches")]
    st.dataframe(
        [{"": labels.name(engine, language), **{name: approach["pairs"].get((engine, reviewed), 0) for name, reviewed in zip(names, labels.ids("approaches"))}}
         for engine in labels.ids("approaches")],
        hide_index=True,
    )
    for kind, table in labelled.items():
        st.caption(text(f"method_{kind}", language))
        st.dataframe([{**row, "label": labels.name(row["label"], language) if row["label"] != "all" else "all",
                       "accuracy": shown(row["accuracy"]), "kappa": shown(row["kappa"])} for row in table], hide_index=True)
    st.caption(text("detection", language))
    st.dataframe(ui.rows("agreement_detection"), hide_index=True)
info = {row["key"]: row["value"] for row in ui.rows("build_info")}
st.caption(text("built_at", language, when=info.get("built_at", "?")))
