"""Overview: headline figures and the distribution charts; a click on a bar or cell filters to it."""

import streamlit as st

from tracker import charts, ui
from tracker.i18n import text
from tracker.overview import empty_message, headline, mix_names, selected_point

TOP_DOCUMENTS = 25

filters = st.session_state["filters"]
language = filters.lang
params = filters.sql_params()
labels = ui.labels()

headline_rows, counts, by_document, by_platform, by_year = ui.rows_together(
    ("overview_headline", params),
    ("audience_approach_counts", params),
    ("approach_by_document", {**params, "limit": TOP_DOCUMENTS}),
    ("approach_by_platform", params),
    ("approach_by_year", params),
)
figures = headline(headline_rows[0])
if figures["recommendations"] == 0:
    st.info(empty_message(filters))
columns = st.columns(4)
columns[0].metric(text("metric_documents", language), figures["documents"])
columns[1].metric(text("metric_recommendations", language), figures["recommendations"])
columns[2].metric(text("metric_punitive", language), f"{figures['punitive_share']:.0%}", help=str(figures["punitive"]))
columns[3].metric(text("metric_harm_reduction", language), f"{figures['harm_reduction_share']:.0%}", help=str(figures["harm_reduction"]))

st.caption(text("chart_click_hint", language))


def filter_to_click(chart_key: str) -> None:
    point = selected_point(st.session_state[chart_key])
    if point:
        ui.set_filter(audience=[point[0]], approach=[point[1]])


st.plotly_chart(charts.audience_approach_bars(counts, labels, language), key="bars", on_select=lambda: filter_to_click("bars"),
                selection_mode="points", config={"displayModeBar": False})
st.plotly_chart(charts.audience_approach_heatmap(counts, labels, language), key="grid", on_select=lambda: filter_to_click("grid"),
                selection_mode="points", config={"displayModeBar": False})

names = mix_names(by_document, language)
for mix, key, title in (
    (by_document, "document_id", text("chart_by_document", language, count=TOP_DOCUMENTS)),
    (by_platform, "platform", text("chart_by_platform", language)),
    (by_year, "year", text("chart_by_year", language)),
):
    if mix:
        st.plotly_chart(charts.approach_mix(mix, key, names, labels, language, title), config={"displayModeBar": False})
