"""Every query in queries/ against the shared fixture database, checked against the same
numbers computed in plain Python from the engine's output and the reviewed tags."""

import re
from collections import Counter

import duckdb
import pytest

from conftest import FIXTURE_DATA, SOURCES, query, rows_as_shown
from tracker.store import database
from tracker.store import queries
from tracker.store.filters import Filters
from tracker.engine.extraction import extract_file

APPROACHES = ["punitive", "harm_reduction", "mixed", "neither"]
AUDIENCES = ["government", "app_developers", "ngos", "researchers", "public", "sex_workers"]
CASES = {
    "none": (Filters(), lambda row: True),
    "app developers": (Filters(audience=("app_developers",)), lambda row: "app_developers" in row["audiences"]),
    "government, mixed": (Filters(audience=("government",), approach=("mixed",)),
                          lambda row: "government" in row["audiences"] and row["approach"] == "mixed"),
    "two audiences": (Filters(audience=("ngos", "public")), lambda row: {"ngos", "public"} & set(row["audiences"])),
    "MiChat": (Filters(platform=("MiChat",)), lambda row: "MiChat" in row["platforms"]),
    "one document": (Filters(doc=("002_c440a2708b67ebd2",)), lambda row: row["document_id"] == "002_c440a2708b67ebd2"),
    "search tegas": (Filters(q="tegas"), lambda row: re.search(r"\btegas", row["text"], re.IGNORECASE)),
    "search privasi keamanan": (Filters(q="privasi keamanan"), lambda row: "privasi" in row["text"] and "keamanan" in row["text"]),
    "injection": (Filters(q="'; DROP TABLE recommendations; -- <script>"), lambda row: False),
    "audience not identified": (Filters(audience=("none",)), lambda row: not row["audiences"]),
    "not identified or researchers": (Filters(audience=("none", "researchers")), lambda row: not row["audiences"] or "researchers" in row["audiences"]),
    "year 2021": (Filters(year=("2021",)), lambda row: row["year"] == 2021),
}


@pytest.fixture(scope="module")
def connection(fixture_db):
    connection = database.connect_read_only(fixture_db)
    yield connection
    connection.close()


@pytest.fixture(scope="module", params=["fixture data", "varied data"])
def counted(request, fixture_db, varied_data):
    """A connection and the rows it should show, on the fixture data and on a varied copy
    (one recommendation with no audience, some years stated)."""
    data, db = (FIXTURE_DATA, fixture_db) if request.param == "fixture data" else varied_data
    connection = database.connect_read_only(db)
    yield connection, rows_as_shown(data)
    connection.close()


def result(connection, name, **params):
    cursor = queries.run(connection, name, **params)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def test_every_query_file_is_one_documented_statement():
    assert len(queries.all_names()) >= 25
    for name in queries.all_names():
        sql = queries.load(name)
        lines = sql.strip().splitlines()
        assert lines[0].startswith("-- "), name
        assert any(line.startswith("-- Parameters:") or line.startswith("-- Arguments:") for line in lines), name
        assert len(duckdb.extract_statements(sql)) == 1, f"{name} must hold exactly one statement"


def test_run_refuses_wrong_parameters(connection):
    with pytest.raises(TypeError, match="takes"):
        queries.run(connection, "document_text", document="x")
    with pytest.raises(ValueError):
        queries.load("../app")


@pytest.mark.parametrize("case", CASES)
def test_filtered_queries_match_an_independent_count(case, counted):
    connection, expected_rows = counted
    filters, keep = CASES[case]
    params = filters.sql_params()
    kept = [row for row in expected_rows if keep(row)]

    headline = result(connection, "overview_headline", **params)[0]
    approaches = Counter(row["approach"] for row in kept)
    assert headline == {
        "documents": len({row["document_id"] for row in kept}),
        "recommendations": len(kept),
        **{approach: approaches[approach] for approach in APPROACHES},
        "no_audience": sum(1 for row in kept if not row["audiences"]),
        "several_audiences": sum(1 for row in kept if len(row["audiences"]) > 1),
        "reviewed": sum(row["reviewed"] for row in kept),
    }

    # Every recommendation counts under each of its audiences, or under "none".
    chosen_audiences = list(filters.audience) or [*AUDIENCES, "none"]
    pairs = Counter((audience, row["approach"]) for row in kept for audience in (row["audiences"] or ["none"]) if audience in chosen_audiences)
    reviewed = Counter((audience, row["approach"]) for row in kept if row["reviewed"] for audience in (row["audiences"] or ["none"])
                       if audience in chosen_audiences)
    counts = result(connection, "audience_approach_counts", **params)
    assert counts == [
        {"audience": audience, "approach": approach, "recommendations": pairs[(audience, approach)],
         "reviewed": reviewed[(audience, approach)]}
        for audience in [*AUDIENCES, "none"] if audience in chosen_audiences for approach in APPROACHES
    ]
    if not filters.audience:
        assert sum(row["recommendations"] for row in counts) == len(kept) + sum(len(row["audiences"]) - 1 for row in kept if row["audiences"])

    by_document = Counter((row["document_id"], row["approach"]) for row in kept)
    assert {(r["document_id"], r["approach"]): r["recommendations"] for r in result(connection, "approach_by_document", **params, limit=10)} == by_document
    # With a limit, the documents with most recommendations come first.
    top = result(connection, "approach_by_document", **params, limit=1)
    totals = Counter(row["document_id"] for row in kept)
    assert {row["document_id"] for row in top} == ({min(totals, key=lambda d: (-totals[d], d))} if kept else set())
    by_platform = Counter((platform, row["approach"]) for row in kept for platform in (row["platforms"] or ["(not stated)"]))
    assert {(r["platform"], r["approach"]): r["recommendations"] for r in result(connection, "approach_by_platform", **params)} == by_platform
    by_year = Counter((row["year"], row["approach"]) for row in kept)
    assert {(r["year"], r["approach"]): r["recommendations"] for r in result(connection, "approach_by_year", **params)} == by_year

    assert result(connection, "recommendations_count", **params) == [{"recommendations": len(kept)}]
    page = result(connection, "recommendations_page", **params, limit=2, offset=1)
    assert [row["text"] for row in page] == [row["text"] for row in kept[1:3]]
    exported = result(connection, "export_recommendations", **params)
    assert [row["text"] for row in exported] == [row["text"] for row in kept]
    assert [row["approach"] for row in exported] == [row["approach"] for row in kept]

    per_document = Counter(row["document_id"] for row in kept)
    overview = result(connection, "documents_overview", **params, limit=10, offset=0)
    assert {row["id"]: row["recommendations"] for row in overview if row["recommendations"]} == per_document
    shown_documents = len(set(filters.doc) or {row["id"] for row in overview})
    assert result(connection, "documents_count", platform=params["platform"], doc=params["doc"], year=params["year"]) == [{"documents": shown_documents}]


def test_export_carries_citation_columns(connection):
    exported = result(connection, "export_recommendations", **Filters(audience=("app_developers",)).sql_params())
    assert exported[0]["document_title"] == "003_00fbc321b512853d.txt"
    assert exported[0]["institution"] == "Universitas Multimedia Nusantara"
    assert exported[0]["section_heading"] == "5.2.2 Saran Praktis"
    assert exported[0]["platforms"] == "MiChat"
    assert exported[0]["audiences"] == "app_developers"


def test_evidence_passage_and_spans(connection):
    extraction = extract_file(SOURCES / "001_c6977e057d9b252a.txt")
    first = extraction.recommendations[0]
    recommendation_id = f"001_c6977e057d9b252a:{first.start}-{first.end}"
    evidence = result(connection, "evidence_for_recommendations", ids=[recommendation_id])
    assert sorted((e["label"], e["cue"], e["start_offset"]) for e in evidence) == sorted((e.label, e.cue, e.start) for e in first.evidence)
    passage = result(connection, "passage", document_id="001_c6977e057d9b252a", start=first.start - 10, length=40)[0]
    assert passage == {"passage": extraction.text[first.start - 10:first.start + 30], "passage_start": first.start - 10}
    spans = result(connection, "document_recommendation_spans", document_id="001_c6977e057d9b252a")
    assert [(s["start_offset"], s["end_offset"]) for s in spans] == [(r.start, r.end) for r in extraction.recommendations]
    assert result(connection, "document_text", document_id="001_c6977e057d9b252a")[0]["text"] == extraction.text


def test_reference_queries(connection):
    labels = result(connection, "labels")
    assert [row["id"] for row in labels if row["kind"] == "approaches"] == APPROACHES
    options = result(connection, "filter_options")
    assert sorted(row["value"] for row in options if row["kind"] == "platform") == ["MiChat", "Twitter"]
    assert sorted(row["value"] for row in options if row["kind"] == "year") == ["2022", "2023", "2024"]
    assert [row["id"] for row in result(connection, "document_labels", ids=["002_c440a2708b67ebd2", "nope"])] == ["002_c440a2708b67ebd2"]
    assert [row["id"] for row in result(connection, "document_options", q="", limit=10)] == sorted(p.stem for p in SOURCES.iterdir())
    assert [row["id"] for row in result(connection, "document_options", q="MULTIMEDIA", limit=10)] == ["003_00fbc321b512853d"]
    assert [row["id"] for row in result(connection, "document_options", q="padang", limit=10)] == ["002_c440a2708b67ebd2"]
    assert result(connection, "document_options", q="%", limit=10) == []
    assert {row["key"] for row in result(connection, "build_info")} == {"built_at", "codebook_version", "engine_version", "files_state", "change"}


def test_injection_leaves_the_database_intact(connection):
    for text in ["'; DROP TABLE recommendations; --", "\" OR 1=1", ".*(", "$patterns", "\\", "%_"]:
        params = Filters(q=text).sql_params()
        result(connection, "recommendations_count", **params)
    assert result(connection, "recommendations_count", **Filters().sql_params()) == [{"recommendations": 22}]


def test_schema_queries_create_the_tables(tmp_path):
    connection = duckdb.connect(str(tmp_path / "empty.duckdb"))
    database.create_schema(connection)
    assert result(connection, "recommendations_count", **Filters().sql_params()) == [{"recommendations": 0}]
    connection.close()
    assert {f"insert_{name}" for name in database.SCHEMA} <= set(queries.all_names())


def test_review_queue_puts_unidentified_audiences_first(varied_data):
    _, db = varied_data
    queue = query(db, "review_queue", **Filters().sql_params(), limit=100)
    assert len(queue) == 22
    assert queue[0]["audiences"] == [] and all(row["audiences"] for row in queue[1:])
    need = [(not row["audiences"], row["needs_review"], -row["confidence"]) for row in queue]
    assert need == sorted(need, reverse=True)
    only = query(db, "review_queue", **Filters(audience=("none",)).sql_params(), limit=100)
    assert [row["id"] for row in only] == [queue[0]["id"]]
