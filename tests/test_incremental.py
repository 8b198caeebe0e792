"""Saves touch only what they change, and the database they leave equals a rebuild from the text files."""

import re
import shutil

from conftest import DOCUMENTS, ROOT, distinct_document, query, target, text_lines, write_pdf
from tracker.store import cache, curation, database
from tracker.store.filters import Filters

TABLES = ("documents", "sections", "recommendations", "evidence", "audit", "labels", "platforms", "reviewed_tags")
APP_DEVELOPERS = "003_00fbc321b512853d:3299-4283"


def contents(db) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, and build_info but the build time."""
    connection = database.connect_read_only(db)
    try:
        found = {name: sorted(connection.table(name).fetchall(), key=repr) for name in TABLES}
        found["build_info"] = sorted(row for row in connection.table("build_info").fetchall() if row[0] not in ("built_at", "change"))
        return found
    finally:
        connection.close()


def storage_order(db) -> list[str]:
    """Recommendation ids as a plain scan returns them (what recommendations_page.sql relies on)."""
    connection = database.connect_read_only(db)
    try:
        return [row[0] for row in connection.table("recommendation_rows").project("id").fetchall()]
    finally:
        connection.close()


def assert_equals_a_rebuild(data, db, tmp_path):
    rebuilt = tmp_path / "rebuilt.duckdb"
    rebuilt.unlink(missing_ok=True)
    database.build(rebuilt, data)
    assert contents(db) == contents(rebuilt)
    assert storage_order(db) == storage_order(rebuilt)
    ordered = sorted(query(db, "export_recommendations", **Filters().sql_params()),
                     key=lambda row: (row["recommendation_id"].split(":")[0], row["start_offset"]))
    assert query(db, "export_recommendations", **Filters().sql_params()) == ordered


def ids_of(db, document_id):
    return [row["recommendation_id"] for row in query(db, "export_recommendations", **Filters(doc=(document_id,)).sql_params())]


def test_every_kind_of_save_leaves_what_a_rebuild_makes(workspace, tmp_path):
    data, db = workspace
    # A review and a rejection: no document is read or extracted again.
    done = curation.review(data, db, target(db, APP_DEVELOPERS),
                           curation.Tagging(("app_developers", "government"), "mixed", ("safety_privacy",), "Safety features."), "dewi")
    assert (done["read"], done["tagged"]) == (0, 0)
    assert_equals_a_rebuild(data, db, tmp_path)
    done = curation.reject(data, db, target(db, "002_c440a2708b67ebd2:2210-2398"), "budi", "background")
    assert (done["read"], done["tagged"]) == (0, 0)
    assert_equals_a_rebuild(data, db, tmp_path)
    # A split (the document gains a row, so the table is put back in order) and a merge.
    original = target(db, APP_DEVELOPERS)
    curation.split(data, db, original, original.text.index("Oleh karena itu, pengembang"), "dewi")
    assert_equals_a_rebuild(data, db, tmp_path)
    first, second = [target(db, identifier) for identifier in ids_of(db, "003_00fbc321b512853d")[:2]]
    curation.merge(data, db, first, second, "budi")
    assert_equals_a_rebuild(data, db, tmp_path)
    # A metadata edit that brings a new platform (every platform's bit moves).
    [row] = [row for row in database.read_sources(data / "sources.csv") if row["id"] == "001_c6977e057d9b252a"]
    seen = curation.metadata_of(row)
    edited = curation.Metadata(**{**seen.__dict__, "platforms": "Bumble; MiChat", "year": "2021", "title": "Judul baru"})
    curation.update_metadata(data, db, "001_c6977e057d9b252a", edited, "dewi", seen=seen)
    assert [row["name"] for row in query(db, "platform_positions")] == ["Bumble", "MiChat", "Twitter"]
    assert_equals_a_rebuild(data, db, tmp_path)
    # Added documents: one whose id sorts last, with tags chosen on upload, then a review of it.
    pdf = write_pdf(text_lines((DOCUMENTS / "full_thesis.txt").read_text(encoding="utf-8")), tmp_path / "thesis.pdf")
    found = curation.preview("thesis.pdf", pdf.read_bytes(), data)
    first_found = found.recommendations[0]
    tags = (((first_found.start, first_found.end), curation.Tagging(("government",), "punitive", ())),)
    paper = tmp_path / "paper.txt"
    paper.write_text(distinct_document(3), encoding="utf-8")
    stated = curation.Metadata(title="Prostitusi daring di aplikasi pesan", author="Dewi", year="2023", institution="UNS",
                               platforms="Telegram")
    added, _, refused = curation.add_documents(
        data, db, [curation.Upload("thesis.pdf", pdf.read_bytes(), stated, tags), curation.Upload("paper.txt", path=str(paper))], "dewi")
    assert (len(added), refused) == (2, [])
    assert_equals_a_rebuild(data, db, tmp_path)
    curation.review(data, db, target(db, ids_of(db, added[1])[0]), curation.Tagging(("researchers",), "neither", ()), "dewi")
    assert_equals_a_rebuild(data, db, tmp_path)


def test_the_cache_is_reused_and_a_codebook_change_retags_from_cached_text(workspace, tmp_path):
    data, db = workspace
    pdf = write_pdf(text_lines((DOCUMENTS / "full_thesis.txt").read_text(encoding="utf-8")), tmp_path / "thesis.pdf")
    stated = curation.Metadata(title="Prostitusi daring", author="Dewi", year="2023", institution="UNS")
    curation.add_documents(data, db, [curation.Upload("thesis.pdf", pdf.read_bytes(), stated)], "dewi")
    documents = len(database.read_sources(data / "sources.csv"))
    warm = database.build(db, data)
    assert (warm["documents"], warm["read"], warm["tagged"]) == (documents, 0, 0)
    # Another codebook (a cue added) is another engine version: every document is tagged
    # again, from the text the cache holds; no file is read.
    codebook = tmp_path / "codebook.yaml"
    text = (ROOT / "data" / "codebook.yaml").read_text(encoding="utf-8")
    codebook.write_text(text + "\n# a changed codebook\n", encoding="utf-8")
    assert cache.engine_version(codebook) != cache.engine_version()
    retagged = database.build(db, data, codebook_path=codebook)
    assert (retagged["read"], retagged["tagged"]) == (0, documents)
    info = {row["key"]: row["value"] for row in query(db, "build_info")}
    assert info["engine_version"] == cache.engine_version(codebook)
    # Only the entries of the current versions stay.
    assert sorted(path.name for path in (data / ".cache" / "extraction").iterdir()) == [cache.engine_version(codebook)]


def test_deleting_the_cache_and_the_database_and_rebuilding_gives_the_same_database(workspace, tmp_path):
    data, db = workspace
    curation.review(data, db, target(db, APP_DEVELOPERS), curation.Tagging(("public",), "punitive", ()), "dewi")
    before = contents(db)
    shutil.rmtree(data / ".cache")
    db.unlink()
    cold = database.build(db, data)
    documents = len(database.read_sources(data / "sources.csv"))
    assert (cold["read"], cold["tagged"]) == (documents, documents)
    assert contents(db) == before


def test_the_update_statement_names_every_column(fixture_db):
    """A column added to recommendation_rows but not to the update would go stale on a save."""
    connection = database.connect_read_only(fixture_db)
    try:
        columns = set(connection.table("recommendation_rows").columns)
    finally:
        connection.close()
    statement = (ROOT / "queries" / "update_recommendation_slots.sql").read_text(encoding="utf-8")
    set_columns = set(re.findall(r"^(?:SET)?\s*(\w+) = (?:n\.|list_text\(n\.)", statement, re.MULTILINE))
    assert set_columns == columns - {"document_id", "position"}
