"""The dashboard: filters in the sidebar and the URL, pages in app_pages/."""

import streamlit as st

from tracker.app import ui
from tracker.app.i18n import text

st.set_page_config(page_title="Policy recommendation tracker", page_icon=":material/policy:", layout="wide")

# Sign-in sits at the top of the sidebar, above the filters that choose the language.
sign_in_area = st.sidebar.container()
filters = ui.sidebar_filters()
ui.sign_in_box(filters.lang, sign_in_area)
st.session_state["filters"] = filters
language = filters.lang

pages = [
    st.Page("app_pages/overview.py", title=text("page_overview", language), icon=":material/bar_chart:", default=True),
    st.Page("app_pages/audience.py", title=text("page_audience", language), icon=":material/groups:", url_path="audience"),
    st.Page("app_pages/recommendations.py", title=text("page_recommendations", language), icon=":material/format_quote:", url_path="recommendations"),
    st.Page("app_pages/sources.py", title=text("page_sources", language), icon=":material/library_books:", url_path="sources"),
    st.Page("app_pages/method.py", title=text("page_method", language), icon=":material/menu_book:", url_path="method"),
    st.Page("app_pages/export.py", title=text("page_export", language), icon=":material/download:", url_path="export"),
    st.Page("app_pages/add_document.py", title=text("page_add", language), icon=":material/upload_file:", url_path="add"),
    st.Page("app_pages/review.py", title=text("page_review", language), icon=":material/rate_review:", url_path="review"),
]
navigation = st.navigation(pages)
st.title(text("app_title", language))
st.caption(text("app_caption", language))
ui.show_notices(filters)
navigation.run()
