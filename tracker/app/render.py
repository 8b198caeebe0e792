"""HTML for quotes, chips, passages and metadata, and inert Markdown for text the user or a
document controls. Every such piece is escaped, so a document, a link or a search holding
<script>, Markdown or a formula shows it as plain characters."""

import json
import re
from html import escape

from tracker.analysis.citation import Citation
from tracker.analysis.labels import Labels
from tracker.app.i18n import strings, text
from tracker.store.filters import NO_AUDIENCE

QUOTE_STYLE = (
    "border-left:4px solid {colour};padding:0.4rem 0.8rem;margin:0.2rem 0 0.4rem 0;"
    "font-size:1.02rem;line-height:1.55;white-space:pre-wrap;background:#fafafa"
)
MARK_STYLE = "background:{colour};padding:0 2px;border-radius:2px"
PLAIN_MARK = "#fff2a8"
SPAN_STYLE = "background:{colour}33;border-bottom:2px solid {colour};color:inherit"


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
        '<div class="document-text" style="white-space:pre-wrap;line-height:1.5;'
        'max-height:32rem;overflow-y:auto;border:1px solid #ddd;padding:0.8rem;background:#fff">'
        + marked(text, shifted, SPAN_STYLE)
        + "</div>"
    )


def citation_lines(citation: Citation, heading: str | None, language: str) -> str:
    """The APA reference (title in italics), the in-text citation, the section, and which
    required fields the source does not state."""
    section = (f' · {escape(text("section", language))} \u201c<span class="data">{escape(heading)}</span>\u201d'
               if heading else "")
    missing = ", ".join(text(f"field_{name}", language) for name in citation.missing)
    note = (f'<div style="font-size:0.82rem;color:#8a4b00">{escape(text("citation_missing", language, fields=missing))}</div>'
            if citation.missing else "")
    return (
        f'<div style="font-size:0.88rem;margin-top:0.2rem">{escape(text("cite", language))}: '
        f'<span class="data">{citation.reference_html()}</span></div>'
        f'<div style="font-size:0.85rem;color:#444">{escape(text("in_text", language))}: '
        f'<span class="data">{escape(citation.in_text)}</span>{section}</div>'
        + note
    )


def recommendation_card(row: dict, evidence: list[dict], labels: Labels, language: str, citation: Citation) -> str:
    """One recommendation: tags, the quote with its evidence marked, the reviewer's summary,
    themes, status (with the engine's reasons when it needs review) and the APA citation."""
    coloured = set(labels.ids("audiences")) | set(labels.ids("approaches"))
    # Approach and audience evidence is tinted with the label's colour; the rest in yellow.
    spans = [
        (item["text_start"], item["text_end"], labels.colour(item["label"]) + "40" if item["label"] in coloured else PLAIN_MARK)
        for item in evidence
        if item["source"] == "text" and item["text_start"] is not None
    ]
    theme_names = ", ".join(labels.name(theme, language) for theme in row["themes"]) or "—"
    # status is HTML: interface words escaped, the reviewer's name marked as data.
    if row["needs_review"]:
        status = escape(text("needs_review", language))
    elif row["tag_source"] == "review":
        status = text("reviewed_by", language, name=f'<span class="data">{escape(row["reviewer"] or "")}</span>', date=escape((row["reviewed_at"] or "")[:10]))
    else:
        status = escape(text("engine_only", language))
    grouped: dict[str, list[str]] = {}
    for item in evidence:
        cue = f"\u201c{item['cue']}\u201d" + (f" ({evidence_source(item['source'], language)})" if item["source"] != "text" else "")
        name = text("evidence_recommendation", language) if item["label"] == "recommendation" else labels.name(item["label"], language)
        grouped.setdefault(name, []).append(cue)
    evidence_items = " · ".join(f"<b>{escape(name)}</b>: {escape(', '.join(dict.fromkeys(cues)))}" for name, cues in grouped.items())
    reasons = "; ".join(review_reason(reason, language) for reason in row["review_reasons"])
    summary = (f'<div style="font-size:0.92rem;margin:0 0 0.3rem 0"><b>{escape(text("summary", language))}:</b> '
               f'<span class="data">{escape(row["summary_en"])}</span></div>' if row.get("summary_en") else "")
    return (
        '<div style="margin-bottom:0.3rem">'
        f'<div>{tag_line(row["audiences"], row["approach"], labels, language)}</div>'
        f'{quote(row["text"], spans, labels.colour(row["approach"]))}'
        + summary +
        f'<div style="font-size:0.88rem;color:#333">{escape(text("themes", language))}: {escape(theme_names)} · '
        f'{escape(text("confidence", language))}: {row["confidence"]:.2f} · {status}'
        + (f' — {escape(reasons)}' if row["needs_review"] and reasons else "") + "</div>"
        f'<div style="font-size:0.85rem;color:#555">{escape(text("evidence", language))}: {evidence_items or "—"}</div>'
        + citation_lines(citation, row["heading"], language)
        + "</div>"
    )


def evidence_source(source: str, language: str) -> str:
    """Where a cue was found other than in the recommendation itself (heading, lead-in,
    inferred), in the interface language; a kind not yet translated is shown as written."""
    return strings().get(f"evidence_in_{source}", {}).get(language, source)


def review_reason(reason: str, language: str) -> str:
    """The engine's reason for flagging a recommendation, in the interface language (the
    engine writes them in English; one not yet translated is shown as written)."""
    return strings()["review_reasons"].get(reason, {}).get(language, reason)


TABLE_STYLE = "width:100%;border-collapse:collapse;font-size:0.92rem;line-height:1.4"
CELL_STYLE = "padding:0.35rem 0.6rem;border-bottom:1px solid #e6e6e6;vertical-align:top;text-align:{align}"
HEAD_STYLE = CELL_STYLE + ";font-weight:600;color:#555;border-bottom:2px solid #d0d0d0"


def table(header: list[str] | None, rows: list[list], right: tuple[int, ...] = (), raw: tuple[int, ...] = (),
          data: tuple[int, ...] = ()) -> str:
    """A static table whose cells wrap, so it fits the page. Cells are escaped, except the
    columns in ``raw``, which hold HTML made here; columns in ``right`` are right-aligned
    (numbers); columns in ``data`` hold data rather than interface text (what documents and
    their metadata say, label ids, names quoted in another language). With no header there is no header row."""

    def cell(tag: str, style: str, index: int, value) -> str:
        shown = str(value) if index in raw else escape("" if value is None else str(value))
        marked_as = ' class="data"' if index in data and tag == "td" else ""
        return f'<{tag}{marked_as} style="{style.format(align="right" if index in right else "left")}">{shown}</{tag}>'

    head = "<tr>" + "".join(cell("th", HEAD_STYLE, index, name) for index, name in enumerate(header)) + "</tr>" if header else ""
    body = "".join("<tr>" + "".join(cell("td", CELL_STYLE, index, value) for index, value in enumerate(row)) + "</tr>" for row in rows)
    return f'<table style="{TABLE_STYLE}"><thead>{head}</thead><tbody>{body}</tbody></table>'


def mix_bar(counts: list[tuple[str, int, str]]) -> str:
    """A small stacked bar of (name, count, colour), each segment as wide as its share and
    labelled with its count; the names are in its tooltip."""
    total = sum(count for _, count, _ in counts)
    if not total:
        return "—"
    segments = "".join(
        f'<span style="display:inline-block;width:{100 * count / total:.1f}%;background:{escape(colour)};'
        f'color:{"#000" if colour.upper() in ("#BBBBBB", "#E69F00", "#56B4E9", "#F0E442") else "#fff"};'
        f'text-align:center;font-size:0.8rem;line-height:1.3rem">{count}</span>'
        for _, count, colour in counts if count
    )
    title = escape(" · ".join(f"{name}: {count}" for name, count, _ in counts if count))
    return f'<span title="{title}" style="display:flex;min-width:7rem;border-radius:3px;overflow:hidden">{segments}</span>'


def document_text(paragraphs: list[tuple[str, str, list[tuple[int, int, str]]]]) -> str:
    """A document's cleaned paragraphs in the interface font, headings in bold, with the
    given spans (in each paragraph's text) highlighted."""
    blocks = []
    for kind, paragraph_text, spans in paragraphs:
        style = "margin:0.9em 0 0.3em 0;font-weight:600" if kind == "heading" else "margin:0 0 0.7em 0"
        blocks.append(f'<p style="{style}">{marked(paragraph_text, spans, SPAN_STYLE)}</p>')
    return (
        '<div class="document-text" style="line-height:1.6;max-height:36rem;overflow-y:auto;'
        'border:1px solid #ddd;border-radius:0.5rem;padding:0.8rem 1rem;background:#fff">' + "".join(blocks) + "</div>"
    )


def uploader_text(button: str, instructions: str) -> str:
    """A style sheet that replaces the file uploader's built-in English button and limits text
    (Streamlit offers no way to translate them) with the interface's own words."""
    rules = []
    for selector, words in (('[data-testid="stFileUploaderDropzone"] button p', button),
                            ('[data-testid="stFileUploaderDropzoneInstructions"] span', instructions)):
        rules.append(f"{selector} {{visibility:hidden;font-size:0}}"
                     f"{selector}::after {{visibility:visible;font-size:0.875rem;content:{json.dumps(words)}}}")
    return "<style>" + "".join(rules) + "</style>"


def profile_member(row: dict, labels: Labels, language: str, citation: Citation) -> str:
    """One recommendation in an audience profile: its approach, quote, summary and citation."""
    summary = (f'<div style="font-size:0.92rem;margin:0 0 0.2rem 0"><b>{escape(text("summary", language))}:</b> '
               f'<span class="data">{escape(row["summary_en"])}</span></div>' if row.get("summary_en") else "")
    status = text("status_reviewed" if row["tag_source"] == "review" else "status_machine_only", language)
    return (
        '<div style="margin:0.2rem 0 0.6rem 0">'
        f'<div>{chip(labels.name(row["approach"], language), labels.colour(row["approach"]), filled=True)}'
        f'<span style="font-size:0.82rem;color:#555">{escape(status)}</span></div>'
        f'{quote(row["text"], [], labels.colour(row["approach"]))}'
        + summary
        + citation_lines(citation, row["heading"], language)
        + "</div>"
    )


def group_heading(heading: str) -> str:
    """The heading of a group of recommendations that ask the same thing, escaped."""
    return f'<div style="font-weight:600;font-size:1.08rem;margin:0.1rem 0 0.3rem 0">{escape(heading)}</div>'
