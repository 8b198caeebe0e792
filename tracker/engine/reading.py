"""Reading documents as text: .txt/.md (UTF-8), .pdf (text layer) and .docx.

The text returned is "the text as read": every offset the engine reports points into it.
For a text file it is the decoded file; for a PDF, the pages' text lines (a blank line
where the spacing shows a paragraph break) with pages joined by form feeds;
for a DOCX, its paragraphs joined by blank lines.

Every document is read within the limits below, checked before the expensive work
(a DOCX's zip entries and XML are counted in a streaming pass before python-docx builds
its tree), so a hostile or broken file costs bounded time and memory and is refused with
one line saying what is wrong.
"""

import codecs
import io
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
MEGABYTE = 1024 * 1024
MAX_BYTES = 50 * MEGABYTE
MAX_PDF_PAGES = 2000
# The text as read, whatever the format: about 4,000 pages (a 10 MB text file), and lines as the engine splits them.
MAX_CHARACTERS = 12_000_000
MAX_LINES = 200_000
# A DOCX is a zip of XML parts: each is counted and checked before python-docx parses it.
MAX_PARAGRAPHS = 50_000
MAX_DOCX_ENTRIES = 1000
MAX_DOCX_PART_BYTES = 32 * MEGABYTE
MAX_DOCX_UNPACKED_BYTES = 128 * MEGABYTE
MAX_DOCX_ELEMENTS = 500_000
PAGE_BREAK = "\f"
# Old binary Word files and password-protected .docx files are OLE compound files, not zips.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Indents deeper than this many spaces are centred lines, not paragraph structure.
MAX_INDENT = 12
# Two columns' left edges lie at least this far apart (in points); nearer edges are indents.
COLUMN_MIN_GAP = 72


class DocumentError(ValueError):
    """A document that cannot be read; the message is one line fit for a user."""


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str
    format: str


def read_document(path: str | Path, data: bytes | None = None) -> SourceText:
    """Read a document from disk, or from ``data`` when given (an upload named ``path``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"{path.name}: unsupported file type '{suffix or '(none)'}'; use .txt, .md, .pdf or .docx"
        )
    if data is None:
        try:
            status = path.stat()
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            # A pipe or a device (/dev/zero behind a link named .txt) would never end.
            if not stat.S_ISREG(status.st_mode):
                raise DocumentError(f"{path}: not a regular file")
            if status.st_size > MAX_BYTES:
                raise DocumentError(f"{path.name}: file is larger than {MAX_BYTES // MEGABYTE} MB")
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise DocumentError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise DocumentError(f"{path}: is a folder, not a file") from None
        except PermissionError:
            raise DocumentError(f"{path}: permission denied") from None
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{path.name}: file is larger than {MAX_BYTES // MEGABYTE} MB")
    if not data.strip():
        raise DocumentError(f"{path.name}: file is empty")
    if suffix == ".pdf":
        text = _pdf_text(path.name, data)
    elif suffix == ".docx":
        text = _docx_text(path.name, data)
    else:
        text = decode_text(path.name, data)
    if not text.strip():
        raise DocumentError(f"{path.name}: no text found")
    check_size(path.name, text)
    return SourceText(path=str(path), text=text, format=suffix.lstrip("."))


def check_size(name: str, text: str) -> None:
    """Refuse a text longer than the engine is given: too many characters or lines."""
    if len(text) > MAX_CHARACTERS:
        raise DocumentError(f"{name}: {len(text):,} characters of text; the limit is {MAX_CHARACTERS:,}")
    # Lines as the engine splits them (layout.LINE_RE): CR LF, LF, CR or form feed.
    lines = text.count("\n") + text.count("\r") + text.count("\f") - text.count("\r\n") + 1
    if lines > MAX_LINES:
        raise DocumentError(f"{name}: {lines:,} lines of text; the limit is {MAX_LINES:,}")


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise DocumentError(f"{name}: not valid {encoding} text (bad byte at {error.start})") from None
    if b"\x00" in data[:8192]:
        byte_order = _utf16_without_bom(data[:8192])
        if byte_order:
            raise DocumentError(
                f"{name}: UTF-16 ({byte_order}) text without a byte-order mark; save it as UTF-8, or as UTF-16 with a BOM"
            )
        raise DocumentError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"{name}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); save it as UTF-8"
        ) from None
    controls = sum(1 for char in text[:8192] if ord(char) < 32 and char not in "\n\r\t\f")
    if controls > 8:
        raise DocumentError(f"{name}: looks like a binary file, not text")
    return text


def _utf16_without_bom(sample: bytes) -> str | None:
    """'little-endian' or 'big-endian' when the sample reads as UTF-16 text of mostly
    Latin letters (every other byte zero, on one side only); else None."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    zeros_even, zeros_odd = sample[0:2 * pairs:2].count(0), sample[1:2 * pairs:2].count(0)
    for zeros, other, encoding, byte_order in ((zeros_odd, zeros_even, "utf-16-le", "little-endian"),
                                               (zeros_even, zeros_odd, "utf-16-be", "big-endian")):
        if zeros >= 0.6 * pairs and other <= 0.02 * pairs:
            try:
                decoded = sample[:2 * pairs].decode(encoding)
            except UnicodeDecodeError:
                continue
            if sum(1 for char in decoded if char.isprintable() or char in "\n\r\t\f") >= 0.95 * len(decoded):
                return byte_order
    return None


def _pdf_text(name: str, data: bytes) -> str:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise DocumentError(f"{name}: not a readable PDF ({error})") from None
    try:
        if len(pdf) > MAX_PDF_PAGES:
            raise DocumentError(f"{name}: PDF has {len(pdf)} pages; the limit is {MAX_PDF_PAGES}")
        pages = []
        characters = 0
        for number in range(1, len(pdf) + 1):
            try:
                page = pdf[number - 1]
                try:
                    pages.append(_page_text(page))
                finally:
                    page.close()
            except pypdfium2.PdfiumError as error:
                # A damaged page would silently drop its recommendations: refuse the file.
                raise DocumentError(f"{name}: page {number} of the PDF is damaged and cannot be read ({error})") from None
            characters += len(pages[-1])
            if characters > MAX_CHARACTERS:
                raise DocumentError(f"{name}: more than {MAX_CHARACTERS:,} characters of text by page {number}; "
                                    f"the limit is {MAX_CHARACTERS:,}")
    finally:
        pdf.close()
    text = PAGE_BREAK.join(pages)
    if not text.strip():
        raise DocumentError(f"{name}: PDF has no text layer (a scan?); run OCR on it first")
    return text


def _page_text(page) -> str:
    """A page's text line by line, with a blank line where the vertical gap between two
    lines is wider than the page's usual line spacing (a paragraph break), and each line
    indented by as many spaces as it stands right of its column's margin (a first-line
    indent or a hanging indent, which the layout reads as paragraph structure)."""
    text_page = page.get_textpage()
    lines: list[tuple[float, float, float, list[str]]] = []  # top, bottom, left, pieces
    try:
        for index in range(text_page.count_rects()):
            left, bottom, right, top = text_page.get_rect(index)
            # PDFium marks a hyphen at a line end as U+0002.
            piece = text_page.get_text_bounded(left, bottom, right, top).replace("\x02", "-")
            if not piece.strip():
                continue
            if lines and abs(lines[-1][0] - top) < 0.5 * max(top - bottom, 1.0):
                lines[-1][3].append(piece.strip())
            else:
                lines.append((top, bottom, left, [piece.strip()]))
    finally:
        text_page.close()
    gaps = sorted(previous[1] - line[0] for previous, line in zip(lines, lines[1:]))
    usual_gap = gaps[len(gaps) // 2] if gaps else 0.0
    margins = _column_margins([line[2] for line in lines])
    out = []
    for index, (top, bottom, left, pieces) in enumerate(lines):
        if index:
            previous_bottom = lines[index - 1][1]
            if previous_bottom - top > usual_gap + 0.4 * (top - bottom):
                out.append("")
        margin = max((value for value in margins if value <= left + 1.0), default=left)
        # A space is about half the line's height wide.
        indent = min(round((left - margin) / max(0.5 * (top - bottom), 1.0)), MAX_INDENT)
        out.append(" " * indent + " ".join(pieces))
    return "\n".join(out)


def _column_margins(lefts: list[float]) -> list[float]:
    """Where the page's columns begin: the left edges most lines share. An edge a little
    right of a busier one is an indent of that column, not a column of its own."""
    counts: dict[int, int] = {}
    for left in lefts:
        counts[round(left)] = counts.get(round(left), 0) + 1
    margins: list[int] = []
    for left, count in sorted(counts.items(), key=lambda item: -item[1]):
        if count < max(3, len(lefts) // 10):
            break
        if all(abs(left - margin) > COLUMN_MIN_GAP for margin in margins):
            margins.append(left)
    return sorted(float(margin) for margin in margins) or [min(lefts, default=0.0)]


def _docx_text(name: str, data: bytes) -> str:
    """The paragraphs' text, by python-docx, once the zip and its XML are within the limits."""
    import docx
    from lxml import etree

    _check_docx(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
        if document.element.tag != WORD_NAMESPACE + "document" or document.element.body is None:
            raise DocumentError(f"{name}: its main part is not a Word document body (no w:document with a w:body)")
        return "\n\n".join(paragraph.text for paragraph in document.paragraphs)
    except DocumentError:
        raise
    except KeyError as error:  # a part the package names is missing from the zip
        raise DocumentError(f"{name}: not a complete Word document: {error.args[0]}") from None
    except ValueError as error:
        content_type = str(error).rpartition("content type is ")[2].strip("'")
        if content_type and content_type != str(error):
            raise DocumentError(f"{name}: not a Word document; its main part is '{content_type}'") from None
        raise DocumentError(f"{name}: not a readable Word document: {error}") from None
    except (etree.LxmlError, zipfile.BadZipFile, AttributeError, TypeError) as error:
        # python-docx meets a part laid out in a way it does not expect.
        raise DocumentError(f"{name}: a part of the Word document is not laid out as Word lays it out ({error})") from None


class _DocxCounts:
    """What the streaming pass over a DOCX's parts has seen so far."""

    def __init__(self) -> None:
        self.elements = 0
        self.paragraphs = 0
        self.characters = 0


def _check_docx(name: str, data: bytes) -> None:
    """Refuse a DOCX whose zip or XML is beyond the limits, before anything is parsed into a tree.

    Sizes stated in the zip are checked first; then every entry is unpacked in small chunks
    (zipfile stops at the stated size and checks the CRC, so a lying size is caught) and
    every XML part is pull-parsed without entities, DTDs or huge text nodes, counting its
    elements, paragraphs and characters and freeing each element once read."""
    if data.startswith(OLE_SIGNATURE):
        raise DocumentError(f"{name}: not a readable DOCX file: it is an old Word (.doc) file or a password-protected one; "
                            "save it as .docx without a password")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise DocumentError(f"{name}: not a readable DOCX file: a .docx is a zip archive and this is not one") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_DOCX_ENTRIES:
            raise DocumentError(f"{name}: the DOCX holds {len(entries):,} files; the limit is {MAX_DOCX_ENTRIES:,}")
        for entry in entries:
            if entry.file_size > MAX_DOCX_PART_BYTES:
                raise DocumentError(f"{name}: {entry.filename} unpacks to {entry.file_size / MEGABYTE:,.0f} MB; "
                                    f"the limit is {MAX_DOCX_PART_BYTES // MEGABYTE} MB a part")
            if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or entry.flag_bits & 0x1:
                raise DocumentError(f"{name}: {entry.filename} is encrypted or packed in a way Word does not use")
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > MAX_DOCX_UNPACKED_BYTES:
            raise DocumentError(f"{name}: the DOCX unpacks to {unpacked / MEGABYTE:,.0f} MB; "
                                f"the limit is {MAX_DOCX_UNPACKED_BYTES // MEGABYTE} MB")
        counts = _DocxCounts()
        for entry in entries:
            _scan_entry(name, archive, entry, counts)


def _scan_entry(name: str, archive: zipfile.ZipFile, entry: zipfile.ZipInfo, counts: _DocxCounts) -> None:
    from lxml import etree

    parser = None
    if entry.filename.endswith((".xml", ".rels")):
        # Only paragraphs and text come up to Python; elements are counted in the bytes.
        parser = etree.XMLPullParser(events=("start", "end"), tag=(WORD_NAMESPACE + "p", WORD_NAMESPACE + "t"),
                                     resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    first = True
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(64 * 1024):
                if parser is None:
                    continue
                if b"<!DOCTYPE" in chunk:
                    raise DocumentError(f"{name}: {entry.filename} declares a DTD, which Word documents never do")
                # An opening or empty tag is a "<" not followed by "/", "?" or "!" (a "<" in a
                # comment counts too: the count is never too low).
                counts.elements += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
                if counts.elements > MAX_DOCX_ELEMENTS:
                    raise DocumentError(f"{name}: more than {MAX_DOCX_ELEMENTS:,} XML elements; the limit is {MAX_DOCX_ELEMENTS:,}")
                parser.feed(chunk)
                first = _count_events(name, entry.filename, parser, counts, first)
        if parser is not None:
            parser.close()
            _count_events(name, entry.filename, parser, counts, first)
    except zipfile.BadZipFile as error:  # a CRC or size that does not match what was unpacked
        raise DocumentError(f"{name}: the DOCX is damaged: {error}") from None
    except etree.XMLSyntaxError as error:
        raise DocumentError(f"{name}: {entry.filename} is not well-formed XML or is too large to read safely ({error.msg})") from None


def _count_events(name: str, part: str, parser, counts: _DocxCounts, first: bool) -> bool:
    """Count the parser's pending paragraphs and text against the limits, freeing each
    paragraph once read; returns False once the part has given an event."""
    for event, element in parser.read_events():
        if first and element.getroottree().docinfo.doctype:
            raise DocumentError(f"{name}: {part} declares a DTD, which Word documents never do")
        first = False
        if event == "start":
            if element.tag == WORD_NAMESPACE + "p":
                counts.paragraphs += 1
                if counts.paragraphs > MAX_PARAGRAPHS:
                    raise DocumentError(f"{name}: more than {MAX_PARAGRAPHS:,} paragraphs; the limit is {MAX_PARAGRAPHS:,}")
        elif element.tag == WORD_NAMESPACE + "t":
            counts.characters += len(element.text or "")
            if counts.characters > MAX_CHARACTERS:
                raise DocumentError(f"{name}: more than {MAX_CHARACTERS:,} characters of text; the limit is {MAX_CHARACTERS:,}")
        else:
            # A paragraph read: free it and the siblings before it.
            element.clear(keep_tail=True)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    return first
