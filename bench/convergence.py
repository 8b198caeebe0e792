"""How the convergence threshold was chosen: pairwise precision and recall at each threshold
against hand-judged pairs (bench/convergence_pairs.yaml), and the groups the profile makes.

    python bench/convergence.py

Recommendations are those the engine finds in the fixture data, the team corpus
(tests/corpus) and tests/documents. A pair is two recommendations of different documents
that share an audience, compared as the profile page compares them: TF-IDF fitted on that
audience's recommendations. The chosen threshold is the lowest whose pairwise precision is
at least 0.8: a brief that says "3 documents ask" must not overstate agreement (at most
one claimed pair in five wrong), and below that, as many true pairs as possible.
"""

import itertools
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.analysis.convergence import clusters, settings, similarity  # noqa: E402
from tracker.engine.extraction import extract_file  # noqa: E402

FOLDERS = (ROOT / "tests" / "fixtures" / "data" / "sources", ROOT / "tests" / "corpus", ROOT / "tests" / "documents")
MIN_PRECISION = 0.8
THRESHOLDS = [round(0.10 + 0.02 * step, 2) for step in range(21)]


def recommendations(judged_documents: set[str]) -> list[tuple[str, object]]:
    """The fixture documents' recommendations and those of the judged corpus documents."""
    found = []
    for folder in FOLDERS:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md", ".pdf", ".docx")):
            if folder == FOLDERS[0] or path.name[:12] in judged_documents:
                found.extend((path.name[:12], item) for item in extract_file(path).recommendations)
    return found


def main() -> None:
    judged = yaml.safe_load((ROOT / "bench" / "convergence_pairs.yaml").read_text(encoding="utf-8"))
    same = [((a, ta), (b, tb)) for a, ta, b, tb in judged["same"]]

    def judged_same(first: tuple[str, str], second: tuple[str, str]) -> bool:
        def named(recommendation, name):
            return recommendation[0] == name[0] and recommendation[1].startswith(name[1])
        return any((named(first, x) and named(second, y)) or (named(first, y) and named(second, x)) for x, y in same)

    found = recommendations(set(judged["documents"]))
    by_audience: dict[str, list] = {}
    for document, item in found:
        for audience in item.audiences:
            by_audience.setdefault(audience, []).append((document, item))
    pairs = []  # (similarity, judged the same)
    for audience, items in by_audience.items():
        matrix = similarity([item.text for _, item in items])
        for i, j in itertools.combinations(range(len(items)), 2):
            (first, a), (second, b) = items[i], items[j]
            if first != second:
                pairs.append((matrix[i, j], judged_same((first, a.text), (second, b.text))))
    positives = sum(label for _, label in pairs)
    print(f"{len(found)} recommendations, {len(pairs)} cross-document pairs sharing an audience, {positives} judged the same")
    print("threshold  pairs>=t  same  precision  recall   F1    F0.5")
    chosen = None
    for threshold in THRESHOLDS:
        kept = [label for value, label in pairs if value >= threshold]
        hits = sum(kept)
        precision = hits / len(kept) if kept else 1.0
        recall = hits / positives
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        f05 = 1.25 * precision * recall / (0.25 * precision + recall) if hits else 0.0
        print(f"{threshold:9.2f}  {len(kept):8d}  {hits:4d}  {precision:9.2f}  {recall:6.2f}  {f1:5.2f}  {f05:5.2f}")
        if chosen is None and precision >= MIN_PRECISION:
            chosen = threshold
    print(f"lowest threshold with precision >= {MIN_PRECISION}: {chosen:.2f}; data/convergence.yaml uses {settings().threshold:.2f}")
    for audience, items in sorted(by_audience.items()):
        matrix = similarity([item.text for _, item in items])
        for members in clusters(matrix, settings().threshold):
            documents = {items[index][0] for index in members}
            if len(documents) > 1:
                print(f"  {audience}: {len(documents)} documents: " + " | ".join(items[index][1].text[:50] for index in members))


if __name__ == "__main__":
    main()
