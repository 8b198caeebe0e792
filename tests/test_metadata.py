"""What a file states of itself: PDF and DOCX metadata and the title page; nothing invented."""

import docx
import pytest

from conftest import SOURCES, text_lines, write_docx, write_pdf
from tracker.engine.metadata import suggest, title_page
from tracker.engine.reading import read_document

SURABAYA = SOURCES / "005_88c194159e5469eb.txt"


def test_title_page_of_a_thesis():
    found = suggest(SURABAYA.name, SURABAYA.read_bytes(), read_document(SURABAYA).text)
    assert (found.title, found.author, found.institution, found.city, found.year) == (
        "Akses Layanan Kesehatan Seksual bagi Pekerja Seks Daring di Surabaya", "Rina Kartika Sari",
        "Universitas Tanjung Harapan", "Surabaya", "2023")
    assert found.missing == () and set(found.found_in.values()) == {"title page"}


def test_two_authors_and_a_research_institute():
    path = SOURCES / "007_ae9de0c03c517690.txt"
    found = title_page(read_document(path).text)
    assert found["author"] == "Andi Nurul Hidayah; Muhammad Fajar Siregar"
    assert (found["institution"], found["city"], found["year"]) == ("Universitas Pesisir Selatan", "Makassar", "2022")


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_a_closing_chapter_without_a_title_page_states_nothing(seed):
    [path] = [path for path in SOURCES.iterdir() if path.name.startswith(seed)]
    found = suggest(path.name, path.read_bytes(), read_document(path).text)
    assert (found.title, found.author, found.institution, found.year) == ("", "", "", "")
    assert found.missing == ("title", "author", "year", "institution")


def test_pdf_metadata_and_title_page(tmp_path):
    data = write_pdf(text_lines(SURABAYA.read_text(encoding="utf-8")), tmp_path / "s.pdf",
                     title="Akses layanan kesehatan seksual", author="Rina Kartika Sari").read_bytes()
    found = suggest("s.pdf", data, read_document("s.pdf", data).text)
    assert (found.title, found.author, found.year, found.institution) == (
        "Akses layanan kesehatan seksual", "Rina Kartika Sari", "2023", "Universitas Tanjung Harapan")
    assert found.found_in == {"title": "file metadata", "author": "file metadata", "institution": "title page",
                              "city": "title page", "year": "title page"}


def test_docx_core_properties_but_not_tool_defaults(tmp_path):
    path = write_docx(text_lines(SURABAYA.read_text(encoding="utf-8")), tmp_path / "s.docx")
    data = path.read_bytes()
    assert docx.Document(str(path)).core_properties.author == "python-docx"  # the library's default, not the author
    found = suggest("s.docx", data, read_document("s.docx", data).text)
    assert found.author == "Rina Kartika Sari" and found.found_in["author"] == "title page"
    document = docx.Document(str(path))
    document.core_properties.title = "Akses Layanan Kesehatan Seksual (versi repositori)"
    document.save(str(path))
    data = path.read_bytes()
    found = suggest("s.docx", data, read_document("s.docx", data).text)
    assert found.title == "Akses Layanan Kesehatan Seksual (versi repositori)" and found.found_in["title"] == "file metadata"
