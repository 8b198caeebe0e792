"""Review: a queue ordered by need; change tags, split, merge, reject, summarise, mark reviewed; see the audit trail."""

import streamlit as st

from tracker.analysis.citation import cite
from tracker.app import editing, render, ui
from tracker.app.i18n import text
from tracker.app.views import audit_table, known_tags, queue_entry
from tracker.store import curation

CONTEXT_CHARS = 700

filters = st.session_state["filters"]
language = filters.lang
editor = ui.require_editor(language)
labels = ui.labels()
ui.flash()

queue = ui.rows("review_queue", **filters.sql_params(), limit=500)
if not queue:
    st.info(text("queue_empty", language))
    st.stop()

by_id = {row["id"]: row for row in queue}
label = text("queue", language, count=len(queue), unidentified=sum(1 for row in queue if not row["audiences"]),
             flagged=sum(1 for row in queue if row["needs_review"]))
chosen = st.selectbox(label, list(by_id), format_func=lambda value: queue_entry(by_id[value], labels, language), key="review_choice",
                      placeholder=text("choose", language))
target = editing.seen_target(chosen)
editing.conflict_box(chosen, labels, language)
if target is None:  # split or merged away by another editor a moment ago
    st.stop()
card = ui.rows("recommendation_card", id=chosen)[0]
with st.container(border=True):
    st.html(render.recommendation_card(card, ui.rows("evidence_for_recommendations", ids=[chosen]), labels, language,
                                       cite(card, card.get("page"), language)))
    if st.toggle(text("show_in_source", language), key=f"review_source_{chosen}"):
        start = max(card["start_offset"] - CONTEXT_CHARS, 0)
        around = ui.rows("passage", document_id=card["document_id"], start=start, length=card["end_offset"] - start + CONTEXT_CHARS)[0]
        st.html(render.passage(around["passage"], around["passage_start"], [(card["start_offset"], card["end_offset"], labels.colour(card["approach"]))]))

# Tags the codebook no longer has are named, and left for the reviewer to replace.
known, unknown = known_tags(target.current, {kind: labels.ids(kind) for kind in ("audiences", "approaches", "themes")})
if unknown:
    st.warning(text("unknown_tags", language, tags=render.inert(", ".join(unknown))))
with st.form(f"review_{chosen}"):
    audiences = st.multiselect(text("filter_audience", language), labels.ids("audiences"), default=known["audiences"],
                               format_func=lambda value: labels.name(value, language), placeholder=text("choose", language))
    approach = st.selectbox(text("filter_approach", language), labels.ids("approaches"),
                            index=labels.ids("approaches").index(known["approach"]) if known["approach"] else None,
                            format_func=lambda value: labels.name(value, language), placeholder=text("choose", language))
    themes = st.multiselect(text("themes", language), labels.ids("themes"), default=known["themes"],
                            format_func=lambda value: labels.name(value, language), placeholder=text("choose", language))
    summary = st.text_area(text("summary_en", language), value=target.current["summary_en"] or "")
    note = st.text_input(text("note", language))
    if st.form_submit_button(text("mark_reviewed", language), type="primary"):
        mine = curation.Tagging(tuple(audiences), approach, tuple(themes), summary.strip())
        editing.save(curation.review, target, mine, editor, note, language=language,
                     on_top=editing.review_on_top(target, mine, editor, note),
                     mine=editing.changed_fields(target.current, {"audiences": audiences, "approach": approach,
                                                                  "themes": themes, "summary_en": summary.strip()}))

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
            st.error(text("not_saved", language, reason=text("split_not_found", language, words=render.inert(words.strip()))))
        else:
            editing.save(curation.split, target, cut, editor, "", language=language)
with right.form(f"merge_{chosen}"):
    neighbours = {row["id"]: row for row in ui.rows("document_neighbours", document_id=chosen.split(":")[0], id=chosen)}
    other = st.selectbox(text("merge_with", language), list(neighbours), format_func=lambda value: neighbours[value]["text"][:70],
                         placeholder=text("choose", language)) if neighbours else None
    if st.form_submit_button(text("merge", language), disabled=not neighbours):
        editing.save(curation.merge, target, ui.target(other), editor, "", language=language)

st.subheader(text("audit_trail", language))
trail = ui.rows("audit_for_recommendation", id=chosen)
if trail:
    st.html(render.table(*audit_table(trail, labels, language)))
else:
    st.caption(text("no_audit", language))
