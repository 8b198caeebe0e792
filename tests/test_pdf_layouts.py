"""Team-corpus theses typeset as real PDFs (first-line indents without gaps, running headers
and page numbers, a contents page with dot leaders, one or two columns): the engine finds
the same recommendations, with the same tags, as in the text version."""

import pytest

from conftest import ROOT
from layouts import Block, write_layout
from tracker.engine import evaluate
from tracker.engine.extraction import extract_file, extract_text
from tracker.engine.flattened import restructure
from tracker.engine.layout import load_structure, paragraphs
from tracker.engine.reading import read_document

CORPUS = ROOT / "tests" / "corpus" / "dev"
THESES = ["d01_skripsi_hukum_mucikari_michat.txt", "d04_skripsi_sosiologi_waria_stigma.txt",
          "d06_tesis_map_penertiban_balikpapan.txt", "d23_paper_en_online_solicitation_surabaya.txt"]


def blocks(text: str) -> list[Block]:
    """The document's headings and paragraphs, as a typesetter would receive them."""
    return [Block(paragraph.text, heading=paragraph.kind == "heading")
            for paragraph in restructure(paragraphs(text), load_structure()) if paragraph.kind != "toc"]


def reading(document: evaluate.GoldDocument, found) -> list[tuple[str, list[str], str]]:
    result = evaluate.score_document(document, found)
    return sorted((match.gold.phrase, match.found.audiences, match.found.approach) for match in result.matches)


@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("name", THESES)
def test_a_typeset_thesis_reads_as_its_text(name, columns, tmp_path):
    [document] = [item for item in evaluate.load_gold(CORPUS) if item.path.name == name]
    text = read_document(document.path)
    as_text = reading(document, extract_text(text).recommendations)
    pdf = write_layout(blocks(text.text), tmp_path / f"{document.path.stem}.pdf", header="Universitas Negeri Contoh", columns=columns)
    extraction = extract_file(pdf)
    assert reading(document, extraction.recommendations) == as_text
    assert len(as_text) >= len(document.recommendations) - 1
    # The running header and page numbers are furniture, never part of a recommendation.
    assert not any("Universitas Negeri Contoh" in item.text for item in extraction.recommendations)
