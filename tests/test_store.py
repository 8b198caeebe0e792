"""Building the DuckDB store: contents, reviewed tags winning, atomic replacement."""

import os
import shutil

import pytest

from conftest import COPY_IGNORE, FIXTURE_DATA, ROOT
from tracker.store import database
from tracker.engine.reading import DocumentError


def fetch(path, sql):
    connection = database.connect_read_only(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def copy_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    return data


def test_build_holds_every_document_and_recommendation(fixture_db, expected_rows):
    assert fetch(fixture_db, "SELECT count(*) FROM documents") == [(8,)]
    assert fetch(fixture_db, "SELECT count(*) FROM recommendations") == [(len(expected_rows),)]
    shown = fetch(fixture_db, "SELECT document_id, text, audiences, approach, themes FROM recommendations ORDER BY document_id, position")
    assert shown == [(r["document_id"], r["text"], r["audiences"], r["approach"], r["themes"]) for r in expected_rows]
    assert fetch(fixture_db, "SELECT count(*) FROM labels WHERE kind = 'audiences'") == [(6,)]
    assert fetch(fixture_db, "SELECT heading FROM sections WHERE document_id = '003_00fbc321b512853d'") == [("5.2 Saran",)]
    # Every evidence row points at its cue's words in the document text.
    for cue, start, end, text in fetch(fixture_db, "SELECT e.cue, e.start_offset, e.end_offset, d.text FROM evidence e "
                                       "JOIN recommendations r ON r.id = e.recommendation_id JOIN documents d ON d.id = r.document_id"):
        assert text[start:end].split()[0] == cue.split()[0]


def test_reviewed_tags_win_and_both_are_kept(tmp_path):
    data = copy_data(tmp_path)
    lines = (data / "reviewed_tags.jsonl").read_text(encoding="utf-8").splitlines()
    # A reviewer disagrees with the engine on the app-developer recommendation.
    index = next(i for i, line in enumerate(lines) if "Berdasarkan temuan penelitian ini" in line)
    lines[index] = lines[index].replace('"approach": "harm_reduction"', '"approach": "mixed"').replace(
        '"reviewer": "seed reading (engineering team)"', '"reviewer": "Dewi"')
    (data / "reviewed_tags.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "db.duckdb"
    database.build(path, data)
    row = fetch(path, "SELECT approach, engine_approach, reviewed_approach, tag_source, tag_source_note "
                      "FROM recommendations WHERE list_contains(audiences, 'app_developers')")
    assert row == [("mixed", "harm_reduction", "mixed", "review", "reviewed by Dewi on 2026-11-23")]


def test_without_reviews_the_engine_tags_are_shown(tmp_path):
    data = copy_data(tmp_path)
    (data / "reviewed_tags.jsonl").unlink()
    path = tmp_path / "db.duckdb"
    database.build(path, data)
    assert fetch(path, "SELECT DISTINCT tag_source, tag_source_note FROM recommendations") == [("engine", "engine tags; not yet reviewed")]
    assert fetch(path, "SELECT count(*) FROM recommendations WHERE needs_review") == [(1,)]


@pytest.mark.parametrize("breakage, error", [
    (lambda data: (data / "sources.csv").write_text("id,file\nx,y\n", encoding="utf-8"), database.StoreError),
    (lambda data: (data / "sources" / "002_c440a2708b67ebd2.txt").write_bytes(b"Saran \x00\x01\x02 binary"), DocumentError),
    (lambda data: (data / "reviewed_tags.jsonl").write_text("{not json\n", encoding="utf-8"), database.StoreError),
])
def test_failed_build_leaves_the_previous_database_working(tmp_path, breakage, error):
    data = copy_data(tmp_path)
    path = tmp_path / "db.duckdb"
    database.build(path, data)
    before = fetch(path, "SELECT id, approach FROM recommendations ORDER BY id")
    breakage(data)
    with pytest.raises(error):
        database.build(path, data)
    assert fetch(path, "SELECT id, approach FROM recommendations ORDER BY id") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "db.duckdb"]


def test_build_command_reports_and_fails_cleanly(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "cli.duckdb"
    result = subprocess.run([sys.executable, "-m", "tracker", "build", "--db", str(path)], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "TRACKER_DATA": str(FIXTURE_DATA)})
    assert result.returncode == 0
    assert result.stdout.strip() == f"built {path}: 8 documents, 22 recommendations, {fetch(path, 'SELECT count(*) FROM evidence')[0][0]} evidence"
