"""The engine against the team's reading of every seed (data/reviewed_tags.jsonl)."""

import re

import pytest

from conftest import SEEDS, SOURCES
from tracker.engine.extraction import extract_file

RECOMMENDING_SEEDS = [name for name in SEEDS if not name.startswith("004")]


def letters(text: str) -> str:
    """Only letters and digits: what cleaning (joining lines, undoing hyphens, dropping
    emphasis) never changes."""
    return re.sub(r"[\W_]+", "", text)


@pytest.fixture(scope="module")
def extractions():
    return {name: extract_file(SOURCES / name) for name in SEEDS}


@pytest.mark.parametrize("name", SEEDS)
def test_recommendations_match_the_reviewed_reading(name, extractions, truth_by_document):
    found = extractions[name].recommendations
    expected = truth_by_document[name]
    assert [(r.start, r.end) for r in found] == [(t["start"], t["end"]) for t in expected]
    for recommendation, truth in zip(found, expected):
        assert recommendation.text.startswith(truth["quote"])
        assert recommendation.audiences == truth["audiences"], truth["quote"]
        assert recommendation.approach == truth["approach"], truth["quote"]
        assert recommendation.themes == truth["themes"], truth["quote"]


def test_seed_counts_and_sections(extractions):
    counts = {name[:3]: len(extractions[name].recommendations) for name in SEEDS}
    assert counts == {"000": 5, "001": 3, "002": 3, "003": 5, "004": 0}
    headings = {name[:3]: [s.heading for s in extractions[name].sections] for name in SEEDS}
    assert headings == {"000": ["B. Saran"], "001": ["5.2 Saran"], "002": ["5.2 Saran"], "003": ["5.2 Saran"], "004": []}


def test_the_abstract_gives_nothing(extractions):
    abstract = extractions["004_6679578bab1df08b.txt"]
    assert abstract.sections == [] and abstract.recommendations == []


@pytest.mark.parametrize("name", RECOMMENDING_SEEDS)
def test_conclusion_lists_are_not_recommendations(name, extractions):
    text = (SOURCES / name).read_text(encoding="utf-8")
    section_start = extractions[name].sections[0].start
    conclusions = re.search(r"Kesimpulan", text).start()
    assert conclusions < section_start
    assert all(r.start > section_start for r in extractions[name].recommendations)


@pytest.mark.parametrize("name", RECOMMENDING_SEEDS)
def test_offsets_point_at_the_recommendation_and_its_evidence(name, extractions):
    text = (SOURCES / name).read_text(encoding="utf-8")
    for recommendation in extractions[name].recommendations:
        raw = text[recommendation.start:recommendation.end]
        assert raw[:20] == recommendation.text[:20] and raw[-1] == recommendation.text[-1]
        assert letters(raw) == letters(recommendation.text)
        for evidence in recommendation.evidence:
            assert letters(text[evidence.start:evidence.end]) == letters(evidence.cue)
            assert text[evidence.start:evidence.end].split()[0] == evidence.cue.split()[0]


def test_page_break_mid_sentence_is_one_paragraph(extractions):
    practical = extractions["003_00fbc321b512853d.txt"].recommendations
    assert "karena isu keamanan atau keterbatasan fitur" in practical[2].text
    assert "menciptakan lingkungan yang lebih aman" in practical[4].text
    # The footer after the last page is furniture, not part of the recommendation.
    assert practical[4].text.endswith("hak-hak dasar mereka dilindungi.")


def test_hard_wrapped_lines_and_reduplication(extractions):
    method = extractions["000_2bdf1a7431f1e419.txt"].recommendations[1]
    assert "mengetahui dari teman-temannya atau masyarakat sekitar" in method.text


def test_audience_headings_carry_over(extractions):
    recommendations = extractions["001_c6977e057d9b252a.txt"].recommendations
    assert [r.heading for r in recommendations] == ["1. Pemerintah", "1. Pemerintah", "2. Masyarakat umum"]
    academic = extractions["003_00fbc321b512853d.txt"].recommendations[0]
    assert academic.heading == "5.2.1 Saran Akademis"


def test_negation_and_contrast_in_the_seeds(extractions):
    _, government, public = extractions["001_c6977e057d9b252a.txt"].recommendations
    # "tidak berhenti sampai penangkapan, namun dibutuhkan pendampingan": both.
    assert government.approach == "mixed"
    assert {("punitive", "penangkapannya"), ("harm_reduction", "pendampingan")} <= {(e.label, e.cue) for e in government.evidence}
    # "tidak harus menggunakan kekerasan" is no call for force.
    rejected = [e for e in public.evidence if e.negated]
    assert [(e.label, e.cue) for e in rejected] == [("harm_reduction", "tidak harus menggunakan kekerasan")]
    assert public.approach == "harm_reduction"


def test_only_the_implicit_recommendation_needs_review(extractions):
    flagged = [(name[:3], r.text[:30]) for name in SEEDS for r in extractions[name].recommendations if r.needs_review]
    assert flagged == [("000", "Pekerja seks komersial (PSK) o")]
