"""Editor sign-in: names and passwords from Streamlit secrets or the environment.

Secrets (.streamlit/secrets.toml):

    [editors]
    dewi = "a long passphrase"

or the environment: TRACKER_EDITORS="dewi:a long passphrase,budi:another one".
With neither, editing is off.
"""

import base64
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


SESSION_COOKIE = "tracker_editor"
SESSION_SECONDS = 8 * 3600


def _session_key(name: str, password: str) -> bytes:
    # Keyed by the editor's own password: changing it ends that editor's sessions, and every
    # app process behind a proxy checks a token the same way without a shared secret.
    return hashlib.sha256(f"tracker session\0{name}\0{password}".encode("utf-8")).digest()


def session_token(name: str, known: dict[str, str], now: float, seconds: int = SESSION_SECONDS) -> str:
    """A signed token that keeps ``name`` signed in until ``now + seconds``."""
    expires = int(now + seconds)
    encoded = base64.urlsafe_b64encode(name.encode("utf-8")).decode("ascii").rstrip("=")
    signature = hmac.new(_session_key(name, known[name]), f"{encoded}.{expires}".encode("ascii"), "sha256").hexdigest()
    return f"{encoded}.{expires}.{signature}"


def token_editor(token: str | None, known: dict[str, str], now: float) -> str | None:
    """The editor a session token was signed for, if its signature holds, it has not expired
    and the editor is still configured with the same password; otherwise None."""
    try:
        encoded, expires, signature = (token or "").split(".")
        name = base64.urlsafe_b64decode((encoded + "=" * (-len(encoded) % 4)).encode("ascii")).decode("utf-8")
        expires_at = int(expires)
    except (ValueError, UnicodeError):
        return None
    if name not in known or expires_at <= now:
        return None
    expected = hmac.new(_session_key(name, known[name]), f"{encoded}.{expires}".encode("ascii"), "sha256").hexdigest()
    return name if hmac.compare_digest(expected, signature) else None
