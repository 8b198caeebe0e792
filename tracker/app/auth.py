"""Editor sign-in: names and passwords from Streamlit secrets or the environment.

Secrets (.streamlit/secrets.toml):

    [editors]
    dewi = "a long passphrase"

or the environment: TRACKER_EDITORS="dewi:a long passphrase,budi:another one".
With neither, editing is off.

Failed sign-ins are throttled per editor name and per client (see Throttle), and logged.
"""

import hashlib
import hmac
import logging
import math
import os
import threading
import time
from collections import OrderedDict, deque
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
    like a known one, so the throttle does not tell which names exist either."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        # Both in the order of their last change, so the oldest is forgotten first in a flood.
        self._failures: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._locked_until: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._lock = threading.Lock()

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
        with self._lock:
            waits = [0.0]
            for key in self._keys(name, client):
                failures = self._forget_old(key, now)
                waits.append(self._locked_until.get(key, now) - now)
                if len(failures) >= FREE_FAILURES:
                    waits.append(failures[-1] + min(2 ** (len(failures) - FREE_FAILURES + 1), MAX_DELAY) - now)
            return max(waits)

    def failed(self, name: str, client: str) -> None:
        now = self._clock()
        with self._lock:
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
        with self._lock:
            self._failures.pop(self._keys(name, client)[0], None)
        log.info("editor %r signed in from %s", name[:100], client)

    def refused(self, name: str, client: str, wait: float) -> None:
        log.warning("sign-in refused without checking for name %r from %s: %d s still to wait", name[:100], client, math.ceil(wait))
