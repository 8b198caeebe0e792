"""The team corpus and the engine's measured accuracy on it (python -m tracker evaluate)."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from tracker.engine import evaluate
from tracker.engine.reading import read_document
from tracker.engine.sections import Recommendation

CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def figures() -> dict:
    """The command line's JSON report on the team corpus, as a user runs it."""
    result = subprocess.run([sys.executable, "-m", "tracker", "evaluate", "--json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_corpus_is_large_and_a_third_is_held_out():
    documents = evaluate.load_gold(CORPUS)
    held_out = [document for document in documents if document.held_out]
    assert len(documents) >= 40
    assert sum(len(document.recommendations) for document in documents) >= 200
    assert len(held_out) * 3 >= len(documents)
    # Every shape a user brings, including documents that recommend nothing.
    shapes = {document.shape for document in documents}
    assert {"whole thesis", "web-flattened chapter", "abstract", "policy brief", "news report",
            "english paper", "no recommendations"} <= shapes
    assert {document.path.suffix for document in documents} >= {".txt", ".md", ".docx", ".pdf"}
    assert {document.shape for document in held_out} >= shapes - {"no recommendations"}


@pytest.mark.parametrize("document", evaluate.load_gold(CORPUS), ids=lambda document: document.name)
def test_every_gold_phrase_stands_once_in_its_document(document):
    text = evaluate.letters(read_document(document.path).text)
    for gold in document.recommendations:
        assert text.count(evaluate.letters(gold.phrase)) == 1, gold.phrase


def test_the_report_has_the_documented_shape(figures):
    for part in (figures, figures["held_out"], figures["development"]):
        assert set(evaluate.SUMMARY_KEYS) <= set(part)
        assert all(isinstance(part[key], int) for key in ("documents", "recommendations"))
        assert all(isinstance(part[key], float) and 0.0 <= part[key] <= 1.0 for key in ("recall", "precision", "audience", "approach"))
    assert figures["documents"] == figures["held_out"]["documents"] + figures["development"]["documents"]
    assert [row["label"] for row in figures["audiences"]] == [
        "government", "app_developers", "ngos", "researchers", "public", "sex_workers", "none"]
    assert set(figures["approach_confusion"]) == {"punitive", "harm_reduction", "mixed", "neither"}


def test_held_out_accuracy_meets_the_thresholds(figures):
    """Measured on documents no rule was tuned on (tests/corpus/held_out)."""
    held_out = figures["held_out"]
    assert held_out["recall"] >= 0.9
    assert held_out["precision"] >= 0.9
    assert held_out["audience"] >= 0.85
    assert held_out["approach"] >= 0.85


def test_the_text_report_lists_figures_tables_and_misses():
    result = subprocess.run([sys.executable, "-m", "tracker", "evaluate", str(CORPUS / "held_out")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["part", "documents", "recommendations", "recall", "precision", "audience", "approach"]
    # A part with no documents has no figures, not perfect ones.
    assert lines[2].split() == ["development", "0", "0", "-", "-", "-", "-"]
    assert any(line.startswith("approach: gold (rows) by engine (columns)") for line in lines)
    assert any(line.startswith("misses (") for line in lines)


def _recommendation(text: str, audiences: list[str], approach: str) -> Recommendation:
    return Recommendation(text, 0, len(text), None, audiences, approach, [], 1.0, False, [])


def _gold(*entries: dict) -> evaluate.GoldDocument:
    return evaluate.GoldDocument(
        path=CORPUS, name="made-up", shape="policy brief", language="id", held_out=False,
        recommendations=tuple(evaluate._gold_recommendation(entry, "test") for entry in entries),
    )


def test_scoring_pairs_one_to_one_and_counts_merges_as_misses():
    gold = _gold(
        {"phrase": "Pemerintah perlu membuka layanan", "audiences": ["government"], "approach": "harm_reduction"},
        {"phrase": "LSM diharapkan mendampingi", "audiences": ["ngos"], "approach": "harm_reduction",
         "also_audiences": [["government", "ngos"]]},
        {"phrase": "Peneliti selanjutnya perlu", "audiences": ["researchers"], "approach": "neither"},
    )
    found = [
        # Two gold recommendations merged into one found passage: one is found, one missed.
        _recommendation("Pemerintah perlu membuka layanan. LSM di-\nharapkan mendampingi korban.", ["government", "ngos"], "mixed"),
        _recommendation("Daftar pustaka yang bukan saran.", [], "neither"),
    ]
    result = evaluate.score_document(gold, found)
    assert [match.gold.phrase for match in result.matches] == ["Pemerintah perlu membuka layanan"]
    assert [(gold.phrase, why) for gold, why in result.missed] == [
        ("LSM diharapkan mendampingi", "merged with \u201cPemerintah perlu membuka layanan\u201d"),
        ("Peneliti selanjutnya perlu", "not found"),
    ]
    assert [item.text for item in result.extra] == ["Daftar pustaka yang bukan saran."]
    figures = evaluate.summary([result])
    assert figures == {"documents": 1, "recommendations": 3, "recall": 0.3333, "precision": 0.5,
                       "audience": 0.0, "approach": 0.0}


def test_other_accepted_readings_count_as_agreement():
    gold = _gold({"phrase": "LSM diharapkan mendampingi", "audiences": ["ngos"], "approach": "harm_reduction",
                  "also_audiences": [["government", "ngos"]], "also_approach": ["mixed"]})
    result = evaluate.score_document(gold, [_recommendation("LSM diharapkan mendampingi.", ["government", "ngos"], "mixed")])
    assert evaluate.summary([result])["audience"] == 1.0
    assert evaluate.summary([result])["approach"] == 1.0
    assert evaluate.approach_confusion([result])["mixed"]["mixed"] == 1


def test_a_malformed_gold_file_is_refused_with_its_name(tmp_path):
    (tmp_path / "doc.txt").write_text("5.2 Saran\n\nPemerintah perlu membuka layanan.\n", encoding="utf-8")
    (tmp_path / "doc.gold.yaml").write_text(
        "recommendations:\n  - phrase: Pemerintah perlu membuka\n    audiences: [goverment]\n    approach: harm_reduction\n",
        encoding="utf-8")
    with pytest.raises(evaluate.GoldError, match=r"doc\.gold\.yaml recommendation 1: audiences must be a list of"):
        evaluate.load_gold(tmp_path)
    (tmp_path / "doc.txt").unlink()
    with pytest.raises(evaluate.GoldError, match=r"expected one document named doc"):
        evaluate.load_gold(tmp_path)
    result = subprocess.run([sys.executable, "-m", "tracker", "evaluate", str(tmp_path / "empty")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
