"""Review: a queue ordered by need; change tags, split, merge, reject, summarise, mark reviewed; see the audit trail."""

import streamlit as st

from tracker.app import editing, render, ui
from tracker.store import curation
from tracker.app.i18n import text

filters = st.session_state["filters"]
language = filters.lang
editor = ui.require_editor(language)
labels = ui.labels()
ui.flash()

queue = ui.rows("review_queue", **filters.sql_params(), limit=500)
if not queue:
    st.info(text("queue_empty", language))
    st.stop()


def describe(row: dict) -> str:
    flag = "⚑ " if row["needs_review"] else "✓ " if row["status"] == "accepted" else ""
    return f"{flag}{row['confidence']:.2f} · {row['text'][:90]}"


by_id = {row["id"]: row for row in queue}
chosen = st.selectbox(text("queue", language, count=len(queue)), list(by_id), format_func=lambda value: describe(by_id[value]), key="review_choice")
target = editing.seen_target(chosen)
editing.conflict_box(chosen, labels, language)
if target is None:  # split or merged away by another editor a moment ago
    st.stop()
st.html(render.tag_line(target.current["audiences"], target.current["approach"], labels, language)
        + render.quote(target.text, [], labels.colour(target.current["approach"])))


with st.form(f"review_{chosen}"):
    audiences = st.multiselect(text("filter_audience", language), labels.ids("audiences"), default=target.current["audiences"],
                               format_func=lambda value: labels.name(value, language))
    approach = st.selectbox(text("filter_approach", language), labels.ids("approaches"),
                            index=labels.ids("approaches").index(target.current["approach"]),
                            format_func=lambda value: labels.name(value, language))
    themes = st.multiselect(text("themes", language), labels.ids("themes"), default=target.current["themes"],
                            format_func=lambda value: labels.name(value, language))
    summary = st.text_area(text("summary_en", language), value=target.current["summary_en"] or "")
    note = st.text_input(text("note", language))
    if st.form_submit_button(text("mark_reviewed", language), type="primary"):
        mine = curation.Tagging(tuple(audiences), approach, tuple(themes), summary.strip())
        editing.save(curation.review, target, mine, editor, note, language=language,
                     on_top=editing.review_on_top(target, mine, editor, note))

left, middle, right = st.columns(3)
with left.form(f"reject_{chosen}"):
    reject_note = st.text_input(text("note", language), key=f"reject_note_{chosen}")
    if st.form_submit_button(text("reject", language)):
        editing.save(curation.reject, target, editor, reject_note, language=language)
with middle.form(f"split_{chosen}"):
    words = st.text_input(text("split_before", language), key=f"split_words_{chosen}")
    if st.form_submit_button(text("split", language)):
        cut = target.text.find(words.strip()) if words.strip() else -1
        if cut <= 0:
            st.error(text("not_saved", language, reason=f"'{words.strip()}' is not inside the text after its start"))
        else:
            editing.save(curation.split, target, cut, editor, "", language=language)
with right.form(f"merge_{chosen}"):
    neighbours = {row["id"]: row for row in ui.rows("document_neighbours", document_id=chosen.split(":")[0], id=chosen)}
    other = st.selectbox(text("merge_with", language), list(neighbours), format_func=lambda value: neighbours[value]["text"][:70]) if neighbours else None
    if st.form_submit_button(text("merge", language), disabled=not neighbours):
        editing.save(curation.merge, target, ui.target(other), editor, "", language=language)

editing.metadata_form(target.document_id, editor, language)

st.subheader(text("audit_trail", language))
trail = ui.rows("audit_for_recommendation", id=chosen)
if trail:
    st.dataframe(trail, hide_index=True, width="stretch")
else:
    st.caption(text("no_audit", language))
