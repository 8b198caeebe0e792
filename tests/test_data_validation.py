"""The build checks every data file and refuses a bad one with its file and line, leaving the
previous database as it was; the add form's year is checked the same way."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURE_DATA, ROOT
from tracker.store import curation, database

COLUMNS = ",".join(database.SOURCE_COLUMNS)


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, folder, ignore=shutil.ignore_patterns("*.duckdb*", ".lock"))
    return folder


def set_review(data, line: int, **changes) -> None:
    """Change (or, with None as the value, drop) keys of one reviewed-tag record."""
    path = data / "reviewed_tags.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[line - 1])
    for key, value in changes.items():
        if value is None:
            row.pop(key)
        else:
            row[key] = value
    lines[line - 1] = json.dumps(row, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def set_source(data, line: int, text: str) -> None:
    path = data / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


SECOND = "001_c6977e057d9b252a,001_c6977e057d9b252a.txt,,,,Bekasi,{year},MiChat,communication,,id,closing chapter,{url}"


REVIEWED = [
    ({"audiences": ["aliens"]}, "audience 'aliens' is not in the codebook"),
    ({"themes": ["education", "astrology"]}, "theme 'astrology' is not in the codebook"),
    ({"approach": "gentle"}, "approach 'gentle' is not in the codebook"),
    ({"audiences": "null"}, "audiences must be a list of ids, not null"),
    ({"themes": [1, 2]}, "themes must be a list of ids, not [1, 2]"),
    ({"approach": None}, "no 'approach'"),
    ({"reviewed_at": None}, "no 'reviewed_at'"),
    ({"start": "3612"}, 'start must be a whole number from 0 to 2147483647, not "3612"'),
    ({"end": 10**20}, "end must be a whole number from 0 to 2147483647, not 100000000000000000000"),
    ({"end": 1}, "end (1) must come after start (3612)"),
    ({"status": "maybe"}, "status 'maybe' must be accepted or rejected"),
    ({"replaces": [[1, "x"]], "text": "t"}, "replaces must be a list of [start, end] pairs"),
    ({"replaces": [[3612, 3700]]}, "a split or merge needs its text"),
]


@pytest.mark.parametrize("changes, problem", REVIEWED)
def test_a_bad_reviewed_tag_is_refused_with_its_line(data, tmp_path, changes, problem):
    if changes.get("audiences") == "null":
        changes = {"audiences": None}
        path = data / "reviewed_tags.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[0] = lines[0].replace('"audiences": ["sex_workers"]', '"audiences": null')
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        set_review(data, 1, **changes)
    with pytest.raises(database.StoreError) as refused:
        database.build(tmp_path / "db.duckdb", data)
    assert str(refused.value) == f"{data / 'reviewed_tags.jsonl'}: line 1: {problem}"


@pytest.mark.parametrize("line, problem", [
    ('{"document": "a.txt", "start": [[[[' + "[" * 100_000, "not JSON (nested too deeply)"),
    ("[1, 2]", "not a JSON object"),
    ("{'single': 'quotes'}", "not JSON (Expecting property name enclosed in double quotes)"),
])
def test_a_line_that_is_not_a_record(data, tmp_path, line, problem):
    with (data / "reviewed_tags.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    lines = (data / "reviewed_tags.jsonl").read_text(encoding="utf-8").splitlines()
    with pytest.raises(database.StoreError) as refused:
        database.build(tmp_path / "db.duckdb", data)
    assert str(refused.value) == f"{data / 'reviewed_tags.jsonl'}: line {len(lines)}: {problem}"


@pytest.mark.parametrize("row, problem", [
    (SECOND.format(year="99999999999", url=""), "year '99999999999' is not a year: write four digits from 1900 to 2100"),
    (SECOND.format(year="²⁰²⁴", url=""), "year '²⁰²⁴' is not a year: write four digits from 1900 to 2100"),
    (SECOND.format(year="1066", url=""), "year '1066' is not a year: write four digits from 1900 to 2100"),
    (SECOND.format(year="2024", url="javascript:alert(1)"),
     "url 'javascript:alert(1)' is not a web address starting with http:// or https://"),
    (SECOND.format(year="2024", url="") + ",extra", "14 fields; expected 13"),
    ("001_c6977e057d9b252a,001_c6977e057d9b252a.txt,,,,Bekasi", "6 fields; expected 13"),
    (",001_c6977e057d9b252a.txt" + "," * 11, "no id or no file"),
    ("001:x,001_c6977e057d9b252a.txt" + "," * 11, "id '001:x' must be letters, digits, '_', '.' or '-' (at most 100)"),
    ("000_2bdf1a7431f1e419,001_c6977e057d9b252a.txt" + "," * 11, "repeats id 000_2bdf1a7431f1e419 (line 2)"),
    ("x,000_2bdf1a7431f1e419.txt" + "," * 11, "repeats file 000_2bdf1a7431f1e419.txt (line 2)"),
])
def test_a_bad_sources_row_is_refused_with_its_line(data, tmp_path, row, problem):
    set_source(data, 3, row)
    with pytest.raises(database.StoreError) as refused:
        database.build(tmp_path / "db.duckdb", data)
    assert str(refused.value) == f"{data / 'sources.csv'}: line 3: {problem}"


@pytest.mark.parametrize("file", ["../../../../etc/passwd", "/etc/passwd", "..", ".", "../sources.csv"])
def test_a_document_outside_the_sources_folder_is_refused(data, tmp_path, file):
    set_source(data, 3, f"001_c6977e057d9b252a,{file}" + "," * 11)
    with pytest.raises(database.StoreError) as refused:
        database.build(tmp_path / "db.duckdb", data)
    assert str(refused.value) == f"{data / 'sources.csv'}: line 3: file {file!r} is not inside {data / 'sources'}"


def test_a_link_out_of_the_sources_folder_is_refused_and_one_inside_is_read(data, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("5.2 Saran\n\n1. Pemerintah perlu membaca rahasia ini.\n", encoding="utf-8")
    (data / "sources" / "link.txt").symlink_to(outside)
    set_source(data, 3, "001_c6977e057d9b252a,link.txt" + "," * 11)
    with pytest.raises(database.StoreError, match="line 3: file 'link.txt' is not inside"):
        database.build(tmp_path / "db.duckdb", data)
    (data / "sources" / "link.txt").unlink()
    (data / "sources" / "link.txt").symlink_to(data / "sources" / "001_c6977e057d9b252a.txt")
    assert database.build(tmp_path / "db.duckdb", data)["documents"] == len(database.read_sources(data / "sources.csv"))


@pytest.mark.parametrize("name, line", [("sources.csv", 3), ("reviewed_tags.jsonl", 2), ("audit.jsonl", 1)])
def test_a_data_file_that_is_not_utf8_is_refused_with_its_line(data, tmp_path, name, line):
    path = data / name
    if name == "audit.jsonl":
        path.write_bytes(b'{"at": "2026-11-23", "editor": "D\xe9wi"}\n')
    else:
        lines = path.read_bytes().split(b"\n")
        lines[line - 1] = lines[line - 1].replace(b"Bekasi", b"B\xe9kasi").replace(b'"quote": "', b'"quote": "\xe9')
        path.write_bytes(b"\n".join(lines))
    offset = path.read_bytes().index(b"\xe9")
    with pytest.raises(database.StoreError) as refused:
        database.build(tmp_path / "db.duckdb", data)
    assert str(refused.value) == f"{path}: line {line} is not UTF-8 (byte 0xe9 at offset {offset}); save the file as UTF-8"


def test_sources_csv_saved_by_a_spreadsheet_with_a_bom_is_read(data, tmp_path):
    path = data / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert database.build(tmp_path / "db.duckdb", data)["documents"] == len(database.read_sources(data / "sources.csv"))


@pytest.mark.parametrize("content, problem", [
    (COLUMNS + '\nx,x.txt,"' + "a" * 200_000 + '"' + "," * 10, "line 2: not readable as CSV (field larger than field limit (131072))"),
    ("id,file,title\nx,x.txt,t", "line 1: the columns must be " + ", ".join(database.SOURCE_COLUMNS)),
])
def test_sources_csv_that_is_not_csv(data, tmp_path, content, problem):
    (data / "sources.csv").write_text(content + "\n", encoding="utf-8")
    with pytest.raises(database.StoreError) as refused:
        database.build(tmp_path / "db.duckdb", data)
    assert str(refused.value) == f"{data / 'sources.csv'}: {problem}"


@pytest.mark.parametrize("entry, problem", [
    ({"editor": None}, "editor must be text, not null"),
    ({"old": "dropped"}, "no 'old'"),
    ({"at": 5}, "at must be text, not 5"),
])
def test_a_bad_audit_line_says_what_is_wrong(data, tmp_path, entry, problem):
    good = {"at": "2026-11-23T00:00:00+00:00", "editor": "dewi", "recommendation_id": "x:1-2", "document": "x.txt",
            "action": "review", "field": "approach", "old": "punitive", "new": "mixed", "note": ""}
    bad = {**good, **entry}
    if entry.get("old") == "dropped":
        bad.pop("old")
    (data / "audit.jsonl").write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(database.StoreError) as refused:
        database.build(tmp_path / "db.duckdb", data)
    assert str(refused.value) == f"{data / 'audit.jsonl'}: line 2: {problem}"


def test_missing_sources_csv(data, tmp_path):
    (data / "sources.csv").unlink()
    with pytest.raises(database.StoreError) as refused:
        database.build(tmp_path / "db.duckdb", data)
    assert str(refused.value) == f"{data / 'sources.csv'}: no such file"


def test_the_build_command_refuses_in_one_line_and_keeps_the_database(data, tmp_path):
    db = tmp_path / "db.duckdb"
    database.build(db, data)
    before = db.read_bytes()
    set_review(data, 1, audiences=["aliens"])
    result = subprocess.run([sys.executable, "-m", "tracker", "build", "--db", str(db)], cwd=ROOT,
                            env={**os.environ, "TRACKER_DATA": str(data)}, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"error: build failed, the previous database is unchanged: {data / 'reviewed_tags.jsonl'}: "
                             "line 1: audience 'aliens' is not in the codebook\n")
    assert db.read_bytes() == before


@pytest.mark.parametrize("year", ["²⁰²⁴", "99999999999", "20 24"])
def test_the_add_form_refuses_an_odd_year_in_one_line(data, tmp_path, year):
    db = tmp_path / "db.duckdb"
    upload = curation.Upload("x.txt", b"5.2 Saran\n\n1. Pemerintah perlu bertindak.\n", curation.Metadata(year=year))
    added, skipped, refused = curation.add_documents(data, db, [upload], "dewi")
    assert (added, skipped, refused) == ([], [], [f"year {year!r} is not a year: write four digits from 1900 to 2100"])
