"""Real PDF layouts made with reportlab, as theses and journals are typeset: paragraphs with a
first-line indent and no gap between them, bold headings, a running header and a page
number on every page, a contents page with dot leaders, one or two columns."""

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

FONT, BOLD, SIZE, LEADING = "Times-Roman", "Times-Bold", 11, 14
MARGIN, COLUMN_GAP, INDENT = 64, 24, 22


@dataclass(frozen=True)
class Block:
    text: str
    heading: bool = False


def _wrap(text: str, first_width: float, width: float, font: str) -> list[str]:
    lines, line, available = [], "", first_width
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and stringWidth(trial, font, SIZE) > available:
            lines.append(line)
            line, available = word, width
        else:
            line = trial
    return lines + [line] if line else lines


def write_layout(blocks: list[Block], path: Path, header: str, columns: int = 1, contents: bool = True) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    column_width = (width - 2 * MARGIN - (columns - 1) * COLUMN_GAP) / columns
    page = 1

    def furniture() -> None:
        pdf.setFont(FONT, 9)
        pdf.drawString(MARGIN, height - 36, header)
        pdf.drawCentredString(width / 2, 32, str(page))

    def next_page() -> None:
        nonlocal page
        pdf.showPage()
        page += 1
        furniture()

    furniture()
    if contents:
        pdf.setFont(BOLD, SIZE)
        pdf.drawCentredString(width / 2, height - MARGIN, "DAFTAR ISI")
        y = height - MARGIN - 2 * LEADING
        pdf.setFont(FONT, SIZE)
        for number, block in enumerate(item for item in blocks if item.heading):
            title = block.text[:60]
            dots = "." * int((width - 2 * MARGIN - stringWidth(title, FONT, SIZE) - 30) / stringWidth(".", FONT, SIZE))
            pdf.drawString(MARGIN, y, f"{title} {dots} {number + 2}")
            y -= LEADING
            if y < MARGIN:
                next_page()
                y = height - MARGIN
        next_page()
    column, y = 0, height - MARGIN
    for block in blocks:
        font = BOLD if block.heading else FONT
        indent = 0 if block.heading else INDENT
        lines = _wrap(block.text, column_width - indent, column_width, font)
        if block.heading:
            y -= LEADING / 2
        for index, line in enumerate(lines):
            if y < MARGIN:
                column += 1
                y = height - MARGIN
                if column == columns:
                    next_page()
                    column = 0
            pdf.setFont(font, SIZE)
            pdf.drawString(MARGIN + column * (column_width + COLUMN_GAP) + (indent if index == 0 else 0), y, line)
            y -= LEADING
    pdf.save()
    return path
