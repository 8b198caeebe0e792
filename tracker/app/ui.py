"""Streamlit glue shared by the pages: the cached connection, cached queries, the filter sidebar."""

import logging
import math
import time
from pathlib import Path

import duckdb
import streamlit as st

from tracker.app import auth
from tracker.store import changes, curation
from tracker.store import database
from tracker.analysis.labels import Labels
from tracker.app.filters import Options, parse, values
from tracker.store.filters import LIST_NAMES, NO_AUDIENCE, Filters
from tracker.app.i18n import LANGUAGES, text
from tracker.app.documents import document_label, readable_paragraphs
from tracker.app.views import no_audience_label
from tracker.engine.codebook import CodebookError
from tracker.engine.reading import DocumentError

log = logging.getLogger(__name__)
WIDGET_KEYS = {name: f"filter_{name}" for name in (*LIST_NAMES, "q", "lang")}
DOCUMENT_OPTIONS = 100


def open_database() -> None:
    """Stop the page with one clear line when the database cannot be built or opened (a
    damaged file, bad data files); the reason goes to the server's log, not to viewers."""
    try:
        _connection(*_database_key())
    except (duckdb.Error, database.StoreError, DocumentError, CodebookError, OSError) as error:
        log.error("the database could not be opened: %s", error)
        language = st.query_params.get("lang", "en")
        st.error(text("error_database", language if language in LANGUAGES else "en"))
        st.stop()


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


_checked: dict[str, tuple[float, tuple[str, int]]] = {}
KEY_SECONDS = 1.0


def _database_key() -> tuple[str, int]:
    """The database file and its version; looked up at most once a second, since every query
    of every run asks for it and a rebuilt file need only show within a second."""
    now = time.monotonic()
    path = str(database.default_db_path())
    checked = _checked.get(path)
    if checked is None or now - checked[0] > KEY_SECONDS:
        found = database_path()
        checked = _checked[path] = (now, (str(found), found.stat().st_mtime_ns))
    return checked[1]


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
    """The codebook's labels, and "audience not identified" for recommendations with none."""
    return Labels(tuple(rows("labels")) + (no_audience_label(),))


def build_info() -> dict[str, str]:
    """When the database was built, and with which codebook version."""
    return {row["key"]: row["value"] for row in rows("build_info")}


def options(requested_documents: list[str]) -> Options:
    """The values each filter may take; documents are checked only for the ids asked for,
    since a large corpus has too many to list."""
    found = rows("filter_options")
    all_labels = labels()
    return Options(
        audience=(*all_labels.ids("audiences"), NO_AUDIENCE),
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
    allowed = options([*values(url, "doc")[0], *st.session_state.get(WIDGET_KEYS["doc"], [])])
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

        def placeholder(choices) -> str:
            return text("choose" if choices else "no_choices", language)

        st.multiselect(text("filter_audience", language), allowed.audience, key=WIDGET_KEYS["audience"],
                       format_func=lambda value: all_labels.name(value, language), placeholder=placeholder(allowed.audience))
        st.multiselect(text("filter_approach", language), allowed.approach, key=WIDGET_KEYS["approach"],
                       format_func=lambda value: all_labels.name(value, language), placeholder=placeholder(allowed.approach))
        st.multiselect(text("filter_platform", language), allowed.platform, key=WIDGET_KEYS["platform"],
                       placeholder=placeholder(allowed.platform))
        # Documents can be many: list those matching a search, plus those already chosen.
        search = st.text_input(text("filter_doc_search", language), key="filter_doc_search", max_chars=100)
        matching = [row["id"] for row in rows("document_options", q=search.strip(), limit=DOCUMENT_OPTIONS)]
        chosen_documents = st.session_state.get(WIDGET_KEYS["doc"], [])
        document_choices = list(dict.fromkeys([*chosen_documents, *matching]))
        names = document_names(document_choices, language)
        st.multiselect(text("filter_doc", language), document_choices, key=WIDGET_KEYS["doc"],
                       format_func=lambda value: names.get(value) or value, placeholder=placeholder(document_choices))
        st.multiselect(text("filter_year", language), allowed.year, key=WIDGET_KEYS["year"], placeholder=placeholder(allowed.year))
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
    """The signed-in editor's name, or None. A session token cookie from an earlier sign-in
    in this browser (until it expires) signs the editor in again after a reload."""
    if "editor" not in st.session_state and not st.session_state.get("signed_out"):
        name = auth.token_editor(st.context.cookies.get(auth.SESSION_COOKIE), auth.editors(_secrets()), time.time())
        if name:
            st.session_state["editor"] = name
    return st.session_state.get("editor")


SIGN_IN_RECORD = ".sign-in-failures.json"


@st.cache_resource(show_spinner=False)
def _shared_throttle(path: str) -> auth.Throttle:
    return auth.Throttle(Path(path))


def _throttle() -> auth.Throttle:
    """The record of failed sign-ins, beside the database: shared by every session and by
    every app process serving that database."""
    return _shared_throttle(str(database.default_db_path().with_name(database.default_db_path().name + SIGN_IN_RECORD)))


def _set_session_cookie(token: str, seconds: int) -> None:
    # The token holds only base64, digits, dots and hex: nothing to escape.
    st.html(f"<script>document.cookie = '{auth.SESSION_COOKIE}={token}; path=/; max-age={seconds}; SameSite=Strict';</script>",
            unsafe_allow_javascript=True)


def sign_in_box(language: str, area) -> None:
    """Sign-in at the top of the sidebar (``area``); says how to turn editing on when no
    editor is configured. Signing in keeps the editor signed in across reloads for
    auth.SESSION_SECONDS; signing out ends that."""
    known = auth.editors(_secrets())
    with area:
        if not known:
            return
        if editor():
            if "session_token" in st.session_state:
                _set_session_cookie(st.session_state["session_token"], auth.SESSION_SECONDS)
            columns = st.columns([3, 2], vertical_alignment="center")
            columns[0].caption(text("signed_in_as", language, name=editor()))
            if columns[1].button(text("sign_out", language)):
                del st.session_state["editor"]
                st.session_state.pop("session_token", None)
                st.session_state["signed_out"] = True
                st.rerun()
            return
        if st.session_state.get("signed_out"):
            _set_session_cookie("", 0)
        with st.expander(text("sign_in_title", language)), st.form("sign_in", clear_on_submit=True, border=False):
            name = st.text_input(text("editor_name", language), max_chars=100)
            password = st.text_input(text("password", language), type="password", max_chars=1000)
            if st.form_submit_button(text("sign_in", language)):
                address = st.context.ip_address  # None on this machine; not text in AppTest
                client = address if isinstance(address, str) and address else "local"
                wait = _throttle().wait(name, client)
                if wait > 0:
                    _throttle().refused(name, client, wait)
                    st.error(text("sign_in_wait", language, seconds=math.ceil(wait)) if wait <= 120
                             else text("sign_in_locked", language, minutes=math.ceil(wait / 60)))
                    return
                matched = auth.check(name, password, known)
                if matched:
                    _throttle().succeeded(name, client)
                    st.session_state["editor"] = matched
                    st.session_state["session_token"] = auth.session_token(matched, known, time.time())
                    st.session_state.pop("signed_out", None)
                    st.rerun()
                _throttle().failed(name, client)
                st.error(text("sign_in_failed", language))


def require_editor(language: str) -> str:
    """The signed-in editor; otherwise the page explains and stops."""
    if not editor():
        known = auth.editors(_secrets())
        st.info(text("editors_only" if known else "editing_off", language))
        st.stop()
    return editor()


def flash(message: str | None = None) -> None:
    """Show a message once, after the rerun that follows a saved change (which rebuilt the
    database, so its version is looked up again at once)."""
    if message is not None:
        _checked.clear()
        st.session_state["flash"] = message
        return
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))


def target(recommendation_id: str) -> curation.Target | None:
    found = rows("recommendation_target", id=recommendation_id)
    return curation.target_from_row(found[0]) if found else None


@st.cache_data(max_entries=64, show_spinner=False)
def _readable_document(database_key: tuple[str, int], document_id: str, spans: tuple) -> list:
    text_as_read = database.fetch(_connection(*database_key), "document_text", {"document_id": document_id})[0]["text"]
    return readable_paragraphs(text_as_read, list(spans))


def readable_document(document_id: str, spans: list[tuple[int, int, str]]) -> list:
    """A document's cleaned paragraphs with the spans highlighted, cached per database version."""
    return _readable_document(_database_key(), document_id, tuple(spans))
