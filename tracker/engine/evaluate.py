"""Measure the engine against a gold reading: which recommendations it finds, and their tags.

A gold folder holds documents and, beside each, ``NAME.gold.yaml``: the document's shape and
language and, per recommendation, a distinctive phrase copied from it, its audiences and its
approach, with other readings an analyst could accept (``also_audiences``,
``also_approach``). Documents under a folder named ``held_out`` form the held-out part, on
which no rule is tuned (also when the folder given is itself a held_out folder).

An engine recommendation matches a gold one when it contains the gold phrase (compared on
letters and digits only, so line breaks and hyphenation do not matter). Each engine
recommendation matches at most one gold recommendation: two gold recommendations the engine
merged into one count as one found and one missed.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tracker.engine.codebook import APPROACH_IDS, AUDIENCE_IDS, Codebook, load_codebook
from tracker.engine.extraction import extract_text
from tracker.engine.reading import SUPPORTED_SUFFIXES, DocumentError, read_document
from tracker.engine.sections import Recommendation

GOLD_SUFFIX = ".gold.yaml"
HELD_OUT_FOLDER = "held_out"
DEFAULT_GOLD_DIR = Path(__file__).resolve().parents[2] / "tests" / "corpus"
SUMMARY_KEYS = ("documents", "recommendations", "recall", "precision", "audience", "approach")


class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file and what is wrong."""


def letters(text: str) -> str:
    """Lower-case letters and digits only: what line breaks, hyphenation and cleaning never change."""
    return re.sub(r"[\W_]+", "", text.lower())


@dataclass(frozen=True)
class GoldRecommendation:
    phrase: str
    audiences: frozenset[str]
    approach: str
    also_audiences: tuple[frozenset[str], ...] = ()
    also_approach: tuple[str, ...] = ()
    inferred: bool = False

    def accepts_audiences(self, audiences: list[str]) -> bool:
        return frozenset(audiences) in (self.audiences, *self.also_audiences)

    def accepts_approach(self, approach: str) -> bool:
        return approach in (self.approach, *self.also_approach)


@dataclass(frozen=True)
class GoldDocument:
    path: Path
    name: str  # relative to the gold folder
    shape: str
    language: str
    held_out: bool
    recommendations: tuple[GoldRecommendation, ...]


def _label_set(value, allowed: tuple[str, ...], where: str) -> frozenset[str]:
    if not isinstance(value, list) or any(item not in allowed for item in value):
        raise GoldError(f"{where}: audiences must be a list of {', '.join(allowed)}")
    return frozenset(value)


def _gold_recommendation(entry, where: str) -> GoldRecommendation:
    if not isinstance(entry, dict) or not isinstance(entry.get("phrase"), str) or not letters(entry["phrase"]):
        raise GoldError(f"{where}: each recommendation needs a phrase")
    approach = entry.get("approach")
    also_approach = tuple(entry.get("also_approach") or ())
    for value in (approach, *also_approach):
        if value not in APPROACH_IDS:
            raise GoldError(f"{where}: approach {value!r} is not one of {', '.join(APPROACH_IDS)}")
    return GoldRecommendation(
        phrase=entry["phrase"],
        audiences=_label_set(entry.get("audiences"), AUDIENCE_IDS, where),
        approach=approach,
        also_audiences=tuple(_label_set(value, AUDIENCE_IDS, where) for value in entry.get("also_audiences") or ()),
        also_approach=also_approach,
        inferred=bool(entry.get("inferred")),
    )


def load_gold(folder: Path) -> list[GoldDocument]:
    """Every gold document under ``folder``, in name order."""
    documents = []
    for gold_path in sorted(folder.rglob(f"*{GOLD_SUFFIX}")):
        stem = gold_path.name[: -len(GOLD_SUFFIX)]
        matches = [path for path in gold_path.parent.glob(f"{stem}.*") if path.suffix.lower() in SUPPORTED_SUFFIXES]
        if len(matches) != 1:
            raise GoldError(f"{gold_path}: expected one document named {stem} with a {', '.join(SUPPORTED_SUFFIXES)} suffix")
        try:
            data = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise GoldError(f"{gold_path}: not valid YAML ({error})") from None
        entries = data.get("recommendations") or []
        if not isinstance(entries, list):
            raise GoldError(f"{gold_path}: recommendations must be a list")
        documents.append(GoldDocument(
            path=matches[0],
            name=str(matches[0].relative_to(folder)),
            shape=str(data.get("shape", "")),
            language=str(data.get("language", "")),
            held_out=HELD_OUT_FOLDER in gold_path.resolve().parts[:-1],
            recommendations=tuple(
                _gold_recommendation(entry, f"{gold_path} recommendation {number}") for number, entry in enumerate(entries, 1)
            ),
        ))
    return documents


@dataclass
class Match:
    gold: GoldRecommendation
    found: Recommendation


@dataclass
class DocumentResult:
    document: GoldDocument
    matches: list[Match] = field(default_factory=list)
    missed: list[tuple[GoldRecommendation, str]] = field(default_factory=list)  # with why
    extra: list[Recommendation] = field(default_factory=list)  # found, in no gold reading
    error: str | None = None


def score_document(document: GoldDocument, found: list[Recommendation]) -> DocumentResult:
    """Pair the gold recommendations with the engine's, one to one, in document order."""
    result = DocumentResult(document)
    texts = [letters(item.text) for item in found]
    taken: dict[int, GoldRecommendation] = {}
    for gold in document.recommendations:
        phrase = letters(gold.phrase)
        holders = [index for index, text in enumerate(texts) if phrase in text]
        free = [index for index in holders if index not in taken]
        if free:
            taken[free[0]] = gold
            result.matches.append(Match(gold, found[free[0]]))
        elif holders:
            result.missed.append((gold, f"merged with \u201c{taken[holders[0]].phrase}\u201d"))
        else:
            result.missed.append((gold, "not found"))
    result.extra = [item for index, item in enumerate(found) if index not in taken]
    return result


def evaluate_documents(documents: list[GoldDocument], codebook: Codebook | None = None) -> list[DocumentResult]:
    codebook = codebook or load_codebook()
    results = []
    for document in documents:
        try:
            extraction = extract_text(read_document(document.path), codebook)
        except DocumentError as error:
            result = DocumentResult(document, missed=[(gold, "document unreadable") for gold in document.recommendations])
            result.error = str(error)
            results.append(result)
            continue
        results.append(score_document(document, extraction.recommendations))
    return results


def _share(part: int, whole: int) -> float | None:
    """A share, or None where there is nothing to measure it over."""
    return round(part / whole, 4) if whole else None


def summary(results: list[DocumentResult]) -> dict:
    """The four figures over a set of documents."""
    gold = sum(len(result.document.recommendations) for result in results)
    matches = [match for result in results for match in result.matches]
    found = len(matches) + sum(len(result.extra) for result in results)
    return {
        "documents": len(results),
        "recommendations": gold,
        "recall": _share(len(matches), gold),
        "precision": _share(len(matches), found),
        "audience": _share(sum(match.gold.accepts_audiences(match.found.audiences) for match in matches), len(matches)),
        "approach": _share(sum(match.gold.accepts_approach(match.found.approach) for match in matches), len(matches)),
    }


def _accepted_audiences(match: Match) -> frozenset[str]:
    """The gold audience set the engine is judged against: the accepted reading it chose, else the main one."""
    engine = frozenset(match.found.audiences)
    return engine if match.gold.accepts_audiences(match.found.audiences) else match.gold.audiences


def audience_table(results: list[DocumentResult]) -> list[dict]:
    """Per audience label, over matched recommendations: precision and recall of the label."""
    matches = [match for result in results for match in result.matches]
    rows = []
    for label in (*AUDIENCE_IDS, "none"):
        def has(audiences: frozenset[str]) -> bool:
            return not audiences if label == "none" else label in audiences
        true_positive = sum(has(frozenset(m.found.audiences)) and has(_accepted_audiences(m)) for m in matches)
        engine = sum(has(frozenset(m.found.audiences)) for m in matches)
        gold = sum(has(_accepted_audiences(m)) for m in matches)
        rows.append({"label": label, "gold": gold, "engine": engine, "agree": true_positive,
                     "precision": _share(true_positive, engine), "recall": _share(true_positive, gold)})
    return rows


def approach_confusion(results: list[DocumentResult]) -> dict[str, dict[str, int]]:
    """Gold approach (the accepted reading the engine chose, else the main one) by engine approach."""
    table = {gold: {engine: 0 for engine in APPROACH_IDS} for gold in APPROACH_IDS}
    for result in results:
        for match in result.matches:
            gold = match.found.approach if match.gold.accepts_approach(match.found.approach) else match.gold.approach
            table[gold][match.found.approach] += 1
    return table


def report(results: list[DocumentResult]) -> dict:
    """The figures for the whole corpus, its development and held-out parts, per-label tables and every miss."""
    held_out = [result for result in results if result.document.held_out]
    development = [result for result in results if not result.document.held_out]
    return {
        **summary(results),
        "held_out": summary(held_out),
        "development": summary(development),
        "audiences": audience_table(results),
        "approach_confusion": approach_confusion(results),
        "misses": misses(results),
    }


def misses(results: list[DocumentResult]) -> list[dict]:
    """Every disagreement: recommendations missed, passages wrongly found, tags that differ."""
    rows = []
    for result in results:
        name = result.document.name
        if result.error:
            rows.append({"document": name, "kind": "unreadable", "text": result.error})
        for gold, why in result.missed:
            rows.append({"document": name, "kind": "missed", "text": gold.phrase, "why": why})
        for item in result.extra:
            rows.append({"document": name, "kind": "not a recommendation", "text": item.text[:160]})
        for match in result.matches:
            if not match.gold.accepts_audiences(match.found.audiences):
                rows.append({"document": name, "kind": "audience", "text": match.gold.phrase,
                             "gold": sorted(match.gold.audiences), "engine": match.found.audiences})
            if not match.gold.accepts_approach(match.found.approach):
                rows.append({"document": name, "kind": "approach", "text": match.gold.phrase,
                             "gold": match.gold.approach, "engine": match.found.approach})
    return rows


def evaluate(folder: Path = DEFAULT_GOLD_DIR) -> dict:
    documents = load_gold(Path(folder))
    if not documents:
        raise GoldError(f"{folder}: no {GOLD_SUFFIX} files found")
    return report(evaluate_documents(documents))


def listing(figures: dict) -> str:
    """The report as text: the figures, the per-label table, the confusion matrix, every miss."""
    def shown(value: float | None, width: int) -> str:
        return f"{value:>{width}.1%}" if value is not None else f"{'-':>{width}}"

    lines = ["part           documents  recommendations  recall  precision  audience  approach"]
    for part, values in (("all", figures), ("development", figures["development"]), ("held out", figures["held_out"])):
        lines.append(
            f"{part:<14} {values['documents']:>9}  {values['recommendations']:>15}  {shown(values['recall'], 6)}"
            f"  {shown(values['precision'], 9)}  {shown(values['audience'], 8)}  {shown(values['approach'], 8)}"
        )
    lines += ["", "audience (over found recommendations)   gold  engine  agree  precision  recall"]
    for row in figures["audiences"]:
        lines.append(f"  {row['label']:<37} {row['gold']:>4}  {row['engine']:>6}  {row['agree']:>5}"
                     f"  {shown(row['precision'], 9)}  {shown(row['recall'], 6)}")
    lines += ["", "approach: gold (rows) by engine (columns)", " " * 16 + "".join(f"{name[:14]:>15}" for name in APPROACH_IDS)]
    for gold, row in figures["approach_confusion"].items():
        lines.append(f"  {gold:<14}" + "".join(f"{row[engine]:>15}" for engine in APPROACH_IDS))
    lines += ["", f"misses ({len(figures['misses'])})"]
    for miss in figures["misses"]:
        detail = f" (gold {miss['gold']}, engine {miss['engine']})" if "gold" in miss else f" ({miss['why']})" if "why" in miss else ""
        lines.append(f"  {miss['document']}: {miss['kind']}{detail}: \u201c{miss['text']}\u201d")
    return "\n".join(lines)
