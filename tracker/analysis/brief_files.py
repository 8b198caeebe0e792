"""A brief (tracker.analysis.brief) written as DOCX (python-docx) or PDF (reportlab)."""

import io
from html import escape

from tracker.analysis.brief import Brief, Quote

INK = (0x22, 0x22, 0x22)
MUTED = (0x55, 0x55, 0x55)
ACCENT = (0x1F, 0x4E, 0x79)


def _quote_note(quote: Quote, brief: Brief) -> str:
    status = brief.words["status_reviewed"] if quote.reviewed else brief.words["status_machine_only"]
    return f"{quote.in_text} · {quote.approach} · {status}"


def docx_bytes(brief: Brief) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 22), ("Heading 1", 14), ("Heading 2", 11.5)):
        style = document.styles[name]
        style.font.name, style.font.size, style.font.color.rgb = "Calibri", Pt(size), RGBColor(*ACCENT)
    footer = section.footer.paragraphs[0]
    footer.text = brief.words["brief_footer"]
    footer.runs[0].font.size, footer.runs[0].font.color.rgb = Pt(8), RGBColor(*MUTED)

    def muted(text: str, size: float = 9, italic: bool = False):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size, run.font.color.rgb, run.italic = Pt(size), RGBColor(*MUTED), italic
        return paragraph

    def quotes(block) -> None:
        document.add_heading(block.heading, level=2)
        for quote in block.quotes:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.8)
            paragraph.paragraph_format.space_after = Pt(1)
            run = paragraph.add_run(f"\u201c{quote.text}\u201d")
            run.italic = True
            if quote.summary:
                summary = document.add_paragraph()
                summary.paragraph_format.left_indent = Cm(0.8)
                summary.paragraph_format.space_after = Pt(1)
                summary.add_run(f"{brief.words['summary']}: ").bold = True
                summary.add_run(quote.summary)
            note = muted(_quote_note(quote, brief), 8.5)
            note.paragraph_format.left_indent = Cm(0.8)
            note.paragraph_format.space_after = Pt(6)
        if block.also:
            muted(f"{brief.words['brief_also']} {'; '.join(block.also)}", 9).paragraph_format.left_indent = Cm(0.8)

    document.add_heading(brief.title, level=0)
    muted(brief.view, 10)
    muted(brief.dated, 9)
    document.add_heading(brief.words["brief_key_points"], level=1)
    for point in brief.key_points:
        document.add_paragraph(point, style="List Bullet")
    document.add_picture(io.BytesIO(brief.chart_png), width=Cm(15.5))
    muted(brief.chart_caption, 8.5, italic=True)

    document.add_heading(brief.words["brief_agreement"], level=1)
    document.add_paragraph(brief.agreement_intro)
    for block in brief.agreement:
        quotes(block)

    document.add_heading(brief.words["brief_themes"], level=1)
    document.add_paragraph(brief.themes_intro)
    table = document.add_table(rows=1, cols=3)
    table.style = "Light List Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, heading in zip(table.rows[0].cells, ("brief_theme_column", "brief_documents_column", "brief_recommendations_column")):
        cell.text = brief.words[heading]
    for name, documents, recommendations in brief.theme_table:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = name, str(documents), str(recommendations)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width, row.cells[2].width = Cm(8.5), Cm(3.0), Cm(4.0)
    document.add_paragraph()
    for block in brief.theme_examples:
        quotes(block)

    document.add_heading(brief.words["brief_method"], level=1)
    for paragraph in brief.method:
        document.add_paragraph(paragraph)
    document.add_heading(brief.words["brief_references"], level=1)
    for citation in brief.references:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(1.0)
        paragraph.paragraph_format.first_line_indent = Cm(-1.0)  # APA's hanging indent
        for text, italic in citation.pieces:
            paragraph.add_run(text).italic = italic
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(brief: Brief) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    accent = colors.Color(*(value / 255 for value in ACCENT))
    muted_colour = colors.Color(*(value / 255 for value in MUTED))
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=4)
    styles = {
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=20, leading=24, textColor=accent, spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=13.5, leading=17, textColor=accent, spaceBefore=10, spaceAfter=5),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=10.5, leading=13.5, textColor=accent, spaceBefore=6, spaceAfter=3),
        "muted": ParagraphStyle("muted", parent=body, fontSize=9, leading=12, textColor=muted_colour, spaceAfter=2),
        "quote": ParagraphStyle("quote", parent=body, fontName="Helvetica-Oblique", leftIndent=0.7 * cm, borderPadding=0, spaceAfter=1),
        "summary": ParagraphStyle("summary", parent=body, leftIndent=0.7 * cm, spaceAfter=1),
        "note": ParagraphStyle("note", parent=body, fontSize=8.5, leading=11, textColor=muted_colour, leftIndent=0.7 * cm, spaceAfter=7),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=0.5 * cm, bulletIndent=0.1 * cm),
        "reference": ParagraphStyle("reference", parent=body, fontSize=9.5, leading=12.5, leftIndent=1 * cm, firstLineIndent=-1 * cm),
        "caption": ParagraphStyle("caption", parent=body, fontName="Helvetica-Oblique", fontSize=8.5, leading=11, textColor=muted_colour),
    }
    # Everything from a document or a reviewer is escaped: reportlab reads its own mark-up in text.
    story = [Paragraph(escape(brief.title), styles["title"]), Paragraph(escape(brief.view), styles["muted"]),
             Paragraph(escape(brief.dated), styles["muted"]), Paragraph(escape(brief.words["brief_key_points"]), styles["h1"])]
    story += [Paragraph(escape(point), styles["bullet"], bulletText="•") for point in brief.key_points]
    from reportlab.lib.utils import ImageReader

    width, height = ImageReader(io.BytesIO(brief.chart_png)).getSize()
    shown_width = 15.5 * cm
    story += [Spacer(1, 4), Image(io.BytesIO(brief.chart_png), width=shown_width, height=shown_width * height / width),
              Paragraph(escape(brief.chart_caption), styles["caption"])]

    def quotes(block) -> list:
        flowables = []
        for number, quote in enumerate(block.quotes):
            # A heading stays on the page of its first quote.
            part = [Paragraph(escape(block.heading), styles["h2"])] if number == 0 else []
            part.append(Paragraph(escape(f"\u201c{quote.text}\u201d"), styles["quote"]))
            if quote.summary:
                part.append(Paragraph(f"<b>{escape(brief.words['summary'])}:</b> {escape(quote.summary)}", styles["summary"]))
            part.append(Paragraph(escape(_quote_note(quote, brief)), styles["note"]))
            flowables.append(KeepTogether(part))
        if block.also:
            flowables.append(Paragraph(escape(f"{brief.words['brief_also']} {'; '.join(block.also)}"), styles["note"]))
        return flowables

    story += [Paragraph(escape(brief.words["brief_agreement"]), styles["h1"]), Paragraph(escape(brief.agreement_intro), body)]
    for block in brief.agreement:
        story += quotes(block)
    story += [Paragraph(escape(brief.words["brief_themes"]), styles["h1"]), Paragraph(escape(brief.themes_intro), body)]
    rows = [[brief.words["brief_theme_column"], brief.words["brief_documents_column"], brief.words["brief_recommendations_column"]]]
    rows += [[name, str(documents), str(recommendations)] for name, documents, recommendations in brief.theme_table]
    table = Table([[Paragraph(escape(cell), body) for cell in row] for row in rows], colWidths=[8.5 * cm, 3 * cm, 4 * cm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.87, 0.91, 0.96)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, accent),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.Color(0.85, 0.85, 0.85)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    story += [table, Spacer(1, 6)]
    for block in brief.theme_examples:
        story += quotes(block)
    story += [Paragraph(escape(brief.words["brief_method"]), styles["h1"])]
    story += [Paragraph(escape(paragraph), body) for paragraph in brief.method]
    story += [Paragraph(escape(brief.words["brief_references"]), styles["h1"])]
    story += [Paragraph(citation.reference_html(), styles["reference"]) for citation in brief.references]

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(muted_colour)
        canvas.drawString(2.2 * cm, 1.2 * cm, brief.words["brief_footer"])
        canvas.drawRightString(A4[0] - 2.2 * cm, 1.2 * cm, str(document.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
                      title=brief.title, author="Policy recommendation tracker").build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
