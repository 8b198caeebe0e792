"""Tagging rules on single recommendations: affixes, negation, addressing, the codebook."""

import re

import pytest
import yaml

from tracker.engine.codebook import CODEBOOK_PATH, CodebookError, load_codebook
from tracker.engine.morphology import cue_pattern, search_terms
from tracker.engine.tagging import Passage, tag


def tagged(text: str, heading: str | None = None):
    passage = Passage(text, lambda start, end: (start, end), "text")
    heading_passage = Passage(heading, lambda start, end: (start, end), "heading") if heading else None
    return tag(passage, load_codebook(), "strong", heading=heading_passage)


@pytest.mark.parametrize("word", ["blokir", "memblokir", "diblokir", "pemblokiran", "blokirnya", "Memblokirkan"])
def test_stem_cue_matches_affixed_forms(word):
    assert re.search(cue_pattern("~blokir"), word, re.IGNORECASE)


@pytest.mark.parametrize("word", ["penangkapan", "ditangkap", "menangkap", "pemantauan", "memantau"])
def test_nasal_substitution(word):
    stem = "tangkap" if "ang" in word else "pantau"
    assert re.search(cue_pattern("~" + stem), word, re.IGNORECASE)


def test_stem_cue_does_not_match_other_words():
    assert not re.search(cue_pattern("~blokir"), "blokade", re.IGNORECASE)
    assert not re.search(cue_pattern("pekerja seks"), "pekerjaan seks", re.IGNORECASE)


def test_search_terms_cover_affixes_and_english_endings():
    [(needle, blokir)] = search_terms("blokir")
    assert needle == "blokir" and re.search(blokir, "Kominfo memblokir situs")
    [(needle, tangkap)] = search_terms("tangkap")
    assert needle == "angkap" and needle in "menangkap" and re.search(tangkap, "polisi menangkap")
    [(needle, arrest)] = search_terms("arrest")
    assert re.search(arrest, "sex workers were arrested")
    injection = search_terms("  <script> ' OR 1=1 --")
    assert [needle for needle, _ in injection] == ["cript", "or", "1", "1"]  # s may be a nasal prefix
    assert all(re.search(pattern, "script or 1") for _, pattern in injection)
    assert not any(re.search(pattern, "<> ' = --") for _, pattern in injection)
    assert search_terms("!!!") == []
    assert len(search_terms("satu dua tiga empat lima enam")) == 5


def test_plain_punitive_and_harm_reduction():
    assert tagged("Pemerintah perlu melakukan razia dan memblokir situs prostitusi.").approach == "punitive"
    assert tagged("Pemerintah perlu menyediakan layanan kesehatan dan tes HIV.").approach == "harm_reduction"


def test_negated_force_is_not_punitive():
    tags = tagged("Pemerintah tidak perlu melakukan razia terhadap pekerja seks.")
    assert tags.approach == "harm_reduction"
    assert [(e.label, e.cue, e.negated) for e in tags.evidence if e.label == "harm_reduction"] == [
        ("harm_reduction", "tidak perlu melakukan razia", True)
    ]


def test_not_stopping_at_arrest_keeps_the_arrest():
    tags = tagged("Polisi perlu bertindak dengan tidak berhenti sampai penangkapan, namun dibutuhkan pendampingan.")
    assert tags.approach == "mixed"


def test_not_only_keeps_the_cue():
    assert tagged("Pemerintah tidak hanya perlu memblokir situs, tetapi juga menindak jaringan.").approach == "punitive"


def test_stigma_negated_is_still_harm_reduction():
    assert tagged("Aparat harus melayani pekerja seks tanpa diskriminasi.").approach == "harm_reduction"


def test_addressed_audience_beats_mentions():
    tags = tagged("Bagi pengembang aplikasi, perlu membantu pemerintah dan masyarakat memahami risiko.")
    assert tags.audiences == ["app_developers"]
    assert not tags.needs_review


def test_heading_gives_the_audience():
    assert tagged("Memperbanyak layanan konseling.", heading="2. Organisasi masyarakat").audiences == ["ngos"]


def test_mentions_only_need_review():
    tags = tagged("Situasi pekerja seks perlu diperhatikan.")
    assert tags.audiences == ["sex_workers"]
    assert tags.needs_review and "audience only mentioned, not addressed" in tags.review_reasons


def test_no_audience_needs_review():
    tags = tagged("Hal ini perlu diperhatikan.")
    assert tags.audiences == [] and tags.needs_review


def test_research_only_is_neither_even_with_health_words():
    tags = tagged("Peneliti selanjutnya perlu meneliti kesehatan mental pekerja seks.")
    assert (tags.audiences, tags.approach) == (["researchers"], "neither")


def test_codebook_has_every_label_in_both_languages():
    codebook = load_codebook()
    assert [label["id"] for label in codebook.labels("audiences")] == [
        "government", "app_developers", "ngos", "researchers", "public", "sex_workers"
    ]
    assert [label["id"] for label in codebook.labels("approaches")] == ["punitive", "harm_reduction", "mixed", "neither"]
    for kind in ("audiences", "approaches", "themes"):
        for label in codebook.labels(kind):
            assert label["name_en"] and label["name_id"] and label["definition_en"] and label["definition_id"]
            assert label["rules"] and label["examples"], label["id"]
    assert codebook.label_name("app_developers", "id") == "Pengembang aplikasi dan platform"


def test_malformed_codebook_is_refused_clearly(tmp_path):
    data = yaml.safe_load(CODEBOOK_PATH.read_text(encoding="utf-8"))
    data["audiences"] = data["audiences"][1:]
    broken = tmp_path / "codebook.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CodebookError, match="audiences must be government"):
        load_codebook(broken)
    broken.write_text("audiences: [unclosed", encoding="utf-8")
    with pytest.raises(CodebookError, match="not valid YAML"):
        load_codebook(broken)
