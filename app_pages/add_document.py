"""Add a document: upload, preview the recommendations and their tags, correct them, fill in the metadata, save."""

import streamlit as st

from tracker.app import render, ui
from tracker.store import curation
from tracker.store import database
from tracker.app.i18n import text
from tracker.app.documents import METADATA_FIELDS

filters = st.session_state["filters"]
language = filters.lang
editor = ui.require_editor(language)
labels = ui.labels()
ui.flash()

st.html(render.uploader_text(text("upload_button", language), text("upload_limits", language)))
uploaded = st.file_uploader(text("upload_label", language), type=["txt", "md", "pdf", "docx"], max_upload_size=20)
if uploaded is None:
    st.stop()
data = uploaded.getvalue()
digest = curation.content_hash(data)
present = ui.rows("document_by_hash", content_hash=digest)
if present:
    st.warning(text("upload_duplicate", language, id=present[0]["id"]))
    st.stop()
try:
    with st.spinner(text("reading_upload", language)):
        extraction = curation.preview(uploaded.name, data, database.default_data_dir())
except curation.CurationError as error:
    st.error(render.inert(str(error)))
    st.stop()
# The same study in another format (or nearly the same text) is refused before anything is saved.
duplicate = curation.duplicate_of(ui.database_path(), extraction.text)
if duplicate:
    st.error(text("upload_same_text", language, reason=duplicate))
    st.stop()
stated = curation.metadata_from_file(uploaded.name, data, database.default_data_dir())
missing = [text(f"field_{name}", language) for name in curation.REQUIRED_METADATA if not getattr(stated, name)]
st.info(text("metadata_prefilled", language) + (" " + text("metadata_missing", language, fields=", ".join(missing)) if missing else ""))

found = extraction.recommendations
st.write(text("upload_found", language, count=len(found)) if found else text("upload_none", language))
themes = labels.ids("themes")
with st.form(f"add_{digest[:12]}"):
    metadata = {
        name: st.text_input(text(f"field_{name}", language) + (" *" if name in curation.REQUIRED_METADATA else ""),
                            value=getattr(stated, name), key=f"meta_{name}_{digest[:12]}",
                            help=text("field_author_help", language) if name == "author" else None)
        for name in METADATA_FIELDS if name != "file"
    }
    metadata["url"] = st.text_input("URL", key=f"meta_url_{digest[:12]}")
    choices = []
    for index, item in enumerate(found):
        with st.container(border=True):
            st.html(render.tag_line(item.audiences, item.approach, labels, language)
                    + render.quote(item.text, [(e.text_start, e.text_end, render.PLAIN_MARK) for e in item.evidence if e.source == "text"],
                                   labels.colour(item.approach)))
            key = f"{digest[:12]}_{index}"
            include = st.checkbox(text("include", language), value=True, key=f"include_{key}")
            audiences = st.multiselect(text("filter_audience", language), labels.ids("audiences"), default=item.audiences,
                                       format_func=lambda value: labels.name(value, language), key=f"audiences_{key}",
                                       placeholder=text("choose", language))
            approach = st.selectbox(text("filter_approach", language), labels.ids("approaches"),
                                    index=labels.ids("approaches").index(item.approach),
                                    format_func=lambda value: labels.name(value, language), key=f"approach_{key}",
                                    placeholder=text("choose", language))
            chosen_themes = st.multiselect(text("themes", language), themes, default=item.themes,
                                           format_func=lambda value: labels.name(value, language), key=f"themes_{key}",
                                           placeholder=text("choose", language))
            summary = st.text_input(text("summary_en", language), key=f"summary_{key}")
            choices.append(((item.start, item.end), curation.Tagging(tuple(audiences), approach, tuple(chosen_themes), summary) if include else None))
    save = st.form_submit_button(text("save_document", language), type="primary")

if save:
    upload = curation.Upload(uploaded.name, data, curation.Metadata(**metadata), tuple(choices))
    try:
        added, skipped, refused = curation.add_documents(database.default_data_dir(), ui.database_path(), [upload], editor)
    except (curation.CurationError, database.StoreError, OSError) as error:
        st.error(text("not_saved", language, reason=render.inert(str(error))))
        st.stop()
    if refused or skipped:
        st.error(text("not_saved", language, reason=render.inert("; ".join(refused + skipped))))
        st.stop()
    kept = sum(1 for _, tagging in choices if tagging is not None)
    ui.flash(text("saved_document", language, id=added[0], count=kept))
    st.rerun()
