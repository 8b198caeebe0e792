"""Adding documents and reviewing: what is written, the audit trail, rebuilds, concurrency, failures."""

import dataclasses
import json
import os
import subprocess
import sys
import threading

import pytest

from conftest import ROOT, SOURCES, query, target, text_lines, write_pdf
from tracker.store import curation
from tracker.store import database
from tracker.store.filters import Filters

APP_DEVELOPERS = "003_00fbc321b512853d:3299-4283"
COMPLETE = curation.Metadata(title="Sebuah laporan", author="Wulan Sari", institution="Universitas Harapan Bangsa", year="2024")


def snapshot(data, db):
    files = {path.relative_to(data): path.read_bytes() for path in sorted(data.rglob("*"))
             if path.is_file() and path.name != ".lock" and ".cache" not in path.relative_to(data).parts}
    rows = query(db, "export_recommendations", **Filters().sql_params())
    return files, rows


def audit_rows(data):
    path = data / "audit.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def headline(db, **filters):
    return query(db, "overview_headline", **Filters(**filters).sql_params())[0]


def test_review_writes_tags_and_audit_and_survives_a_rebuild(workspace):
    data, db = workspace
    change = curation.Tagging(("app_developers", "government"), "mixed", ("safety_privacy",), "Apps should add safety features.")
    curation.review(data, db, target(db, APP_DEVELOPERS), change, "dewi", "government is asked too")
    trail = audit_rows(data)
    assert [(row["editor"], row["field"], row["old"], row["new"]) for row in trail] == [
        ("dewi", "audiences", ["app_developers"], ["app_developers", "government"]),
        ("dewi", "approach", "harm_reduction", "mixed"),
        ("dewi", "summary_en", None, "Apps should add safety features."),
    ]
    assert all(row["note"] == "government is asked too" and row["recommendation_id"] == APP_DEVELOPERS for row in trail)
    result = subprocess.run([sys.executable, "-m", "tracker", "build"], cwd=ROOT, env=os.environ, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    [row] = query(db, "recommendation_target", id=APP_DEVELOPERS)
    assert (row["audiences"], row["approach"], row["summary_en"]) == (["app_developers", "government"], "mixed", "Apps should add safety features.")
    assert [r["field"] for r in query(db, "audit_for_recommendation", id=APP_DEVELOPERS)] == ["audiences", "approach", "summary_en"]
    assert headline(db, audience=("app_developers",))["mixed"] == 1


def test_reject_leaves_every_count_but_stays_on_record(workspace):
    data, db = workspace
    before = headline(db)["recommendations"]
    curation.reject(data, db, target(db, APP_DEVELOPERS), "dewi", "a description, not a recommendation")
    assert headline(db)["recommendations"] == before - 1
    assert headline(db, audience=("app_developers",))["recommendations"] == 0
    assert query(db, "recommendation_target", id=APP_DEVELOPERS)[0]["status"] == "rejected"
    assert [(row["action"], row["old"], row["new"]) for row in audit_rows(data)] == [("reject", "accepted", "rejected")]


def test_split_and_merge(workspace):
    data, db = workspace
    original = target(db, APP_DEVELOPERS)
    cut = original.text.index("Oleh karena itu, pengembang")
    curation.split(data, db, original, cut, "dewi")
    document = (SOURCES / "003_00fbc321b512853d.txt").read_text(encoding="utf-8")
    parts = [row for row in query(db, "export_recommendations", **Filters(doc=("003_00fbc321b512853d",)).sql_params())
             if row["start_offset"] >= original.start and row["end_offset"] <= original.end]
    assert [row["text"] for row in parts] == [original.text[:cut].rstrip(), original.text[cut:]]
    assert document[parts[1]["start_offset"]:].startswith("Oleh karena itu, pengembang")
    assert document[parts[0]["end_offset"] - 1] == "."
    assert all(row["audiences"] == "app_developers" for row in parts)
    # Merge the two parts again: one recommendation with the whole span.
    first, second = (target(db, row["recommendation_id"]) for row in parts)
    curation.merge(data, db, first, second, "budi")
    merged = [row for row in query(db, "export_recommendations", **Filters(doc=("003_00fbc321b512853d",)).sql_params())
              if row["start_offset"] == original.start]
    assert len(merged) == 1 and merged[0]["end_offset"] == original.end
    assert [row["action"] for row in audit_rows(data)] == ["split", "merge"]
    # Rebuilding from the text files gives the same result.
    database.build(db, data)
    assert query(db, "recommendations_count", **Filters(doc=("003_00fbc321b512853d",)).sql_params()) == [{"recommendations": 5}]


def test_add_a_pdf_with_corrected_tags(workspace, tmp_path):
    data, db = workspace
    before = headline(db)
    pdf = write_pdf(text_lines((ROOT / "tests" / "documents" / "full_thesis.txt").read_text(encoding="utf-8")), tmp_path / "thesis.pdf")
    preview = curation.preview("thesis.pdf", pdf.read_bytes())
    assert len(preview.recommendations) == 4
    first, second, third, fourth = preview.recommendations
    tags = (
        ((first.start, first.end), curation.Tagging(("government",), "punitive", tuple(first.themes))),
        ((second.start, second.end), curation.Tagging(("app_developers",), "mixed", ("safety_privacy",), "Reporting and data protection.")),
        ((third.start, third.end), curation.Tagging(tuple(third.audiences), third.approach, tuple(third.themes))),
        ((fourth.start, fourth.end), None),  # left out as not a recommendation
    )
    metadata = curation.Metadata(title="Prostitusi daring di aplikasi pesan", author="Wulan Sari", institution="Universitas Harapan Bangsa",
                                 city="Surabaya", year="2023", platforms="MiChat; Telegram")
    added, skipped, refused = curation.add_documents(data, db, [curation.Upload("thesis.pdf", pdf.read_bytes(), metadata, tags)], "dewi")
    assert (len(added), skipped, refused) == (1, [], [])
    document_id = added[0]
    assert (data / "sources" / f"{document_id}.pdf").read_bytes() == pdf.read_bytes()
    assert database.read_sources(data / "sources.csv")[-1]["title"] == "Prostitusi daring di aplikasi pesan"
    after = headline(db)
    assert (after["documents"], after["recommendations"]) == (before["documents"] + 1, before["recommendations"] + 3)
    assert headline(db, year=("2023",))["recommendations"] == 3 + 2  # and fixture 005's two
    assert headline(db, audience=("app_developers",), approach=("mixed",))["recommendations"] == 1
    assert {row["action"] for row in audit_rows(data)} == {"add_document", "review", "reject"}
    # The same file again is skipped, and nothing changes.
    files, rows = snapshot(data, db)
    assert curation.add_documents(data, db, [curation.Upload("again.pdf", pdf.read_bytes())], "dewi") == (
        [], [f"again.pdf: already present as {document_id}"], [])
    assert snapshot(data, db) == (files, rows)


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "file is empty"),
    ("binary.pdf", b"\x00\x01\x02 not a pdf", "not a readable PDF"),
    ("notes.rtf", b"{\\rtf1 Saran}", "unsupported file type '.rtf'"),
    ("latin1.txt", "Saran – café".encode("cp1252"), "not UTF-8 text"),
])
def test_bad_upload_is_refused_and_nothing_is_written(workspace, name, content, reason):
    data, db = workspace
    before = snapshot(data, db)
    added, skipped, refused = curation.add_documents(data, db, [curation.Upload(name, content)], "dewi")
    assert (added, skipped) == ([], [])
    assert len(refused) == 1 and refused[0].startswith(name) and reason in refused[0]
    assert snapshot(data, db) == before


def test_bad_metadata_is_refused(workspace):
    data, db = workspace
    upload = curation.Upload("x.txt", b"5.2 Saran\n\n1. Pemerintah perlu bertindak.\n", curation.Metadata(year="tahun lalu"))
    assert curation.add_documents(data, db, [upload], "dewi")[2] == ["year 'tahun lalu' is not a year: write four digits from 1900 to 2100"]


def test_interrupted_save_leaves_the_previous_state(workspace, monkeypatch):
    data, db = workspace
    before = snapshot(data, db)
    real_replace = os.replace

    def failing_replace(source, destination):
        if str(destination) == str(db):
            raise OSError(28, "No space left on device")
        return real_replace(source, destination)

    monkeypatch.setattr(database.os, "replace", failing_replace)
    change = curation.Tagging(("public",), "punitive", ())
    with pytest.raises(OSError, match="No space left"):
        curation.review(data, db, target(db, APP_DEVELOPERS), change, "dewi")
    with pytest.raises(OSError, match="No space left"):
        curation.add_documents(data, db, [curation.Upload("new.txt", b"5.2 Saran\n\n1. Pemerintah perlu bertindak tegas.\n", COMPLETE)], "dewi")
    assert snapshot(data, db) == before


def test_ingest_command(workspace, tmp_path):
    data, db = workspace
    folder = tmp_path / "incoming"
    folder.mkdir()
    # A title page states what the paper's own file does not (ingest takes metadata from the file).
    title_page = "REPORT\n\nPlatform Governance and Online Sex Work in Indonesia\n\nBy: Maya Lestari\n\nUniversity of Nusantara Raya\nJakarta\n2024\n\n"
    (folder / "paper.md").write_text(title_page + (ROOT / "tests" / "documents" / "english_paper.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "copy.txt").write_bytes((SOURCES / "001_c6977e057d9b252a.txt").read_bytes())
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 broken")
    result = subprocess.run([sys.executable, "-m", "tracker", "ingest", str(folder), "--editor", "dewi"], cwd=ROOT,
                            env=os.environ, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "skipped (already present): copy.txt: already present as 001_c6977e057d9b252a"
    assert lines[1].startswith("refused: broken.docx: not a readable DOCX file")
    assert lines[2].startswith("added 1, skipped 1, refused 1: 008_")
    assert "3/3" in result.stderr
    assert headline(db)["recommendations"] == 26


def test_a_second_editor_is_told_who_changed_what_and_loses_nothing(workspace):
    data, db = workspace
    seen_by_dewi = seen_by_budi = target(db, APP_DEVELOPERS)
    curation.review(data, db, seen_by_budi, curation.Tagging(("app_developers", "government"), "harm_reduction",
                                                            tuple(seen_by_budi.current["themes"])), "budi", "the state is asked too")
    files, rows = snapshot(data, db)
    mine = curation.Tagging(("app_developers",), "mixed", tuple(seen_by_dewi.current["themes"]), "Apps should add safety features.")
    with pytest.raises(curation.ConflictError) as refused:
        curation.review(data, db, seen_by_dewi, mine, "dewi")
    [row] = query(db, "recommendation_target", id=APP_DEVELOPERS)
    assert str(refused.value) == (
        f"Not saved: budi on {row['reviewed_at']} changed this recommendation "
        "(audiences: app_developers → app_developers, government). Your change is kept: apply it on top of theirs, or leave it."
    )
    assert (refused.value.editor, refused.value.differences) == (
        "budi", [("audiences", ["app_developers"], ["app_developers", "government"])])
    assert snapshot(data, db) == (files, rows)  # nothing of dewi's was written
    # Dewi applies hers on top: budi's audiences stay, her approach and summary are added.
    on_top = curation.on_top(seen_by_dewi.current, mine, refused.value.current.current)
    curation.review(data, db, refused.value.current, on_top, "dewi")
    [row] = query(db, "recommendation_target", id=APP_DEVELOPERS)
    assert (row["audiences"], row["approach"], row["summary_en"]) == (["app_developers", "government"], "mixed",
                                                                      "Apps should add safety features.")
    assert [(entry["editor"], entry["field"]) for entry in audit_rows(data)] == [
        ("budi", "audiences"), ("dewi", "approach"), ("dewi", "summary_en")]


def test_a_save_on_a_recommendation_split_meanwhile_says_so(workspace):
    data, db = workspace
    seen = target(db, APP_DEVELOPERS)
    curation.split(data, db, seen, seen.text.index("Oleh karena itu, pengembang"), "budi")
    with pytest.raises(curation.ConflictError, match=r"^Not saved: this recommendation was split or merged by budi on "):
        curation.reject(data, db, seen, "dewi")


def test_many_editors_saving_different_recommendations_at_once_all_land(workspace):
    data, db = workspace
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})\n"
        "from conftest import target; from tracker.store import curation\n"
        "data, db = Path(sys.argv[1]), Path(sys.argv[2])\n"
        "curation.review(data, db, target(db, sys.argv[3]), curation.Tagging((sys.argv[4],), 'neither', ()), sys.argv[5])\n"
    ).format(root=str(ROOT), tests=str(ROOT / "tests"))
    chosen = [row["recommendation_id"] for row in query(db, "export_recommendations", **Filters().sql_params())][:6]
    edits = [(identifier, audience, f"editor{number}") for number, (identifier, audience)
             in enumerate(zip(chosen, ["public", "ngos", "government", "researchers", "sex_workers", "public"]))]
    start = threading.Barrier(len(edits))
    results = []

    def run(recommendation_id, audience, editor):
        start.wait()
        results.append(subprocess.run([sys.executable, "-c", script, str(data), str(db), recommendation_id, audience, editor],
                                      capture_output=True, text=True, timeout=300))

    threads = [threading.Thread(target=run, args=edit) for edit in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result.returncode == 0 for result in results), [result.stderr for result in results]
    for recommendation_id, audience, _ in edits:
        assert query(db, "recommendation_target", id=recommendation_id)[0]["audiences"] == [audience]


def test_a_metadata_edit_is_checked_against_what_its_editor_saw(workspace):
    data, db = workspace
    [row] = [row for row in database.read_sources(data / "sources.csv") if row["id"] == "002_c440a2708b67ebd2"]
    seen = curation.metadata_of(row)
    curation.update_metadata(data, db, "002_c440a2708b67ebd2", dataclasses.replace(seen, city="Padang Panjang"), "budi", seen=seen)
    mine = dataclasses.replace(seen, year="2019")
    with pytest.raises(curation.ConflictError) as refused:
        curation.update_metadata(data, db, "002_c440a2708b67ebd2", mine, "dewi", seen=seen)
    assert (refused.value.editor, refused.value.differences) == ("budi", [("city", "Padang", "Padang Panjang")])
    assert curation.update_metadata(data, db, "002_c440a2708b67ebd2", curation.metadata_on_top(seen, mine, refused.value.current),
                                    "dewi", seen=refused.value.current) == ["year"]
    [row] = [row for row in database.read_sources(data / "sources.csv") if row["id"] == "002_c440a2708b67ebd2"]
    assert (row["city"], row["year"]) == ("Padang Panjang", "2019")
    assert headline(db, year=("2019",))["recommendations"] == headline(db, doc=("002_c440a2708b67ebd2",))["recommendations"] > 0
    assert [(entry["editor"], entry["action"], entry["field"], entry["old"], entry["new"]) for entry in audit_rows(data)] == [
        ("budi", "edit_metadata", "city", "Padang", "Padang Panjang"), ("dewi", "edit_metadata", "year", None, "2019")]
