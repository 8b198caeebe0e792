"""The dashboard: filters in the sidebar and the URL, pages in app_pages/."""

import streamlit as st

from tracker import ui
from tracker.i18n import text

st.set_page_config(page_title="Policy recommendation tracker", page_icon=":material/policy:", layout="wide")

filters = ui.sidebar_filters()
st.session_state["filters"] = filters
language = filters.lang

pages = [
    st.Page("app_pages/overview.py", title=text("page_overview", language), icon=":material/bar_chart:", default=True),
    st.Page("app_pages/recommendations.py", title=text("page_recommendations", language), icon=":material/format_quote:", url_path="recommendations"),
    st.Page("app_pages/sources.py", title=text("page_sources", language), icon=":material/library_books:", url_path="sources"),
    st.Page("app_pages/method.py", title=text("page_method", language), icon=":material/menu_book:", url_path="method"),
    st.Page("app_pages/export.py", title=text("page_export", language), icon=":material/download:", url_path="export"),
]
navigation = st.navigation(pages)
st.title(text("app_title", language))
st.caption(text("app_caption", language))
ui.show_notices(filters)
navigation.run()
