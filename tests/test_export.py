"""Exports an analyst can use: the command line, the columns, the formatted workbook, file names."""

import csv
import io
import subprocess
import sys
from datetime import date

import openpyxl
import pyarrow.parquet
import pytest

from conftest import ROOT, query
from tracker.analysis import export
from tracker.analysis.labels import Labels
from tracker.app.i18n import text
from tracker.store.filters import Filters

APP_DEVELOPERS = "003_00fbc321b512853d:3299-4283"


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_export_command_keeps_only_the_audience_with_citation_columns(fixture_db, tmp_path):
    out = tmp_path / "x.csv"
    result = run("export", "--format", "csv", "--audience", "app_developers", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out}: 1 recommendation"
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert row["recommendation_id"] == APP_DEVELOPERS
    assert row["audiences"] == "app_developers" and row["audience_names"] == "App developers and platforms"
    assert row["citation"] == "[Untitled document: MiChat]. (n.d.). Universitas Multimedia Nusantara."
    assert row["in_text_citation"] == "([Untitled document: MiChat], n.d.)"
    assert {"url", "page", "summary_en", "section_heading", "review_status"} <= set(row)
    assert row["review_status"] == "reviewed by a person"
    assert row["section_heading"] == "5.2.2 Saran Praktis"


def test_export_command_in_indonesian_with_a_view_file_name(fixture_db, tmp_path):
    result = subprocess.run([sys.executable, "-m", "tracker", "export", "--format", "parquet", "--audience", "government",
                             "--approach", "harm_reduction", "--lang", "id"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    name = f"recommendations_government_harm-reduction_id_{date.today().isoformat()}.parquet"
    rows = pyarrow.parquet.read_table(tmp_path / name).to_pylist()
    assert [row["document_id"][:3] for row in rows] == ["003", "005", "006", "007"]
    assert {row["approach_name"] for row in rows} == {"Pengurangan dampak buruk"}
    assert rows[1]["citation"] == ("Sari, R. K. (2023). Akses layanan kesehatan seksual bagi pekerja seks daring di Surabaya. "
                                   "Universitas Tanjung Harapan.")
    assert rows[1]["in_text_citation"] == "(Sari, 2023)"
    assert rows[1]["review_status"] == "hanya mesin"


@pytest.mark.parametrize("arguments, message", [
    (["--audience", "aliens"], "error: unknown audience 'aliens'; known: government, app_developers, ngos, researchers, public, sex_workers"),
    (["--doc", "999_nothing"], "error: unknown doc '999_nothing'"),
    (["--year", "1850"], "error: unknown year '1850'; known: 2022, 2023, 2024"),
])
def test_export_command_refuses_unknown_values(fixture_db, tmp_path, arguments, message):
    result = run("export", "--format", "csv", *arguments, "--out", str(tmp_path / "x.csv"))
    assert (result.returncode, result.stderr.strip()) == (2, message)
    assert not (tmp_path / "x.csv").exists()


def test_workbook_is_formatted_with_codebook_and_filters(fixture_db):
    filters = Filters(audience=("government",), q="HIV")
    rows = query(fixture_db, "export_recommendations", **filters.sql_params())
    labels = Labels(tuple(query(fixture_db, "labels")))
    info = {row["key"]: row["value"] for row in query(fixture_db, "build_info")}
    name, data = export.export_file("xlsx", rows, labels, filters, {}, info, lambda key, **v: text(key, "en", **v), date(2026, 11, 24))
    assert name == "recommendations_government_q-hiv_2026-11-24.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["recommendations", "codebook", "filters"]
    sheet = workbook["recommendations"]
    assert [cell.value for cell in sheet[1]] == list(export.COLUMNS)
    assert sheet.max_row == 4  # the three documents that ask for HIV testing
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:AC4")
    assert sheet.column_dimensions["B"].width == export.COLUMNS["quote"]
    assert sheet["B2"].alignment.wrap_text and sheet["B2"].value.startswith("Bagi pemerintah daerah, Dinas Kesehatan")
    assert sheet["F2"].value is None and sheet["I2"].value == "machine only"
    codebook = workbook["codebook"]
    assert [cell.value for cell in codebook[1]] == ["kind", "id", "name_en", "name_id", "definition_en", "definition_id"]
    assert codebook.max_row == len(labels.rows) + 1
    described = {row[0]: row[1] for row in workbook["filters"].iter_rows(min_row=2, values_only=True)}
    assert described["Audience"] == "Government" and described["Approach"] == "all" and described["Search the text"] == "HIV"
    assert described["Recommendations"] == "3" and described["Data version"].endswith("codebook v1")


def test_formula_like_text_stays_text():
    labels = Labels(())
    row = {"recommendation_id": "a:1-2", "text": '=HYPERLINK("x") <b>bold</b>', "summary_en": None, "document_id": "a",
           "title": "T", "author": None, "year": None, "institution": None, "url": None, "section_heading": None,
           "tag_source": "engine", "needs_review": False, "audiences": "", "approach": "neither", "themes": "",
           "confidence": 0.5, "review_reasons": "", "tag_source_note": "", "city": None, "platforms": "",
           "document_file": "a.txt", "start_offset": 1, "end_offset": 2}
    _, data = export.export_file("xlsx", [row], labels, Filters(), {}, {}, lambda key, **v: text(key, "en", **v), date(2026, 1, 1))
    cell = openpyxl.load_workbook(io.BytesIO(data))["recommendations"]["B2"]
    assert (cell.value, cell.data_type) == (row["text"], "s")


def test_file_names_carry_the_view():
    day = date(2026, 11, 24)
    assert export.file_name("recommendations", Filters(audience=("app_developers",), approach=("harm_reduction",)), "xlsx", day) == (
        "recommendations_app-developers_harm-reduction_2026-11-24.xlsx")
    assert export.file_name("recommendations", Filters(), "csv", day) == "recommendations_2026-11-24.csv"
    assert export.file_name("brief", Filters(audience=("ngos", "public"), platform=("MiChat",), year=("2023",), q="tes HIV/AIDS"),
                            "pdf", day) == "brief_ngos+public_michat_2023_q-tes-hiv-aids_2026-11-24.pdf"


def test_every_recommendation_knows_its_pdf_page(workspace, tmp_path):
    """A thesis as a PDF: each recommendation's page is counted from the form feeds before
    its start in the text as read, and the in-text citation carries it."""
    from conftest import DOCUMENTS, text_lines, write_pdf
    from tracker.engine.reading import read_document
    from tracker.store import curation

    data, db = workspace
    pdf = write_pdf(text_lines((DOCUMENTS / "full_thesis.txt").read_text(encoding="utf-8")), tmp_path / "thesis.pdf")
    metadata = curation.Metadata(title="Prostitusi daring di aplikasi pesan", author="Wulan Sari",
                                 institution="Universitas Harapan Bangsa", year="2023")
    added, _, refused = curation.add_documents(data, db, [curation.Upload("thesis.pdf", pdf.read_bytes(), metadata)], "dewi")
    assert refused == []
    rows = query(db, "export_recommendations", **Filters(doc=(added[0],)).sql_params())
    text_as_read = read_document(data / "sources" / f"{added[0]}.pdf").text
    pages = [row["page"] for row in rows]
    assert pages == [text_as_read.count("\f", 0, row["start_offset"]) + 1 for row in rows]
    assert len(pages) == 4 and pages[-1] > 1
    exported = export.analyst_rows(rows, Labels(tuple(query(db, "labels"))), "en", lambda key, **v: text(key, "en", **v))
    assert [row["in_text_citation"] for row in exported] == [f"(Sari, 2023, p. {page})" for page in pages]
    # Text documents have no pages.
    assert {row["page"] for row in query(db, "export_recommendations", **Filters(doc=("003_00fbc321b512853d",)).sql_params())} == {None}
