"""Method: what each label means in English and Indonesian, how tags are made, how to read the charts, the limits."""

import streamlit as st

from tracker import ui
from tracker.i18n import text

filters = st.session_state["filters"]
language = filters.lang
labels = ui.labels()

st.header(text("method_labels", language))
for kind in ("audiences", "approaches", "themes"):
    st.subheader(text(f"method_{kind}", language))
    st.dataframe(
        [
            {
                "id": row["id"],
                "English": row["name_en"],
                "Bahasa Indonesia": row["name_id"],
                text("definition", language): row[f"definition_{language}"],
            }
            for row in labels.rows
            if row["kind"] == kind
        ],
        hide_index=True,
        width="stretch",
    )
st.header(text("method_how", language))
st.text(text("method_how_text", language))
st.header(text("method_charts", language))
st.text(text("method_charts_text", language))
st.header(text("method_limits", language))
st.text(text("method_limits_text", language))
info = {row["key"]: row["value"] for row in ui.rows("build_info")}
st.caption(text("built_at", language, when=info.get("built_at", "?")))
