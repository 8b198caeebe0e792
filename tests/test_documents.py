"""Documents in the shapes the engine will meet beyond the seeds, and PDF/DOCX versions."""

import pytest

from conftest import DOCUMENTS, SEEDS, SOURCES, text_lines, write_docx, write_pdf
from tracker.engine.extraction import extract_file


def summary(extraction):
    return [(r.text, r.audiences, r.approach, r.themes, r.heading) for r in extraction.recommendations]


def test_whole_thesis_with_preface_contents_and_bibliography():
    extraction = extract_file(DOCUMENTS / "full_thesis.txt")
    text = (DOCUMENTS / "full_thesis.txt").read_text(encoding="utf-8")
    # The preface's "kritik dan saran" and the contents' "5.2 Saran ..... 61" open nothing.
    assert [(s.heading, s.start) for s in extraction.sections] == [("5.2 Saran", text.index("5.2 Saran\n"))]
    found = [(r.audiences, r.approach, r.themes) for r in extraction.recommendations]
    assert found == [
        (["government"], "punitive", ["law_enforcement", "content_blocking", "child_protection"]),
        (["app_developers"], "harm_reduction", ["safety_privacy"]),
        (["ngos"], "harm_reduction", ["health", "safety_privacy", "rights_justice"]),
        (["researchers"], "neither", ["research_method_ethics"]),
    ]
    texts = [r.text for r in extraction.recommendations]
    # Lettered items; a line-end hyphen undone; an item cut by page number, page break and
    # running header joined again.
    assert texts[0].startswith("Bagi Kementerian Komunikasi dan Informatika, perlu memblokir")
    assert "dari penyalahgunaan oleh pihak" in texts[1]
    assert texts[2] == (
        "Bagi lembaga swadaya masyarakat, diharapkan memperluas layanan tes HIV dan pendampingan hukum "
        "bagi pekerja seks yang menjadi korban kekerasan, termasuk kekerasan yang terjadi setelah transaksi di aplikasi."
    )
    # Neither the conclusions' list nor the bibliography after the section is picked up.
    assert extraction.recommendations[-1].end < text.index("DAFTAR PUSTAKA\nRekomendasi")
    assert all(r.start > text.index("5.2 Saran\n") for r in extraction.recommendations)


def test_english_markdown_paper():
    extraction = extract_file(DOCUMENTS / "english_paper.md")
    assert [s.heading for s in extraction.sections] == ["5. Recommendations"]
    found = [(r.text.split()[0], r.audiences, r.approach) for r in extraction.recommendations]
    assert found == [
        ("Platforms", ["app_developers"], "harm_reduction"),
        ("The", ["government"], "harm_reduction"),
        ("Police", ["government"], "mixed"),
        ("Future", ["researchers"], "neither"),
    ]
    first = extraction.recommendations[0]
    assert first.text.startswith("Platforms such as MiChat and X should offer")  # ** and * removed
    ministry = extraction.recommendations[1]
    assert ("harm_reduction", "not block", True) in {(e.label, e.cue, e.negated) for e in ministry.evidence}
    assert "content_blocking" in ministry.themes


@pytest.mark.parametrize("name", SEEDS + ["full_thesis.txt"])
def test_pdf_and_docx_versions_give_the_same_recommendations(name, tmp_path):
    source = SOURCES / name if (SOURCES / name).exists() else DOCUMENTS / name
    lines = text_lines(source.read_text(encoding="utf-8"))
    expected = summary(extract_file(source))
    pdf = extract_file(write_pdf(lines, tmp_path / f"{name}.pdf"))
    docx = extract_file(write_docx(lines, tmp_path / f"{name}.docx"))
    assert summary(pdf) == expected
    assert summary(docx) == expected
    # Offsets point into each format's own text as read.
    for extraction in (pdf, docx):
        for recommendation in extraction.recommendations:
            assert extraction.text[recommendation.start:recommendation.end][:15] == recommendation.text[:15]


def test_crlf_and_form_feed_text(tmp_path):
    source = (SOURCES / "002_c440a2708b67ebd2.txt").read_text(encoding="utf-8")
    variant = tmp_path / "crlf.txt"
    variant.write_bytes(source.replace("\n\n5.2 Saran", "\f5.2 Saran").replace("\n", "\r\n").encode("utf-8"))
    expected = summary(extract_file(SOURCES / "002_c440a2708b67ebd2.txt"))
    extraction = extract_file(variant)
    assert summary(extraction) == expected
    first = extraction.recommendations[0]
    assert extraction.text[first.start:first.end].startswith("Bagi para PSK")
