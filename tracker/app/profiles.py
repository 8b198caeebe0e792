"""Streamlit glue for the audience profile: the profile of a view, cached per database build."""

import json

import streamlit as st

from tracker.analysis import profile
from tracker.app import ui


@st.cache_data(max_entries=64, show_spinner=False)
def _profile(built_at: str, audience: str, params_json: str) -> profile.Profile:
    return profile.build(audience, json.loads(params_json), lambda name, params: ui.rows(name, **params))


def audience_profile(audience: str, params: dict) -> profile.Profile:
    """The profile of ``audience`` in the view; grouping is computed once per build and view."""
    return _profile(ui.build_info().get("built_at", ""), audience, json.dumps(params, sort_keys=True))
