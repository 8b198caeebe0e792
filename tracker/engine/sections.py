"""Recommendations sections: where they are in a document, and the recommendations they hold."""

from dataclasses import dataclass, field

from tracker.engine.codebook import Codebook
from tracker.engine.layout import ENDS_COLON_RE, Paragraph, Structure
from tracker.engine.tagging import Evidence, Passage, Tags, audience_hits, clause_addressees, tag


@dataclass
class Section:
    heading: str
    start: int
    end: int


@dataclass
class Recommendation:
    text: str
    start: int
    end: int
    heading: str | None
    audiences: list[str]
    approach: str
    themes: list[str]
    confidence: float
    needs_review: bool
    evidence: list[Evidence]
    review_reasons: list[str] = field(default_factory=list)


def _title(paragraph: Paragraph) -> str:
    return paragraph.body.rstrip(":").strip()


def locate_sections(document: list[Paragraph], structure: Structure) -> list[tuple[int, int]]:
    """Index ranges (heading, end) of the recommendations sections.

    A section runs from a heading whose title names recommendations to the next structural
    heading of the same or a higher level. A chapter such as "Kesimpulan dan Saran" that
    holds a conclusions sub-section is not itself the section: its "Saran" sub-section is.
    A heading with no text under it (a table of contents entry) opens nothing.
    """
    sections = []
    index = 0
    while index < len(document):
        heading = document[index]
        if not (heading.kind == "heading" and heading.structural and structure.recommendation.fullmatch(_title(heading))):
            index += 1
            continue
        end = index + 1
        while end < len(document) and not (
            document[end].kind == "heading" and document[end].structural and document[end].level <= heading.level
        ):
            end += 1
        body = document[index + 1:end]
        holds_conclusions = any(
            paragraph.kind == "heading" and structure.conclusion.fullmatch(_title(paragraph)) for paragraph in body
        )
        if holds_conclusions:
            index += 1
            continue
        if any(paragraph.kind in ("text", "item") for paragraph in body):
            sections.append((index, end))
        index = end
    return sections


def _passage(paragraph: Paragraph, source: str, body_only: bool = True) -> Passage:
    offset = paragraph.body_offset if body_only else 0
    text = paragraph.text[offset:]
    return Passage(text, lambda start, end: paragraph.raw_span(start + offset, end + offset), source)


def _recommendation_strength(passage: Passage, paragraph: Paragraph, context: Passage | None, lead_in: Paragraph | None, codebook: Codebook) -> tuple[str | None, list]:
    """Whether a paragraph of a recommendations section recommends, and how surely."""
    strong = codebook.strong_cues.find(passage.text)
    if strong:
        return "strong", strong
    addressed = clause_addressees(passage.text, codebook)
    if addressed:
        return "addressed", []
    if context is not None and audience_hits(context.text, codebook):
        return "heading", []
    if paragraph.kind == "item" and lead_in is not None:
        return "list_item", []
    weak = codebook.weak_cues.find(passage.text)
    if weak:
        return "weak", weak
    return None, []


def split_section(document: list[Paragraph], start: int, end: int, codebook: Codebook) -> list[Recommendation]:
    """The recommendations in one section: one per list item or recommending paragraph.

    A sub-heading ("1. Pemerintah", "5.2.1 Saran Akademis") gives the paragraphs under it
    their context; a paragraph ending in a colon introduces the list after it; paragraphs
    without any sign of recommending (background, observations) are left out.
    """
    section_heading = document[start]
    context: Paragraph | None = None
    lead_in: Paragraph | None = None
    found = []
    for paragraph in document[start + 1:end]:
        if paragraph.kind == "toc":
            continue
        if paragraph.kind == "heading":
            is_item = not paragraph.structural and paragraph.marker and codebook.strong_cues.find(paragraph.body)
            if not is_item:
                context, lead_in = paragraph, None
                continue
        if paragraph.kind == "text" and ENDS_COLON_RE.search(paragraph.text):
            lead_in = paragraph
            continue
        passage = _passage(paragraph, "text")
        heading = context or section_heading
        heading_passage = _passage(heading, "heading", body_only=False)
        strength, cue_hits = _recommendation_strength(passage, paragraph, heading_passage, lead_in, codebook)
        if paragraph.kind == "text":
            lead_in = None
        if strength is None:
            continue
        tags: Tags = tag(
            passage,
            codebook,
            strength,
            heading=heading_passage,
            lead_in=_passage(lead_in, "lead_in", body_only=False) if lead_in is not None else None,
        )
        cue_evidence = [
            Evidence("recommendation", hit.text, *passage.to_raw(hit.start, hit.end), "text", False, hit.start, hit.end)
            for hit in cue_hits
        ]
        raw_start, raw_end = passage.to_raw(0, len(passage.text))
        found.append(
            Recommendation(
                text=passage.text,
                start=raw_start,
                end=raw_end,
                heading=heading.text,
                audiences=tags.audiences,
                approach=tags.approach,
                themes=tags.themes,
                confidence=tags.confidence,
                needs_review=tags.needs_review,
                evidence=cue_evidence + tags.evidence,
                review_reasons=tags.review_reasons,
            )
        )
    return found
