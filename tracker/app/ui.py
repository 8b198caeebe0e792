"""Streamlit glue shared by the pages: the cached connection, cached queries, the filter sidebar."""

from pathlib import Path

import duckdb
import streamlit as st

from tracker.app import auth
from tracker.store import changes, curation
from tracker.store import database
from tracker.analysis.labels import Labels
from tracker.app.filters import Options, parse
from tracker.store.filters import LIST_NAMES, Filters
from tracker.app.i18n import LANGUAGES, text
from tracker.app.documents import document_label

WIDGET_KEYS = {name: f"filter_{name}" for name in (*LIST_NAMES, "q", "lang")}
DOCUMENT_OPTIONS = 100


@st.cache_resource(show_spinner=False)
def _started(data_dir: str, path: str) -> bool:
    """Once per process: finish a change a killed process left half done (unless another is at work)."""
    changes.recover_if_idle(Path(data_dir), Path(path))
    return True


def database_path() -> Path:
    path = database.default_db_path()
    _started(str(database.default_data_dir()), str(path))
    if not path.exists():
        with st.spinner("Building the database from data/ ..."):
            changes.rebuild(database.default_data_dir(), path)
    return path


@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(path: str, modified: int) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file version, shared by all sessions; a
    rebuilt file (new version) gets a new connection and old ones are let go."""
    return database.connect_read_only(Path(path))


def _database_key() -> tuple[str, int]:
    path = database_path()
    return str(path), path.stat().st_mtime_ns


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached_rows(database_key: tuple[str, int], name: str, params: dict) -> list[dict]:
    return database.fetch(_connection(*database_key), name, params)


def rows(name: str, **params) -> list[dict]:
    """The rows of a named query, cached by the database version and the parameter values."""
    return _cached_rows(_database_key(), name, params)


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_batch(database_key: tuple[str, int], jobs: tuple[tuple[str, dict], ...]) -> list[list[dict]]:
    return database.fetch_together(_connection(*database_key), jobs)


def rows_together(*jobs: tuple[str, dict]) -> list[list[dict]]:
    """The rows of several named queries run at the same time, cached as one."""
    return _cached_batch(_database_key(), tuple(jobs))


def labels() -> Labels:
    return Labels(tuple(rows("labels")))


def options(requested_documents: list[str]) -> Options:
    """The values each filter may take; documents are checked only for the ids asked for,
    since a large corpus has too many to list."""
    found = rows("filter_options")
    all_labels = labels()
    return Options(
        audience=tuple(all_labels.ids("audiences")),
        approach=tuple(all_labels.ids("approaches")),
        platform=tuple(row["value"] for row in found if row["kind"] == "platform"),
        doc=tuple(row["id"] for row in rows("document_labels", ids=sorted(set(requested_documents)))),
        year=tuple(row["value"] for row in found if row["kind"] == "year"),
    )


def document_names(ids: list[str], language: str) -> dict[str, str]:
    return {row["id"]: document_label(row, language) for row in rows("document_labels", ids=sorted(set(ids)))}


def _url_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in WIDGET_KEYS}


def _seed_widgets(filters: Filters) -> None:
    for name in LIST_NAMES:
        st.session_state[WIDGET_KEYS[name]] = list(getattr(filters, name))
    st.session_state[WIDGET_KEYS["q"]] = filters.q
    st.session_state[WIDGET_KEYS["lang"]] = filters.lang


def set_filter(**values: list[str]) -> None:
    """Set filters from code (a chart click); the sidebar and URL follow on the next run."""
    for name, value in values.items():
        st.session_state[WIDGET_KEYS[name]] = list(value)


def clear_filters() -> None:
    set_filter(**{name: [] for name in LIST_NAMES})
    st.session_state[WIDGET_KEYS["q"]] = ""


def sidebar_filters() -> Filters:
    """Render the language and filter widgets; keep them and the URL in step."""
    url = _url_params()
    allowed = options([*url["doc"], *st.session_state.get(WIDGET_KEYS["doc"], [])])
    first_run = "written_url" not in st.session_state
    # The URL decides on a session's first run and when it names a view other than the one
    # last written; a page switch empties the URL, and then the session's filters stay.
    if first_run or (any(url.values()) and st.session_state["written_url"] != url):
        from_url = parse(url, allowed)
        _seed_widgets(from_url)
        st.session_state["notices"] = list(from_url.notices)
    lang_key = WIDGET_KEYS["lang"]
    with st.sidebar:
        language = st.radio(
            "Language / Bahasa", list(LANGUAGES), format_func=LANGUAGES.get, key=lang_key, horizontal=True
        )
        st.header(text("filters", language))
        all_labels = labels()
        st.multiselect(text("filter_audience", language), allowed.audience, key=WIDGET_KEYS["audience"],
                       format_func=lambda value: all_labels.name(value, language))
        st.multiselect(text("filter_approach", language), allowed.approach, key=WIDGET_KEYS["approach"],
                       format_func=lambda value: all_labels.name(value, language))
        st.multiselect(text("filter_platform", language), allowed.platform, key=WIDGET_KEYS["platform"])
        # Documents can be many: list those matching a search, plus those already chosen.
        search = st.text_input(text("filter_doc_search", language), key="filter_doc_search", max_chars=100)
        matching = [row["id"] for row in rows("document_options", q=search.strip(), limit=DOCUMENT_OPTIONS)]
        chosen_documents = st.session_state.get(WIDGET_KEYS["doc"], [])
        document_choices = list(dict.fromkeys([*chosen_documents, *matching]))
        names = document_names(document_choices, language)
        st.multiselect(text("filter_doc", language), document_choices, key=WIDGET_KEYS["doc"],
                       format_func=lambda value: names.get(value) or value)
        st.multiselect(text("filter_year", language), allowed.year, key=WIDGET_KEYS["year"])
        st.text_input(text("filter_q", language), key=WIDGET_KEYS["q"], help=text("filter_q_help", language),
                      max_chars=200)
        st.button(text("clear_filters", language), on_click=clear_filters)
        st.caption(text("link_hint", language))
    chosen = {name: st.session_state[WIDGET_KEYS[name]] for name in LIST_NAMES}
    allowed = options(chosen["doc"])
    filters = parse({**chosen, "q": [st.session_state[WIDGET_KEYS["q"]]], "lang": [language]}, allowed)
    filters = Filters(**{**filters.__dict__, "notices": tuple(st.session_state.get("notices", []))})
    wanted = filters.query_params()
    written = {name: wanted.get(name, []) for name in WIDGET_KEYS}
    if _url_params() != written:
        st.query_params.from_dict(wanted)
    st.session_state["written_url"] = written
    return filters


def show_notices(filters: Filters) -> None:
    for notice in filters.notices:
        st.warning(notice, icon="⚠️")


# Editing ------------------------------------------------------------------------------


def _secrets():
    try:
        return st.secrets
    except Exception:  # no secrets file
        return None


def editor() -> str | None:
    """The signed-in editor's name, or None."""
    return st.session_state.get("editor")


def sign_in_box(language: str) -> None:
    """Sign-in in the sidebar; says how to turn editing on when no editor is configured."""
    known = auth.editors(_secrets())
    with st.sidebar:
        st.divider()
        if not known:
            st.caption(text("editing_off", language))
            return
        if editor():
            st.caption(text("signed_in_as", language, name=editor()))
            if st.button(text("sign_out", language)):
                del st.session_state["editor"]
                st.rerun()
            return
        with st.form("sign_in", clear_on_submit=True):
            st.caption(text("sign_in_title", language))
            name = st.text_input(text("editor_name", language))
            password = st.text_input(text("password", language), type="password")
            if st.form_submit_button(text("sign_in", language)):
                matched = auth.check(name, password, known)
                if matched:
                    st.session_state["editor"] = matched
                    st.rerun()
                st.error(text("sign_in_failed", language))


def require_editor(language: str) -> str:
    """The signed-in editor; otherwise the page explains and stops."""
    if not editor():
        known = auth.editors(_secrets())
        st.info(text("editors_only" if known else "editing_off", language))
        st.stop()
    return editor()


def flash(message: str | None = None) -> None:
    """Show a message once, after the rerun that follows a saved change."""
    if message is not None:
        st.session_state["flash"] = message
        return
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))


def target(recommendation_id: str) -> curation.Target | None:
    found = rows("recommendation_target", id=recommendation_id)
    return curation.target_from_row(found[0]) if found else None
