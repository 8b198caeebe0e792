"""Killed at any moment (SIGKILL), a save or an ingest leaves nothing half done once the next process starts."""

import json
import os
import random
import signal
import subprocess
import sys
import time

from conftest import ROOT, SOURCES, distinct_document, query, run_app
from test_incremental import contents
from tracker.store import changes, database
from tracker.store.filters import Filters

SAVER = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tracker.engine.codebook import load_codebook
from tracker.store import curation, database
from tracker.store.filters import Filters
data, db, first = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
def rows(name, **params):
    connection = database.connect_read_only(db)
    try:
        return database.fetch(connection, name, params)
    finally:
        connection.close()
ids = [row["recommendation_id"] for row in rows("export_recommendations", **Filters().sql_params())]
audiences = ["public", "ngos", "government", "researchers"]
load_codebook()
print("ready", flush=True)
for number in range(first, first + 50):
    [row] = rows("recommendation_target", id=ids[number % len(ids)])
    curation.review(data, db, curation.target_from_row(row),
                    curation.Tagging((audiences[number % 4],), "neither", (), f"summary {{number}}"), "dewi", f"save {{number}}")
"""


def recover_and_check(data, db, tmp_path):
    """What the next process does first, then: no leftovers, and the database equals a rebuild."""
    with changes.data_lock(data):
        found = changes.recover(data, db)
    print("recovered" if found else "clean", file=sys.stderr)
    assert not (data / changes.JOURNAL).exists()
    assert not (data / changes.STAGING).exists()
    assert database.stale_build_files(db) == []
    rebuilt = tmp_path / "rebuilt.duckdb"
    rebuilt.unlink(missing_ok=True)
    database.build(rebuilt, data)
    assert contents(db) == contents(rebuilt)


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_a_save_killed_at_random_moments_is_whole_or_absent(workspace, tmp_path):
    data, db = workspace
    script = SAVER.format(root=str(ROOT))
    rng = random.Random(10)
    started_saves = 0
    shown = query(db, "recommendations_count", **Filters().sql_params())[0]["recommendations"]
    for trial in range(20):
        child = subprocess.Popen([sys.executable, "-c", script, str(data), str(db), str(started_saves)],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.8))
        child.send_signal(signal.SIGKILL)
        child.wait()
        started_saves += 50
        # Before anyone recovers, the database is a whole file an app can read.
        assert query(db, "recommendations_count", **Filters().sql_params())[0]["recommendations"] == shown
        recover_and_check(data, db, tmp_path)
        # Each save is all or nothing: its reviewed tags and its audit line together.
        reviewed_notes = {row["note"] for row in lines(data / "reviewed_tags.jsonl") if row.get("note", "").startswith("save ")}
        assert reviewed_notes == {row["note"] for row in lines(data / "audit.jsonl")}
    assert len(lines(data / "audit.jsonl")) > 0  # some saves did land


def test_an_ingest_killed_at_random_moments_adds_each_file_whole_or_not_at_all(workspace, tmp_path):
    data, db = workspace
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    seeds = sorted(SOURCES.iterdir())
    for number in range(30):
        (incoming / f"paper{number:02d}.txt").write_text(distinct_document(100 + number), encoding="utf-8")
    environment = {**os.environ, "TRACKER_DATA": str(data), "TRACKER_DB": str(db)}
    command = [sys.executable, "-m", "tracker", "ingest", str(incoming), "--editor", "dewi"]
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "tracker", "ingest", str(SOURCES / seeds[0].name)], cwd=ROOT, env=environment,
                   capture_output=True, timeout=300)
    window = 2 * (time.monotonic() - started)
    rng = random.Random(11)
    for trial in range(20):
        child = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, window))
        child.send_signal(signal.SIGKILL)
        child.wait()
        recover_and_check(data, db, tmp_path)
        sources = database.read_sources(data / "sources.csv")
        assert sorted(path.name for path in (data / "sources").iterdir()) == sorted(row["file"] for row in sources)
        added = {row["document"] for row in lines(data / "audit.jsonl") if row["action"] == "add_document"}
        assert added == {row["file"] for row in sources} - {path.name for path in SOURCES.iterdir()}
    finished = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    assert finished.stdout.strip().splitlines()[-1].startswith("added ")
    assert len(database.read_sources(data / "sources.csv")) == len(list(SOURCES.iterdir())) + 30


def test_start_up_removes_what_a_killed_build_left(workspace):
    data, db = workspace
    for attempt in range(3):
        child = subprocess.Popen([sys.executable, "-m", "tracker", "build", "--db", str(db)], cwd=ROOT,
                                 env={**os.environ, "TRACKER_DATA": str(data)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not database.stale_build_files(db) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait()
    (data / changes.STAGING / "0123456789abcdef").mkdir(parents=True)
    (data / changes.STAGING / "0123456789abcdef" / "0.txt").write_text("staged, never committed", encoding="utf-8")
    # The app's first run cleans up (no other process holds the lock).
    run_app()
    assert database.stale_build_files(db) == []
    assert not (data / changes.STAGING).exists()
