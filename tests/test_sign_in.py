"""Sign-in throttling: backoff and lockout per editor name and per client, logged."""

import logging
import subprocess
import sys

from conftest import ROOT, run_app
from test_editing import sign_in
from tracker.app import auth


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fail(throttle: auth.Throttle, times: int, name: str = "dewi", client: str = "10.0.0.1") -> None:
    for _ in range(times):
        throttle.failed(name, client)


def test_waits_double_after_three_failures_then_the_name_is_locked():
    clock = Clock()
    throttle = auth.Throttle(clock=clock)
    waits = []
    for _ in range(auth.NAME_LOCKOUT):
        waits.append(throttle.wait("dewi", "10.0.0.1"))
        clock.now += waits[-1]
        throttle.failed("dewi", "10.0.0.1")
    assert waits == [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert throttle.wait("dewi", "10.0.0.1") == auth.LOCKOUT
    # The lockout holds for the name from any client, and for any spelling of it.
    assert throttle.wait(" DEWI ", "10.9.9.9") == auth.LOCKOUT
    clock.now += auth.LOCKOUT - 1
    assert throttle.wait("dewi", "10.9.9.9") == 1
    clock.now += 1
    assert throttle.wait("dewi", "10.9.9.9") == 0


def test_a_client_guessing_many_names_is_locked_too():
    clock = Clock()
    throttle = auth.Throttle(clock=clock)
    for number in range(auth.CLIENT_LOCKOUT):
        throttle.failed(f"name{number}", "10.0.0.1")
    assert throttle.wait("someone-new", "10.0.0.1") == auth.LOCKOUT
    assert throttle.wait("someone-new", "10.0.0.2") == 0


def test_success_clears_the_name_not_the_client_and_failures_are_forgotten_after_the_window():
    clock = Clock()
    throttle = auth.Throttle(clock=clock)
    fail(throttle, 3, "eve")
    fail(throttle, 3)
    throttle.succeeded("dewi", "10.0.0.1")
    assert throttle.wait("dewi", "10.0.0.2") == 0
    assert throttle.wait("dewi", "10.0.0.1") == 16  # the client's six failures still count
    clock.now += auth.WINDOW
    assert throttle.wait("eve", "10.0.0.1") == 0
    assert len(throttle) == 0


def test_a_flood_of_names_cannot_fill_memory():
    throttle = auth.Throttle(clock=Clock())
    for number in range(auth.MAX_TRACKED + 500):
        throttle.failed(f"name{number}", f"10.0.{number // 250}.{number % 250}")
    assert len(throttle) == auth.MAX_TRACKED  # of 10,500 names and as many clients, the newest
    # The newest name's failure is kept, the oldest's forgotten: two more make three, or two.
    fail(throttle, 2, name=f"name{auth.MAX_TRACKED + 499}", client="10.9.9.9")
    fail(throttle, 2, name="name0", client="10.9.9.8")
    assert (throttle.wait(f"name{auth.MAX_TRACKED + 499}", "10.9.9.7"), throttle.wait("name0", "10.9.9.7")) == (2, 0)


def test_failures_and_lockouts_are_logged(caplog):
    caplog.set_level(logging.INFO, logger="tracker.app.auth")
    throttle = auth.Throttle(clock=Clock())
    fail(throttle, auth.NAME_LOCKOUT, name="dewi\nFAKE LOG LINE")
    throttle.refused("dewi", "10.0.0.1", 899.2)
    throttle.succeeded("budi", "10.0.0.2")
    messages = [record.getMessage() for record in caplog.records]
    assert messages[0] == "sign-in failed for name 'dewi\\nFAKE LOG LINE' from 10.0.0.1 (1 failures for the name, 1 for the client in 15 min)"
    assert "sign-in locked for 15 min: name 'dewi\\nFAKE LOG LINE' from 10.0.0.1" in messages
    assert messages[-2:] == ["sign-in refused without checking for name 'dewi' from 10.0.0.1: 900 s still to wait",
                             "editor 'budi' signed in from 10.0.0.2"]
    assert all("\n" not in message for message in messages)


def test_app_processes_share_the_record_in_a_file(tmp_path):
    path = tmp_path / "tracker.duckdb.sign-in-failures.json"
    # Another app process fails three times...
    script = ("import sys; from pathlib import Path; from tracker.app.auth import Throttle; "
              "throttle = Throttle(Path(sys.argv[1])); [throttle.failed('dewi', '10.0.0.1') for _ in range(3)]")
    subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, check=True, timeout=60)
    # ...and this one makes the fourth try wait, and adds its own failure for the next.
    here, there = auth.Throttle(path), auth.Throttle(path)
    assert 1.5 < here.wait("Dewi", "10.0.0.9") <= 2
    here.failed("dewi", "10.0.0.9")
    assert 3.5 < there.wait("dewi", "10.0.0.2") <= 4
    assert len(there) == 3  # the name and two clients
    path.write_text("{not json", encoding="utf-8")
    assert auth.Throttle(path).wait("dewi", "10.0.0.1") == 0


def test_the_sign_in_form_stops_checking_passwords_after_three_failures(workspace, monkeypatch, caplog):
    monkeypatch.setenv("TRACKER_EDITORS", "dewi:s3cret")
    caplog.set_level(logging.INFO, logger="tracker.app.auth")
    test = run_app(page="app_pages/review.py")
    shown = []
    for _ in range(3):
        sign_in(test, "dewi", "guess")
        shown.append(test.sidebar.error[0].value)
    # The right password now waits too: nothing says whether it was right.
    sign_in(test, "dewi", "s3cret")
    shown.append(test.sidebar.error[0].value)
    assert shown == ["Name or password is wrong."] * 3 + ["Too many failed sign-ins for this name or from this computer: try again in 2 s."]
    assert "editor" not in test.session_state
    assert test.info[0].value == "Adding and reviewing are for editors: sign in in the sidebar."
    assert [record.getMessage().split(" (")[0] for record in caplog.records if record.name == "tracker.app.auth"] == ["sign-in failed for name 'dewi' from local"] * 3 + [
        "sign-in refused without checking for name 'dewi' from local: 2 s still to wait"]
    # Another name from the same computer waits as well (the client's count), in Indonesian here.
    indonesian = run_app({"lang": "id"})
    fields = {field.label: field for field in indonesian.sidebar.text_input}
    fields["Nama"].input("budi")
    fields["Kata sandi"].input("guess")
    next(button for button in indonesian.sidebar.button if button.label == "Masuk").click().run()
    assert indonesian.sidebar.error[0].value == ("Terlalu banyak percobaan masuk yang gagal untuk nama ini atau dari "
                                                 "komputer ini: coba lagi dalam 2 detik.")
