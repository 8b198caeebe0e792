"""Overview: headline figures and the distribution charts; a click on a bar or cell filters to it."""

import streamlit as st

from tracker.app import charts, ui
from tracker.app.i18n import text
from tracker.analysis.overview import count_and_share, headline
from tracker.app.views import audience_note, empty_message, mix_names, selected_filter

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
columns = st.columns([1, 1.1, 1, 1.4, 1, 1.2])
columns[0].metric(text("metric_documents", language), figures["documents"])
columns[1].metric(text("metric_recommendations", language), figures["recommendations"])
for column, approach in zip(columns[2:], labels.ids("approaches")):
    column.metric(labels.name(approach, language), count_and_share(figures, approach))

st.caption(text("reviewed_share", language, reviewed=figures["reviewed"], total=figures["recommendations"]))
st.caption(text("chart_click_hint", language))


def chart(figure: dict, key: str, filter_name: str, title: str) -> None:
    """A chart under its title whose bars or cells, when clicked, filter everything to what they show."""

    def filter_to_click() -> None:
        chosen = selected_filter(st.session_state[key], filter_name)
        if chosen:
            ui.set_filter(**chosen)

    st.markdown(f"##### {title}")
    st.plotly_chart(figure, key=key, on_select=filter_to_click, selection_mode="points", config={"displayModeBar": False})


chart(charts.audience_approach_bars(counts, labels, language), "bars", "audience", text("chart_audience_approach", language))
if note := audience_note(figures, language):
    st.caption(note)
chart(charts.audience_approach_heatmap(counts, labels, language), "grid", "audience", text("chart_heatmap", language))

names = mix_names(by_document, language)
for mix, column, filter_name, title in (
    (by_document, "document_id", "doc", text("chart_by_document", language, count=TOP_DOCUMENTS)),
    (by_platform, "platform", "platform", text("chart_by_platform", language)),
    (by_year, "year", "year", text("chart_by_year", language)),
):
    if mix:
        chart(charts.approach_mix(mix, column, names, labels, language), f"mix_{filter_name}", filter_name, title)
