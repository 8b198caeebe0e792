"""Hostile and broken documents, made on the spot (by the tests and bench/hostile.py).

Each is a real file of its format: a DOCX is a zip written by zipfile around XML written by
python-docx, a PDF is written by reportlab and then damaged.
"""

import re
import struct
import zipfile
from pathlib import Path

PLACEHOLDER = "PLACEHOLDER-PARAGRAPH"
MEGABYTE = 1024 * 1024


def _docx_around(path: Path, write_placeholder, compresslevel: int = 9) -> Path:
    """A DOCX from python-docx whose placeholder paragraph's text is replaced by what
    ``write_placeholder(handle)`` streams into word/document.xml (so nothing large is held)."""
    import docx

    base = path.with_name(path.name + ".base")
    document = docx.Document()
    document.add_paragraph("Saran")
    document.add_paragraph(PLACEHOLDER)
    document.save(str(base))
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as out:
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                out.writestr(entry, source.read(entry))
                continue
            head, tail = source.read(entry).decode("utf-8").split(PLACEHOLDER)
            with out.open("word/document.xml", "w") as handle:
                handle.write(head.encode("utf-8"))
                write_placeholder(handle)
                handle.write(tail.encode("utf-8"))
    base.unlink()
    return path


def docx_of_spaces(path: Path, megabytes: int = 1024) -> Path:
    """About 1 MB on disk whose text unpacks to ``megabytes`` MB of spaces (a zip bomb)."""
    chunk = b" " * MEGABYTE

    def spaces(handle):
        for _ in range(megabytes):
            handle.write(chunk)

    return _docx_around(path, spaces)


def docx_of_paragraphs(path: Path, count: int = 500_000) -> Path:
    """A small DOCX of ``count`` empty paragraphs."""
    def paragraphs(handle):
        # Close the placeholder's run and paragraph, add the empty ones, reopen what the tail closes.
        handle.write(b"</w:t></w:r></w:p>" + b"<w:p/>" * count + b"<w:p><w:r><w:t>")

    return _docx_around(path, paragraphs)


def docx_of_prose(path: Path, count: int) -> Path:
    """A DOCX of ``count`` paragraphs of prose, each in two runs (one bold), as Word writes them."""
    def paragraphs(handle):
        handle.write(b"</w:t></w:r></w:p>")
        for number in range(count):
            handle.write(f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Paragraf {number} membahas </w:t></w:r>'
                         "<w:r><w:t>layanan kesehatan.</w:t></w:r></w:p>".encode("utf-8"))
        handle.write(b"<w:p><w:r><w:t>")

    return _docx_around(path, paragraphs)


def docx_with_understated_size(path: Path, megabytes: int = 64, stated: int = 4096) -> Path:
    """A DOCX of spaces whose zip headers state that word/document.xml unpacks to ``stated`` bytes."""
    docx_of_spaces(path, megabytes)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        entry = archive.getinfo("word/document.xml")
    # Local header: the uncompressed size is at byte 22; central directory entry: at byte 24.
    struct.pack_into("<I", data, entry.header_offset + 22, stated)
    central = data.index(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(b"word/document.xml")] != b"word/document.xml":
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, stated)
    path.write_bytes(bytes(data))
    return path


def docx_with_doctype(path: Path) -> Path:
    """A DOCX whose document part declares a DTD with nested entities (a "billion laughs")."""
    laughs = '<!DOCTYPE w:document [<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + level)} "{("&" + chr(97 + level) + ";") * 10}">' for level in range(9)
    ) + "]>"

    def nothing(handle):
        handle.write(b"&j;")

    _docx_around(path, nothing)
    with zipfile.ZipFile(path) as archive:
        parts = {entry.filename: archive.read(entry) for entry in archive.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    declaration_end = xml.index("?>") + 2
    parts["word/document.xml"] = (xml[:declaration_end] + laughs + xml[declaration_end:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def pdf_with_damaged_page(path: Path, blocks: list[str]) -> Path:
    """A real PDF whose second page object has the wrong type, so PDFium cannot load that page."""
    from conftest import write_pdf

    write_pdf(blocks, path)
    data = bytearray(path.read_bytes())
    pages = [match.start() for match in re.finditer(rb"/Type /Page\b", data)]
    assert len(pages) >= 2, "the blocks must fill two pages"
    data[pages[1]:pages[1] + len(b"/Type /Page")] = b"/Type /Font"  # same length: offsets stay right
    path.write_bytes(bytes(data))
    return path
