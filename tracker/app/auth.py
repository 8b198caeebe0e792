"""Editor sign-in: names and passwords from Streamlit secrets or the environment.

Secrets (.streamlit/secrets.toml):

    [editors]
    dewi = "a long passphrase"

or the environment: TRACKER_EDITORS="dewi:a long passphrase,budi:another one".
With neither, editing is off.
"""

import hashlib
import hmac
import os
from typing import Mapping


def editors(secrets: Mapping | None = None, environment: Mapping[str, str] | None = None) -> dict[str, str]:
    """Editor name -> password, from secrets first, then the environment."""
    found: dict[str, str] = {}
    if secrets is not None:
        try:
            found.update({str(name): str(password) for name, password in dict(secrets.get("editors", {})).items()})
        except Exception:  # no secrets file, or a malformed one: editing stays off
            found = {}
    environment = os.environ if environment is None else environment
    for entry in environment.get("TRACKER_EDITORS", "").split(","):
        name, _, password = entry.partition(":")
        if name.strip() and password:
            found.setdefault(name.strip(), password)
    return {name: password for name, password in found.items() if password}


def check(name: str, password: str, known: dict[str, str]) -> str | None:
    """The editor's name if the password is right, else None. Every known entry is compared,
    in constant time, whatever the name, so timing tells nothing."""
    given = hashlib.sha256(password.encode("utf-8")).digest()
    matched = None
    for editor, secret in known.items():
        same_password = hmac.compare_digest(given, hashlib.sha256(secret.encode("utf-8")).digest())
        same_name = hmac.compare_digest(editor.encode("utf-8"), name.strip().encode("utf-8"))
        if same_password and same_name:
            matched = editor
    return matched
