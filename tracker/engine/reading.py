"""Reading documents as text: .txt/.md (UTF-8), .pdf (text layer) and .docx.

The text returned is "the text as read": every offset the engine reports points into it.
For a text file it is the decoded file; for a PDF, the pages' text lines (a blank line
where the spacing shows a paragraph break) with pages joined by form feeds;
for a DOCX, its paragraphs joined by blank lines.
"""

import codecs
import io
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
MAX_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 2000
PAGE_BREAK = "\f"
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
            if path.stat().st_size > MAX_BYTES:
                raise DocumentError(f"{path.name}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except FileNotFoundError:
            raise DocumentError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise DocumentError(f"{path}: is a folder, not a file") from None
        except PermissionError:
            raise DocumentError(f"{path}: permission denied") from None
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{path.name}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
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
    return SourceText(path=str(path), text=text, format=suffix.lstrip("."))


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise DocumentError(f"{name}: not valid {encoding} text (bad byte at {error.start})") from None
    if b"\x00" in data[:8192]:
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
        for page in pdf:
            pages.append(_page_text(page))
            page.close()
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
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # zipfile, lxml and python-docx each raise their own types
        raise DocumentError(f"{name}: not a readable DOCX file ({error.__class__.__name__})") from None
    return "\n\n".join(paragraph.text for paragraph in document.paragraphs)
