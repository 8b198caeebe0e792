"""Saving from the editing pages without losing anyone's change.

A page shows a recommendation (or a document's details) as the editor first saw it and
keeps that version until the editor saves or picks another one: a rerun caused by another
editor's save must not quietly swap the version a save is made against. If another editor
changed it meanwhile, the store refuses the save (``curation.ConflictError``); the page
then shows who changed what and their version, keeps the editor's own change, and offers
to apply it on top.
"""

from typing import Callable

import streamlit as st

from tracker.analysis.labels import Labels
from tracker.app import render, ui
from tracker.app.i18n import text
from tracker.store import curation, database

SEEN = "editing_seen"
METADATA = "editing_metadata_seen"
CONFLICT = "editing_conflict"
FIELD_LABELS = {"audiences": "filter_audience", "approach": "filter_approach", "themes": "themes",
                "summary_en": "summary_en", "status": "field_status"}  # other fields: field_<name>
# Given the refusal, the save that puts the editor's change on top of the other editor's.
OnTop = Callable[[curation.ConflictError], tuple]


def seen_target(recommendation_id: str) -> curation.Target | None:
    """The recommendation as this editor first saw it (kept across reruns until a save)."""
    seen = st.session_state.get(SEEN)
    if seen is None or seen.recommendation_id != recommendation_id:
        seen = ui.target(recommendation_id)
        st.session_state[SEEN] = seen
    return seen


def seen_metadata(document_id: str) -> curation.Metadata | None:
    """A document's details as this editor first saw them."""
    seen = st.session_state.get(METADATA)
    if seen is None or seen[0] != document_id:
        found = ui.rows("document_metadata", id=document_id)
        seen = (document_id, curation.metadata_of(found[0]) if found else None)
        st.session_state[METADATA] = seen
    return seen[1]


def forget_seen() -> None:
    for key in (SEEN, CONFLICT, METADATA):
        st.session_state.pop(key, None)


def save(change, *arguments, language: str, on_top: OnTop | None = None, mine: dict | None = None,
         saved: Callable[[object], str] | None = None) -> None:
    """Run a curation change against the version the editor saw; on success show ``saved``
    (given what the change returned; "saved" by default) after the rerun; on a conflict show
    theirs and keep the editor's change (``mine``: the fields they changed; ``on_top``: how
    to apply it on top of theirs)."""
    try:
        result = change(database.default_data_dir(), ui.database_path(), *arguments)
    except curation.ConflictError as conflict:
        st.session_state[CONFLICT] = {"conflict": conflict, "on_top": on_top(conflict) if on_top else None, "mine": mine or {},
                                      "saved": saved}
        if isinstance(conflict.current, curation.Target):
            st.session_state[SEEN] = conflict.current  # the form now shows their version
        elif isinstance(conflict.current, curation.Metadata):
            st.session_state[METADATA] = (st.session_state[METADATA][0], conflict.current)
        else:
            st.session_state.pop(SEEN, None)
        st.rerun()
    except (curation.CurationError, database.StoreError, OSError) as error:
        st.error(text("not_saved", language, reason=render.inert(str(error))))
        st.stop()
    forget_seen()
    ui.flash(saved(result) if saved else text("saved", language))
    st.rerun()


def _shown(value, labels: Labels, language: str) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(labels.name(item, language) for item in value) or "–"
    return labels.name(value, language) if value else "–"


def conflict_box(recommendation_id: str, labels: Labels, language: str) -> None:
    """If this editor's last save was refused, say who changed what, and offer to apply theirs on top."""
    pending = st.session_state.get(CONFLICT)
    if not pending:
        return
    conflict = pending["conflict"]
    if isinstance(conflict.current, curation.Target) and conflict.current.recommendation_id != recommendation_id:
        st.session_state.pop(CONFLICT)  # the editor moved on to another recommendation
        return
    who = conflict.editor or text("another_editor", language)
    st.error(text("conflict", language, editor=who, at=(conflict.at or "")[:16].replace("T", " ")))
    mine = pending["mine"]
    rows = [(name, old, new) for name, old, new in conflict.differences]
    theirs = {name for name, _, _ in rows}
    rows += [(name, None, None) for name in mine if name not in theirs]
    if rows:
        # A data grid, not st.table: a document's details are shown as text, never as Markdown.
        st.dataframe([{text("conflict_field", language): text(FIELD_LABELS.get(name, f"field_{name}"), language),
                   text("conflict_seen", language): _shown(old, labels, language) if name in theirs else "",
                   text("conflict_now", language, editor=who): _shown(new, labels, language) if name in theirs else "",
                   text("conflict_mine", language): _shown(mine[name], labels, language) if name in mine else ""}
                  for name, old, new in rows])
    left, right = st.columns(2)
    if pending["on_top"] and left.button(text("apply_on_top", language), type="primary"):
        change, *arguments = pending["on_top"]
        save(change, *arguments, language=language, saved=pending["saved"])
    if right.button(text("discard_mine", language)):
        forget_seen()
        st.rerun()


def changed_fields(seen: dict, mine: dict) -> dict:
    """The fields an editor changed from what they saw, with their new values."""
    return {name: value for name, value in mine.items() if (value or None) != (seen.get(name) or None)}


def review_on_top(seen: curation.Target, mine: curation.Tagging, editor: str, note: str) -> OnTop:
    def on_top(conflict: curation.ConflictError) -> tuple | None:
        if conflict.current is None:  # split or merged away: nothing to apply it to
            return None
        return curation.review, conflict.current, curation.on_top(seen.current, mine, conflict.current.current), editor, note
    return on_top


def metadata_saved(language: str) -> Callable[[list[str]], str]:
    return lambda changed: (text("metadata_saved", language, fields=", ".join(text(f"field_{name}", language) for name in changed))
                            if changed else text("metadata_unchanged", language))


def metadata_form(document_id: str, editor: str, language: str) -> None:
    """Complete or correct a document's metadata, saved against the version the editor first saw."""
    metadata = seen_metadata(document_id)
    if metadata is None:
        return
    with st.expander(text("metadata_edit", language)), st.form(f"metadata_{document_id}"):
        st.caption(text("metadata_edit_help", language))
        values = {name: st.text_input(text(f"field_{name}", language), value=getattr(metadata, name),
                                      key=f"edit_{name}_{document_id}")
                  for name in curation.Metadata.__dataclass_fields__}
        note = st.text_input(text("note", language), key=f"edit_note_{document_id}")
        if st.form_submit_button(text("metadata_save", language), type="primary"):
            mine = curation.Metadata(**values)
            save(curation.update_metadata, document_id, mine, editor, note, metadata, language=language,
                 on_top=lambda conflict: (curation.update_metadata, document_id,
                                          curation.metadata_on_top(metadata, mine, conflict.current), editor, note,
                                          conflict.current),
                 mine=changed_fields(metadata.__dict__, mine.__dict__), saved=metadata_saved(language))
