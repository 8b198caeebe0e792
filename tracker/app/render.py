"""HTML for quotes, chips and passages. Every piece of document text is escaped, so a
document holding <script> or Markdown shows it as plain characters."""

from html import escape

from tracker.analysis.citation import Citation
from tracker.analysis.labels import Labels
from tracker.store.filters import NO_AUDIENCE

QUOTE_STYLE = (
    "border-left:4px solid {colour};padding:0.4rem 0.8rem;margin:0.2rem 0 0.4rem 0;"
    "font-size:1.02rem;line-height:1.55;white-space:pre-wrap;background:#fafafa"
)
MARK_STYLE = "background:{colour};padding:0 2px;border-radius:2px"
PLAIN_MARK = "#fff2a8"
SPAN_STYLE = "background:{colour}33;border-bottom:2px solid {colour};color:inherit"


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
    """Chips for the audiences (or for "audience not identified") and the approach."""
    chips = [chip(labels.name(audience, language), labels.colour(audience)) for audience in audiences or [NO_AUDIENCE]]
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


def citation_lines(citation: Citation, heading: str | None, words: dict[str, str]) -> str:
    """The APA reference (title in italics), the in-text citation, the section, and which
    required fields the source does not state."""
    section = f' · {escape(words["section"])} \u201c{escape(heading)}\u201d' if heading else ""
    missing = (f'<div style="font-size:0.82rem;color:#8a4b00">{escape(words["citation_missing"])}</div>'
               if citation.missing else "")
    return (
        f'<div style="font-size:0.88rem;margin-top:0.2rem">{escape(words["cite"])}: {citation.reference_html()}</div>'
        f'<div style="font-size:0.85rem;color:#444">{escape(words["in_text"])}: {escape(citation.in_text)}{section}</div>'
        + missing
    )


def recommendation_card(row: dict, evidence: list[dict], labels: Labels, language: str, words: dict[str, str],
                        citation: Citation) -> str:
    """One recommendation: tags, the quote with its evidence marked, summary, themes, status and citation."""
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
    reasons = f" — {escape('; '.join(row['review_reasons']))}" if row["needs_review"] and row["review_reasons"] else ""
    summary = (f'<div style="font-size:0.92rem;margin:0 0 0.3rem 0"><b>{escape(words["summary"])}:</b> {escape(row["summary_en"])}</div>'
               if row.get("summary_en") else "")
    return (
        '<div style="margin-bottom:0.3rem">'
        f'<div>{tag_line(row["audiences"], row["approach"], labels, language)}</div>'
        f'{quote(row["text"], spans, labels.colour(row["approach"]))}'
        + summary +
        f'<div style="font-size:0.88rem;color:#333">{escape(words["themes"])}: {escape(theme_names)} · '
        f'{escape(words["confidence"])}: {row["confidence"]:.2f} · {escape(status)}{reasons} '
        f'<span style="color:#666">({escape(row["tag_source_note"])})</span></div>'
        f'<div style="font-size:0.85rem;color:#555">{escape(words["evidence"])}: {evidence_items or "—"}</div>'
        + citation_lines(citation, row["heading"], words)
        + "</div>"
    )


def profile_member(row: dict, labels: Labels, language: str, words: dict[str, str], citation: Citation) -> str:
    """One recommendation in an audience profile: its approach, quote, summary and citation."""
    summary = (f'<div style="font-size:0.92rem;margin:0 0 0.2rem 0"><b>{escape(words["summary"])}:</b> {escape(row["summary_en"])}</div>'
               if row.get("summary_en") else "")
    status = words["status_reviewed"] if row["tag_source"] == "review" else words["status_machine_only"]
    return (
        '<div style="margin:0.2rem 0 0.6rem 0">'
        f'<div>{chip(labels.name(row["approach"], language), labels.colour(row["approach"]), filled=True)}'
        f'<span style="font-size:0.82rem;color:#555">{escape(status)}</span></div>'
        f'{quote(row["text"], [], labels.colour(row["approach"]))}'
        + summary
        + citation_lines(citation, row["heading"], words)
        + "</div>"
    )


def group_heading(heading: str) -> str:
    """The heading of a group of recommendations that ask the same thing, escaped."""
    return f'<div style="font-weight:600;font-size:1.08rem;margin:0.1rem 0 0.3rem 0">{escape(heading)}</div>'
