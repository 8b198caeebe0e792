"""Reading within limits: hostile and damaged files are refused with one clear line, early."""

import io
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, SOURCES, text_lines, write_docx
from hostile import docx_of_paragraphs, docx_of_spaces, docx_with_doctype, docx_with_understated_size, pdf_with_damaged_page
from tracker.engine import reading
from tracker.engine.reading import DocumentError, read_document

SEED = SOURCES / "002_c440a2708b67ebd2.txt"


def extract(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", "extract", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def refusal(path) -> str:
    """The one line `extract` prints for a refused file (it must exit 2 and print nothing else)."""
    result = extract(path)
    assert (result.returncode, result.stdout) == (2, ""), result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    return lines[0]


@pytest.fixture(scope="session")
def gigabyte_of_spaces(tmp_path_factory):
    return docx_of_spaces(tmp_path_factory.mktemp("hostile") / "spaces.docx", megabytes=1024)


def test_a_docx_of_a_gigabyte_of_spaces_is_refused_from_its_zip_headers(gigabyte_of_spaces):
    assert gigabyte_of_spaces.stat().st_size < 1.1 * 1024 * 1024
    assert refusal(gigabyte_of_spaces) == "error: spaces.docx: word/document.xml unpacks to 1,024 MB; the limit is 32 MB a part"


def test_a_docx_that_understates_its_size_is_caught_while_unpacking(tmp_path):
    path = docx_with_understated_size(tmp_path / "understated.docx", megabytes=64, stated=4096)
    assert refusal(path) == "error: understated.docx: the DOCX is damaged: Bad CRC-32 for file 'word/document.xml'"


def test_a_docx_of_half_a_million_paragraphs_is_refused(tmp_path):
    path = docx_of_paragraphs(tmp_path / "paragraphs.docx", count=500_000)
    assert refusal(path) == "error: paragraphs.docx: more than 50,000 paragraphs; the limit is 50,000"


def test_a_docx_declaring_entities_is_refused_before_they_are_parsed(tmp_path):
    path = docx_with_doctype(tmp_path / "laughs.docx")
    assert refusal(path) == "error: laughs.docx: word/document.xml declares a DTD, which Word documents never do"


def test_a_docx_with_too_many_files_or_elements_or_characters(tmp_path, monkeypatch):
    crowded = tmp_path / "crowded.docx"
    write_docx(["Saran"], crowded)
    with zipfile.ZipFile(crowded, "a") as archive:
        for number in range(reading.MAX_DOCX_ENTRIES):
            archive.writestr(f"customXml/item{number}.bin", b"")
    with pytest.raises(DocumentError, match=r"^crowded.docx: the DOCX holds 1,01\d files; the limit is 1,000$"):
        read_document(crowded)
    # The counts are checked as the XML streams by; smaller limits show each one.
    lines = text_lines(SEED.read_text(encoding="utf-8"))
    document = write_docx(lines, tmp_path / "seed.docx")
    assert "Saran" in read_document(document).text
    monkeypatch.setattr(reading, "MAX_DOCX_ELEMENTS", 300)
    with pytest.raises(DocumentError, match=r"^seed.docx: more than 300 XML elements; the limit is 300$"):
        read_document(document)
    monkeypatch.setattr(reading, "MAX_DOCX_ELEMENTS", 500_000)
    monkeypatch.setattr(reading, "MAX_CHARACTERS", 1000)
    with pytest.raises(DocumentError, match=r"^seed.docx: more than 1,000 characters of text; the limit is 1,000$"):
        read_document(document)


def _docx_variant(source, part: str, content: bytes | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w") as out:
        for entry in original.infolist():
            if entry.filename != part:
                out.writestr(entry.filename, original.read(entry))
            elif content is not None:
                out.writestr(entry.filename, content)
    return buffer.getvalue()


WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize("part, content, message", [
    ("word/document.xml", f'<?xml version="1.0"?><w:body {WORD}><w:p/></w:body>'.encode(),
     "its main part is not a Word document body (no w:document with a w:body)"),
    ("word/document.xml", f'<?xml version="1.0"?><w:document {WORD}></w:document>'.encode(),
     "its main part is not a Word document body (no w:document with a w:body)"),
    ("word/document.xml", None, "not a complete Word document: There is no item named 'word/document.xml' in the archive"),
    ("word/document.xml", b'<?xml version="1.0"?><w:document><w:body>',
     "word/document.xml is not well-formed XML or is too large to read safely (Namespace prefix w on document is not defined"),
    ("[Content_Types].xml", None, "not a complete Word document: There is no item named '[Content_Types].xml' in the archive"),
])
def test_a_damaged_docx_says_what_is_wrong(tmp_path, part, content, message):
    base = write_docx(["Saran", "Pemerintah perlu membantu."], tmp_path / "base.docx")
    with pytest.raises(DocumentError) as refused:
        read_document("damaged.docx", _docx_variant(base, part, content))
    assert str(refused.value).startswith(f"damaged.docx: {message}")
    assert "Error)" not in str(refused.value) and "\n" not in str(refused.value)


def test_a_spreadsheet_or_an_old_word_file_named_docx(tmp_path):
    base = write_docx(["Saran"], tmp_path / "base.docx")
    with zipfile.ZipFile(base) as archive:
        types = archive.read("[Content_Types].xml").replace(b"wordprocessingml.document.main", b"spreadsheetml.sheet.main")
    with pytest.raises(DocumentError) as refused:
        read_document("sheet.docx", _docx_variant(base, "[Content_Types].xml", types))
    assert str(refused.value) == ("sheet.docx: not a Word document; its main part is "
                                  "'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'")
    with pytest.raises(DocumentError) as refused:
        read_document("old.docx", reading.OLE_SIGNATURE + b"\x00" * 600)
    assert str(refused.value) == ("old.docx: not a readable DOCX file: it is an old Word (.doc) file or a password-protected "
                                  "one; save it as .docx without a password")


def test_a_pdf_with_a_damaged_page_is_refused_naming_the_page(tmp_path):
    blocks = ["5.2 Saran"] + ["Pemerintah perlu menyediakan layanan kesehatan bagi pekerja seks di setiap kota. " * 4] * 60
    path = pdf_with_damaged_page(tmp_path / "damaged.pdf", blocks)
    assert refusal(path) == "error: damaged.pdf: page 2 of the PDF is damaged and cannot be read (Failed to load page.)"


def test_a_damaged_pdf_does_not_stop_an_ingest_batch(workspace, tmp_path):
    data, _ = workspace
    folder = tmp_path / "incoming"
    folder.mkdir()
    blocks = ["5.2 Saran"] + ["Pemerintah perlu menyediakan layanan kesehatan bagi pekerja seks di setiap kota. " * 4] * 60
    pdf_with_damaged_page(folder / "damaged.pdf", blocks)
    # A title page states the metadata ingest takes from a file.
    title_page = ("REPORT\n\nPlatform Governance and Online Sex Work in Indonesia\n\nBy: Maya Lestari\n\n"
                  "University of Nusantara Raya\nJakarta\n2024\n\n")
    paper = (ROOT / "tests" / "documents" / "english_paper.md").read_text(encoding="utf-8")
    (folder / "paper.md").write_text(title_page + paper, encoding="utf-8")
    before = len(list((data / "sources").iterdir()))
    result = subprocess.run([sys.executable, "-m", "tracker", "ingest", str(folder), "--editor", "dewi"], cwd=ROOT,
                            env=os.environ, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "refused: damaged.pdf: page 2 of the PDF is damaged and cannot be read (Failed to load page.)"
    assert lines[1].startswith("added 1, skipped 0, refused 1: ")
    assert len(list((data / "sources").iterdir())) == before + 1


def test_a_pdf_over_the_character_limit_stops_at_that_page(tmp_path, monkeypatch):
    from conftest import write_pdf

    path = write_pdf(["Saran"] + ["Pemerintah perlu menyediakan layanan kesehatan. " * 4] * 80, tmp_path / "long.pdf")
    monkeypatch.setattr(reading, "MAX_CHARACTERS", 2000)
    with pytest.raises(DocumentError, match=r"^long.pdf: more than 2,000 characters of text by page 1; the limit is 2,000$"):
        read_document(path)


def test_text_over_the_character_or_line_limit(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("a" * (reading.MAX_CHARACTERS + 1), encoding="utf-8")
    assert refusal(long) == "error: long.txt: 12,000,001 characters of text; the limit is 12,000,000"
    lines = tmp_path / "lines.md"
    lines.write_text("a\r\n" * reading.MAX_LINES, encoding="utf-8")
    assert refusal(lines) == "error: lines.md: 200,001 lines of text; the limit is 200,000"
    within = tmp_path / "within.txt"
    within.write_text("a\r\n" * (reading.MAX_LINES - 1), encoding="utf-8")
    assert extract(within).returncode == 0


@pytest.mark.parametrize("codec, byte_order", [("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")])
def test_utf16_without_a_byte_order_mark_is_named_as_such(tmp_path, codec, byte_order):
    path = tmp_path / "utf16.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode(codec))
    assert refusal(path) == (f"error: utf16.txt: UTF-16 ({byte_order}) text without a byte-order mark; "
                             "save it as UTF-8, or as UTF-16 with a BOM")
    marked = tmp_path / "marked.txt"
    marked.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    assert read_document(marked).text == SEED.read_text(encoding="utf-8")


def test_a_pipe_or_a_device_behind_a_document_name_is_refused_not_read_forever(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.md")
    assert refusal(tmp_path / "zero.txt") == f"error: {tmp_path / 'zero.txt'}: not a regular file"
    assert refusal(tmp_path / "pipe.md") == f"error: {tmp_path / 'pipe.md'}: not a regular file"
