"""HTML for quotes, chips, passages and metadata, and inert Markdown for text the user or a
document controls. Every such piece is escaped, so a document, a link or a search holding
<script>, Markdown or a formula shows it as plain characters."""

import re
from html import escape

from tracker.analysis.labels import Labels

QUOTE_STYLE = (
    "border-left:4px solid {colour};padding:0.4rem 0.8rem;margin:0.2rem 0 0.4rem 0;"
    "font-size:1.02rem;line-height:1.55;white-space:pre-wrap;background:#fafafa"
)
MARK_STYLE = "background:{colour};padding:0 2px;border-radius:2px"
PLAIN_MARK = "#fff2a8"
SPAN_STYLE = "background:{colour}33;border-bottom:2px solid {colour};color:inherit"
CELL_STYLE = "border:1px solid #e6e6e6;padding:0.35rem 0.6rem;text-align:left;vertical-align:top;white-space:pre-wrap"


def inert(value: str) -> str:
    """Markdown that shows ``value`` character for character, for text from a link, a search
    box, a file name or a document: a code span, inside which Streamlit renders no link,
    image, formula, emphasis, icon or HTML. White space is collapsed (a blank line would end
    the span) and the fence is longer than any run of backticks in the value."""
    value = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    return f"{fence} {value} {fence}"


def chart_text(value) -> str:
    """A label for a Plotly chart: Plotly reads a few HTML tags in labels (links among
    them) and turns &amp;, &lt; and &gt; back into characters (not &quot;), so text
    escaped that far shows as it is."""
    return escape(str(value), quote=False)


def metadata_table(rows: list[tuple[str, str]]) -> str:
    """(field, value) rows as an HTML table, every value escaped (st.table would render
    Markdown, KaTeX and images in the cells)."""
    cells = "".join(
        f'<tr><th style="{CELL_STYLE};font-weight:600;width:12rem">{escape(field)}</th>'
        f'<td style="{CELL_STYLE}">{escape(value)}</td></tr>'
        for field, value in rows
    )
    return f'<table style="border-collapse:collapse;width:100%;font-size:0.95rem">{cells}</table>'


def marked(text: str, spans: list[tuple[int, int, str]], style: str = MARK_STYLE) -> str:
    """``text`` escaped, with each (start, end, colour) span wrapped in <mark>; a span that
    overlaps an earlier one is left out."""
    pieces = []
    position = 0
    for start, end, colour in sorted(spans):
        start, end = max(start, 0), min(end, len(text))
        if start < position or end <= start:
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(f'<mark style="{style.format(colour=escape(colour))}">{escape(text[start:end])}</mark>')
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def quote(text: str, spans: list[tuple[int, int, str]], colour: str) -> str:
    return f'<blockquote style="{QUOTE_STYLE.format(colour=escape(colour))}">{marked(text, spans)}</blockquote>'


def chip(label: str, colour: str, filled: bool = False) -> str:
    """A small rounded label; filled chips carry white or black text for contrast."""
    if filled:
        text_colour = "#000" if colour.upper() in ("#F0E442", "#E69F00", "#56B4E9", "#BBBBBB") else "#fff"
        style = f"background:{escape(colour)};color:{text_colour};border:1px solid {escape(colour)}"
    else:
        style = f"border:1.5px solid {escape(colour)};color:#222"
    return (
        f'<span style="{style};border-radius:999px;padding:1px 9px;margin:0 4px 2px 0;'
        f'display:inline-block;font-size:0.85rem">{escape(label)}</span>'
    )


def tag_line(audiences: list[str], approach: str, labels: Labels, language: str) -> str:
    chips = [chip(labels.name(audience, language), labels.colour(audience)) for audience in audiences]
    chips.append(chip(labels.name(approach, language), labels.colour(approach), filled=True))
    return "".join(chips)


def passage(text: str, passage_start: int, spans: list[tuple[int, int, str]]) -> str:
    """A stretch of a document, escaped, with the given (start, end, colour) spans
    highlighted; offsets are in the document's text as read."""
    shifted = [(start - passage_start, end - passage_start, colour) for start, end, colour in spans]
    return (
        '<div style="white-space:pre-wrap;font-family:Georgia,serif;line-height:1.5;'
        'max-height:32rem;overflow-y:auto;border:1px solid #ddd;padding:0.8rem;background:#fff">'
        + marked(text, shifted, SPAN_STYLE)
        + "</div>"
    )


def citation(row: dict, title: str, section_word: str) -> str:
    """Title, author, institution, city, year and section heading; what is not stated is left out."""
    parts = [title] + [str(row[key]) for key in ("author", "institution", "city", "year") if row.get(key)]
    if row.get("heading"):
        parts.append(f"{section_word} \u201c{row['heading']}\u201d")
    return ", ".join(parts)


def recommendation_card(row: dict, evidence: list[dict], labels: Labels, language: str, words: dict[str, str]) -> str:
    """One recommendation: tags, the quote with its evidence marked, themes, status and citation."""
    coloured = set(labels.ids("audiences")) | set(labels.ids("approaches"))
    # Approach and audience evidence is tinted with the label's colour; the rest in yellow.
    spans = [
        (item["text_start"], item["text_end"], labels.colour(item["label"]) + "40" if item["label"] in coloured else PLAIN_MARK)
        for item in evidence
        if item["source"] == "text" and item["text_start"] is not None
    ]
    theme_names = ", ".join(labels.name(theme, language) for theme in row["themes"]) or "—"
    status = words["needs_review"] if row["needs_review"] else words["reviewed"] if row["tag_source"] == "review" else words["engine_only"]
    grouped: dict[str, list[str]] = {}
    for item in evidence:
        cue = f"\u201c{item['cue']}\u201d" + (f" ({item['source']})" if item["source"] != "text" else "")
        name = words["evidence_recommendation"] if item["label"] == "recommendation" else labels.name(item["label"], language)
        grouped.setdefault(name, []).append(cue)
    evidence_items = " · ".join(f"<b>{escape(name)}</b>: {escape(', '.join(dict.fromkeys(cues)))}" for name, cues in grouped.items())
    title = row["title"] or f"{words['untitled']} ({row['file']})"
    reasons = f" — {escape('; '.join(row['review_reasons']))}" if row["needs_review"] and row["review_reasons"] else ""
    return (
        '<div style="margin-bottom:0.3rem">'
        f'<div>{tag_line(row["audiences"], row["approach"], labels, language)}</div>'
        f'{quote(row["text"], spans, labels.colour(row["approach"]))}'
        f'<div style="font-size:0.88rem;color:#333">{escape(words["themes"])}: {escape(theme_names)} · '
        f'{escape(words["confidence"])}: {row["confidence"]:.2f} · {escape(status)}{reasons} '
        f'<span style="color:#666">({escape(row["tag_source_note"])})</span></div>'
        f'<div style="font-size:0.85rem;color:#555">{escape(words["evidence"])}: {evidence_items or "—"}</div>'
        f'<div style="font-size:0.88rem;margin-top:0.2rem">{escape(words["cite"])}: '
        f'{escape(citation(row, title, words["section"]))}</div>'
        "</div>"
    )
