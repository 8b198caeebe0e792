"""Audience profile: what the documents in view ask of one audience, its approach shares,
themes ranked by documents, and recommendations grouped where several documents ask the same."""

from datetime import date

import streamlit as st

from tracker.analysis import brief, brief_files, export
from tracker.analysis.accuracy import load_accuracy
from tracker.analysis.citation import cite
from tracker.analysis.overview import count_and_share
from tracker.app import render, ui
from tracker.store import database
from tracker.app.i18n import text
from tracker.app.profiles import audience_profile
from tracker.app.views import empty_message

filters = st.session_state["filters"]
language = filters.lang
labels = ui.labels()
audiences = labels.ids("audiences")


def follow_choice() -> None:
    """The profile is of one audience: the filter (and the link) follow the choice."""
    ui.set_filter(audience=[st.session_state["profile_audience"]])


# With several audiences in the filter, the profile is of the first (audience not identified
# has no profile: no one is asked).
st.session_state["profile_audience"] = next((audience for audience in filters.audience if audience in audiences), None)
chosen = st.columns([2, 3])[0].selectbox(text("filter_audience", language), audiences, key="profile_audience", on_change=follow_choice,
                      format_func=lambda value: labels.name(value, language), placeholder=text("audience_choose", language))
if chosen is None:
    st.info(text("audience_choose_hint", language))
    st.stop()

name = labels.name(chosen, language)
profile = audience_profile(chosen, filters.sql_params())
figures = profile.figures
st.header(text("audience_title", language, audience=name))
if not figures["recommendations"]:
    st.info(empty_message(filters))
    st.stop()
columns = st.columns(6)
columns[0].metric(text("audience_documents", language), figures["documents"])
columns[1].metric(text("metric_recommendations", language), figures["recommendations"])
for column, approach in zip(columns[2:], labels.ids("approaches")):
    column.metric(labels.name(approach, language), count_and_share(figures, approach))
st.caption(text("reviewed_share", language, reviewed=figures["reviewed"], total=figures["recommendations"]))
st.caption(text("convergence_note", language, threshold=f"{profile.threshold:.2f}"))
if profile.left_ungrouped:
    st.warning(text("profile_cap", language, grouped=profile.grouped, total=figures["recommendations"]))

# The brief is written when a button is clicked (Streamlit runs the callable then).
chart_rows = ui.rows("audience_approach_counts", **{**filters.sql_params(), "audience": []})
brief_inputs = (profile, chart_rows, labels, filters, ui.document_names(list(filters.doc), language), ui.build_info(),
                load_accuracy(database.default_data_dir() / "accuracy.json"), lambda key, **values: text(key, language, **values), date.today())
left, right, _ = st.columns([1, 1, 3])
left.download_button(text("brief_docx", language), lambda: brief_files.docx_bytes(brief.build(*brief_inputs)),
                     export.file_name("brief", filters, "docx", date.today()),
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", icon=":material/description:")
right.download_button(text("brief_pdf", language), lambda: brief_files.pdf_bytes(brief.build(*brief_inputs)),
                      export.file_name("brief", filters, "pdf", date.today()), "application/pdf", icon=":material/picture_as_pdf:")


def member(row: dict) -> None:
    st.html(render.profile_member(row, labels, language, cite(row, row.get("page"), language)))


st.subheader(text("themes_ranked", language))
for theme in profile.themes:
    theme_name = labels.name(theme.theme, language) if theme.theme else text("no_theme", language)
    with st.expander(text("theme_heading", language, theme=theme_name, documents=theme.documents, recommendations=theme.recommendations),
                     expanded=bool(theme.convergent)):
        for group in theme.convergent:
            with st.container(border=True):
                heading = (text("group_heading_summary", language, count=group.documents, audience=name, summary=group.summary) if group.summary
                           else text("group_heading_words", language, count=group.documents, audience=name, words=", ".join(group.shared_words)))
                st.html(render.group_heading(heading))
                for row in group.members:
                    member(row)
        single = [group for group in theme.groups if group.documents == 1]
        if single:
            st.caption(text("asked_by_one", language, count=sum(len(group.members) for group in single)))
            for group in single:
                for row in group.members:
                    member(row)
