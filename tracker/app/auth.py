"""Editor sign-in: names and passwords from Streamlit secrets or the environment.

Secrets (.streamlit/secrets.toml):

    [editors]
    dewi = "a long passphrase"

or the environment: TRACKER_EDITORS="dewi:a long passphrase,budi:another one".
With neither, editing is off.

Failed sign-ins are throttled per editor name and per client (see Throttle), and logged.
"""

import base64
import fcntl
import hashlib
import hmac
import json
import logging
import math
import os
import threading
import time
from collections import OrderedDict, deque
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Mapping

log = logging.getLogger(__name__)


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


# Failures are remembered for WINDOW seconds. After FREE_FAILURES of them a name or a client
# waits before its next try, twice as long after each further failure (2 s, 4 s, ... up to
# MAX_DELAY); at NAME_LOCKOUT failures for a name, or CLIENT_LOCKOUT for a client (which may
# try several names), it is locked out for LOCKOUT seconds after the last one.
WINDOW = 15 * 60
FREE_FAILURES = 3
MAX_DELAY = 60
NAME_LOCKOUT = 10
CLIENT_LOCKOUT = 20
LOCKOUT = 15 * 60
MAX_TRACKED = 10_000  # names and clients remembered at once (each for failures and for lockouts)


class Throttle:
    """Failed sign-ins per editor name and per client, shared by every session of the server.

    A try while a wait or lockout runs is refused without looking at the password, so it
    tells nothing; names are compared case-insensitively, and an unknown name is throttled
    like a known one, so the throttle does not tell which names exist either.

    With a ``path`` the record lives in that JSON file, read (and after a failure written)
    under a file lock at every sign-in, so every app process on the machine shares it; a
    missing or unreadable file is an empty record."""

    def __init__(self, path: Path | None = None, clock: Callable[[], float] = time.time) -> None:
        self._path = path
        self._clock = clock
        # Both in the order of their last change, so the oldest is forgotten first in a flood.
        self._failures: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._locked_until: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._lock = threading.Lock()

    @contextmanager
    def _record(self, write: bool):
        """The record, current for this thread and process; written back when ``write``."""
        with self._lock:
            if self._path is None:
                yield
                return
            with open(self._path.with_name(self._path.name + ".lock"), "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                self._load()
                yield
                if write:
                    self._save()

    def _load(self) -> None:
        try:
            stored = json.loads(self._path.read_text(encoding="utf-8"))
            failures = OrderedDict(((kind, key), deque(map(float, times))) for kind, key, times in stored["failures"])
            locked = OrderedDict(((kind, key), float(until)) for kind, key, until in stored["locked"])
        except FileNotFoundError:
            failures, locked = OrderedDict(), OrderedDict()
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("the sign-in record %s could not be read (%s); starting an empty one", self._path, error)
            failures, locked = OrderedDict(), OrderedDict()
        self._failures, self._locked_until = failures, locked

    def _save(self) -> None:
        stored = {"failures": [[kind, key, list(times)] for (kind, key), times in self._failures.items()],
                  "locked": [[kind, key, until] for (kind, key), until in self._locked_until.items()]}
        temporary = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(stored), encoding="utf-8")
        os.replace(temporary, self._path)

    def __len__(self) -> int:
        """How many names and clients are on record."""
        return len(self._failures) + len(self._locked_until)

    @staticmethod
    def _keys(name: str, client: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("name", name.strip().casefold()[:100]), ("client", client)

    def _forget_old(self, key: tuple[str, str], now: float) -> deque[float]:
        """The key's failures within the window; what has expired is dropped."""
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= now - WINDOW:
            failures.popleft()
        if not failures:
            self._failures.pop(key, None)
        if self._locked_until.get(key, now) <= now:
            self._locked_until.pop(key, None)
        return failures

    def wait(self, name: str, client: str) -> float:
        """Seconds until ``name`` may be tried from ``client`` (0: now)."""
        now = self._clock()
        with self._record(write=False):
            waits = [0.0]
            for key in self._keys(name, client):
                failures = self._forget_old(key, now)
                waits.append(self._locked_until.get(key, now) - now)
                if len(failures) >= FREE_FAILURES:
                    waits.append(failures[-1] + min(2 ** (len(failures) - FREE_FAILURES + 1), MAX_DELAY) - now)
            return max(waits)

    def failed(self, name: str, client: str) -> None:
        now = self._clock()
        with self._record(write=True):
            counts = []
            for key, lockout in zip(self._keys(name, client), (NAME_LOCKOUT, CLIENT_LOCKOUT)):
                failures = self._forget_old(key, now)
                self._failures.pop(key, None)
                failures.append(now)
                counts.append(len(failures))
                if len(failures) >= lockout:
                    self._locked_until[key] = now + LOCKOUT  # the lockout now speaks for the failures
                else:
                    self._failures[key] = failures
            for table in (self._failures, self._locked_until):
                while len(table) > MAX_TRACKED:
                    table.popitem(last=False)
        log.warning("sign-in failed for name %r from %s (%d failures for the name, %d for the client in %d min)",
                    name[:100], client, counts[0], counts[1], WINDOW // 60)
        if counts[0] >= NAME_LOCKOUT or counts[1] >= CLIENT_LOCKOUT:
            log.warning("sign-in locked for %d min: name %r from %s", LOCKOUT // 60, name[:100], client)

    def succeeded(self, name: str, client: str) -> None:
        """A right password clears the name's failures (the client's stay: one good account
        must not reset the count of guesses at others)."""
        with self._record(write=True):
            self._failures.pop(self._keys(name, client)[0], None)
        log.info("editor %r signed in from %s", name[:100], client)

    def refused(self, name: str, client: str, wait: float) -> None:
        log.warning("sign-in refused without checking for name %r from %s: %d s still to wait", name[:100], client, math.ceil(wait))


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
