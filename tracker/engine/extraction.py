"""The recommendation engine: read a document, locate its recommendations sections, split and tag them."""

from dataclasses import dataclass
from pathlib import Path

from tracker.engine.codebook import Codebook, load_codebook
from tracker.engine.flattened import restructure
from tracker.engine.layout import load_structure, paragraphs
from tracker.engine.reading import SourceText, read_document
from tracker.engine.sections import (
    Recommendation, Section, abstracts, has_paper_structure, locate_sections, reported_calls, split_section,
)


@dataclass
class Extraction:
    path: str
    format: str
    text: str
    sections: list[Section]
    recommendations: list[Recommendation]

    def to_dict(self) -> dict:
        # Field by field: dataclasses.asdict deep-copies every value and is several times slower.
        return {
            "document": {
                "path": self.path,
                "format": self.format,
                "characters": len(self.text),
                "sections": [dict(vars(section)) for section in self.sections],
            },
            "recommendations": [
                {**vars(item), "evidence": [dict(vars(evidence)) for evidence in item.evidence],
                 "audiences": list(item.audiences), "themes": list(item.themes), "review_reasons": list(item.review_reasons)}
                for item in self.recommendations
            ],
        }


def extract_text(source: SourceText, codebook: Codebook | None = None) -> Extraction:
    codebook = codebook or load_codebook()
    structure = load_structure()
    document = restructure(paragraphs(source.text), structure)
    sections = []
    recommendations = []
    for start, end in locate_sections(document, structure):
        heading = document[start]
        sections.append(Section(heading.text, heading.start, document[end - 1].end))
        recommendations.extend(split_section(document, start, end, codebook))
    if not sections and not has_paper_structure(document, structure):
        # No thesis or paper structure at all: a news report or statement, whose
        # recommendations are the calls it reports.
        recommendations = reported_calls(document, codebook)
    elif not sections:
        # A paper with no recommendations section may still recommend in its abstract, in
        # so many words ("We recommend that the Supreme Court issue ...").
        recommendations = reported_calls(abstracts(document, structure), codebook, requests_only=True)
    return Extraction(source.path, source.format, source.text, sections, recommendations)


def extract_file(path: str | Path) -> Extraction:
    return extract_text(read_document(path))
