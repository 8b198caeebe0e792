"""Briefs: the command line writes DOCX and PDF holding the quotes, citations, chart and
method note, in English and Indonesian; the profile page offers them for download."""

import json
import os
import subprocess
import sys
from datetime import date

import docx
import pypdfium2
import pytest

from conftest import ROOT, query, run_app
from tracker.analysis import brief, brief_files
from tracker.analysis.accuracy import load_accuracy
from tracker.analysis.labels import Labels
from tracker.analysis import profile
from tracker.app.i18n import text
from tracker.store.filters import Filters

APP_DEVELOPER_QUOTE = "Oleh karena itu, pengembang perlu meningkatkan fitur keamanan dan privasi di dalam aplikasi."
APP_DEVELOPER_CITATION = "([Untitled document: MiChat], n.d.)"
APP_DEVELOPER_REFERENCE = "[Untitled document: MiChat]. (n.d.). Universitas Multimedia Nusantara."


def run(*arguments: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *arguments], cwd=cwd, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def docx_text(path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join([paragraph.text for paragraph in document.paragraphs] + cells).split())


def pdf_pages(path) -> list[str]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
    finally:
        pdf.close()


def test_app_developer_brief_as_docx_and_pdf(fixture_db, tmp_path):
    for suffix in ("docx", "pdf"):
        out = tmp_path / f"b.{suffix}"
        result = run("brief", "--audience", "app_developers", "--out", str(out))
        assert (result.returncode, result.stdout.strip()) == (0, f"wrote {out}"), result.stderr
    written = docx_text(tmp_path / "b.docx")
    pages = pdf_pages(tmp_path / "b.pdf")
    assert 2 <= len(pages) <= 4
    for content in (written, " ".join(pages)):
        assert "What research asks of App developers and platforms All documents in the tracker Data version:" in content
        assert APP_DEVELOPER_QUOTE in content and APP_DEVELOPER_CITATION in content and APP_DEVELOPER_REFERENCE in content
        assert "Measured accuracy: not measured yet." in content
        assert "1 of 1 tags have been reviewed by a person" in content
        assert "Safety and privacy" in content
    document = docx.Document(str(tmp_path / "b.docx"))
    assert len(document.inline_shapes) == 1  # the chart


def test_government_brief_leads_with_the_three_documents_that_agree(fixture_db, tmp_path):
    out = tmp_path / "g.pdf"
    assert run("brief", "--audience", "government", "--out", str(out)).returncode == 0
    pages = pdf_pages(out)
    assert 2 <= len(pages) <= 4
    content = " ".join(pages)
    agreement = content.index("Where documents agree")
    assert content.index("3 documents ask Government the same thing (shared words: hiv, infeksi, pemeriksaan", agreement) > agreement
    for citation in ("(Sari, 2023)", "(Nugroho, 2024)", "(Hidayah & Siregar, 2022)"):
        assert citation in content
    assert "Sari, R. K. (2023). Akses layanan kesehatan seksual bagi pekerja seks daring di Surabaya. Universitas Tanjung Harapan." in content


def test_brief_in_indonesian_with_filters_and_measured_accuracy(fixture_db, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "accuracy.json").write_text(json.dumps({
        "measured_on": "2026-11-30", "tuning_set": "tests/corpus/dev",
        "corpus": {"documents": 16, "recommendations": 60, "recall": 0.9, "precision": 0.85, "audience": 0.8, "approach": 0.75},
        "held_out": {"documents": 11, "recommendations": 40, "recall": 0.82, "precision": 0.78, "audience": 0.7, "approach": 0.66}}))
    labels = Labels(tuple(query(fixture_db, "labels")))
    view = Filters(audience=("government",), approach=("harm_reduction",), lang="id")
    fetch = lambda name, params: query(fixture_db, name, **params)  # noqa: E731
    made = brief.build(profile.build("government", view.sql_params(), fetch),
                       query(fixture_db, "audience_approach_counts", **{**view.sql_params(), "audience": []}), labels, view, {},
                       {"built_at": "2026-11-24T08:00:00+00:00", "codebook_version": "1"}, load_accuracy(data / "accuracy.json"),
                       lambda key, **v: text(key, "id", **v), date(2026, 11, 24))
    assert made.title == "Yang diminta penelitian dari Pemerintah"
    assert made.view == "Dokumen yang ditinjau — Pendekatan: Pengurangan dampak buruk"
    assert made.dated == "Versi data: 2026-11-24 08:00 UTC, codebook v1 · Ringkasan dibuat pada 2026-11-24"
    assert made.method[1] == ("Akurasi terukur (2026-11-30, pada 11 dokumen uji dengan 40 rekomendasi yang diberi tag manual): "
                              "rekomendasi ditemukan 82%, yang ditemukan benar 78%; sasaran tepat 70%; pendekatan tepat 66%.")
    assert [block.heading for block in made.agreement] == [
        "3 dokumen meminta hal yang sama dari Pemerintah (kata bersama: hiv, infeksi, pemeriksaan, pemerintah, kerahasiaan, seksual)"]
    assert made.chart_png.startswith(b"\x89PNG")
    pages = pdf_pages_of(brief_files.pdf_bytes(made))
    assert "Daftar pustaka" in " ".join(pages) and "Catatan metode" in " ".join(pages)


def pdf_pages_of(data: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
    finally:
        pdf.close()


@pytest.mark.parametrize("arguments, message", [
    (["--audience", "app_developers", "--out", "b.txt"], "error: b.txt: a brief is written as .docx or .pdf"),
    (["--audience", "aliens", "--out", "b.pdf"], "error: unknown audience 'aliens'; known: government, app_developers, ngos, researchers, public, sex_workers"),
])
def test_brief_command_refuses_bad_requests(fixture_db, tmp_path, arguments, message):
    result = run("brief", *arguments, cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (2, message)
    assert list(tmp_path.iterdir()) == []


def test_profile_page_offers_the_brief(fixture_db):
    test = run_app({"audience": "app_developers"}, "app_pages/audience.py")
    buttons = test.get("download_button")
    assert [button.proto.label for button in buttons] == ["Brief (Word)", "Brief (PDF)"]
