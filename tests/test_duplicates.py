"""Duplicates by content: the same study as TXT, PDF and DOCX is refused, naming the stored
document; required metadata on add."""

import os
import subprocess
import sys

import pytest

from conftest import ROOT, SOURCES, query, text_lines, write_docx, write_pdf
from tracker.engine.duplicates import SAME_SHARE, same_text, shared_share, shingles
from tracker.store import curation
from tracker.store.filters import Filters

SEED_001 = SOURCES / "001_c6977e057d9b252a.txt"
COMPLETE = curation.Metadata(title="Komunikasi prostitusi daring", author="Wulan Sari", institution="Universitas Harapan Bangsa",
                             year="2024")


def files(data):
    """The data folder's files, but the lock and the extraction cache (which reading fills)."""
    return {path.relative_to(data): path.read_bytes() for path in sorted(data.rglob("*"))
            if path.is_file() and path.name != ".lock" and ".cache" not in path.relative_to(data).parts}


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_seed_001_in_another_format_is_refused_as_a_duplicate(workspace, tmp_path, suffix):
    data, db = workspace
    writer = write_pdf if suffix == "pdf" else write_docx
    path = writer(text_lines(SEED_001.read_text(encoding="utf-8")), tmp_path / f"001.{suffix}")
    before = (files(data), query(db, "export_recommendations", **Filters().sql_params()))
    added, skipped, refused = curation.add_documents(data, db, [curation.Upload(path.name, path.read_bytes(), COMPLETE)], "dewi")
    assert (added, skipped) == ([], [])
    assert refused == [f"001.{suffix}: the same text as the stored document 001_c6977e057d9b252a.txt (001_c6977e057d9b252a): "
                       "100% of its word shingles"]
    assert (files(data), query(db, "export_recommendations", **Filters().sql_params())) == before


def test_ingest_refuses_the_pdf_and_a_file_without_its_metadata(workspace, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    write_pdf(text_lines(SEED_001.read_text(encoding="utf-8")), folder / "seed.pdf")
    (folder / "notes.txt").write_text("Catatan\n\n5.2 Saran\n\n1. Pemerintah perlu menyediakan layanan tes HIV gratis.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tracker", "ingest", str(folder), "--editor", "dewi"], cwd=ROOT,
                            env=os.environ, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stdout.strip().splitlines() == [
        "refused: notes.txt: metadata missing: title, author, year, institution (title, author, year and institution are required)",
        "refused: seed.pdf: the same text as the stored document 001_c6977e057d9b252a.txt (001_c6977e057d9b252a): 100% of its word shingles",
        "added 0, skipped 0, refused 2",
    ]


def test_page_furniture_still_matches_and_other_studies_do_not():
    text = SEED_001.read_text(encoding="utf-8")
    lines = text.splitlines()
    # Page numbers and a running header every 30 lines, as a printed copy would have.
    furnished = "\n".join(line + (f"\n{number // 30}\nKOMUNIKASI PROSTITUSI DARING" if number % 30 == 29 else "")
                          for number, line in enumerate(lines))
    assert SAME_SHARE <= shared_share(shingles(text), shingles(furnished)) < 1
    others = [(path.name[:3], path.read_text(encoding="utf-8")) for path in sorted(SOURCES.iterdir()) if not path.name.startswith("001")]
    assert same_text(furnished, others) is None
    assert same_text(furnished, others + [("001", text)])[0] == "001"
    # An excerpt (the closing recommendations alone) is not the same text.
    excerpt = text[text.index("5.2"):]
    assert shared_share(shingles(text), shingles(excerpt)) < SAME_SHARE


def test_sketches_shingle_texts_as_the_engine_does():
    from tracker.engine import duplicates
    from tracker.store import sketches

    assert (sketches.SHINGLE_WORDS, sketches.WORD_RE.pattern) == (duplicates.SHINGLE_WORDS, duplicates.WORD_RE.pattern)


def test_a_sketch_finds_the_stored_document_with_the_same_text_and_no_other():
    from tracker.store.sketches import SketchIndex, sketch

    seeds = {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SOURCES.iterdir())}
    index = SketchIndex([])
    for number, (key, text) in enumerate(seeds.items()):
        index.add(key, sketch(text))
        for extra in range(5):  # grown well past its first size
            index.add(f"{key}-{extra}", sketch(f"Lampiran {extra}: " + " ".join(reversed(text.split()))))
    copy = SEED_001.read_text(encoding="utf-8").replace("\n", "\n\n") + "\n\n12\n"
    assert index.candidates(sketch(copy)) == ["001"]
    assert index.candidates(sketch("Sama sekali lain: pemerintah perlu membuka layanan kesehatan di setiap kota.")) == []
