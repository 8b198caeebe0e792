"""The codebook as data: labels, their definitions and compiled cue patterns."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tracker.engine.morphology import Phrase, cue_pattern, words

CODEBOOK_PATH = Path(__file__).resolve().parents[2] / "data" / "codebook.yaml"
AUDIENCE_IDS = ("government", "app_developers", "ngos", "researchers", "public", "sex_workers")
APPROACH_IDS = ("punitive", "harm_reduction", "mixed", "neither")


class CodebookError(ValueError):
    """The codebook file is malformed; the message says where."""


@dataclass(frozen=True)
class Hit:
    """One cue found in a text."""

    label: str
    cue: str  # the cue as written in the codebook
    start: int
    end: int
    text: str  # the words it matched
    role: str = "noun"
    not_for: tuple[str, ...] = ()  # audiences for whom the cue means something else


class CueSet:
    """All cues of one label, indexed by their first word; finds them in a text."""

    def __init__(self, label: str, entries: list) -> None:
        self.label = label
        self.cues: list[tuple[str, str, Phrase, list[Phrase], tuple[str, ...]]] = []
        self.except_after: list[frozenset[str]] = []  # words right before the cue that make it something else
        self.by_first_word: dict[str, list[int]] = {}
        self.by_prefix: list[tuple[str, int]] = []
        for index, entry in enumerate(entries):
            if isinstance(entry, str):
                entry = {"cue": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("cue"), str):
                raise CodebookError(f"label {label}: cue {index + 1} must be a string or have a 'cue' string")
            try:
                phrase = Phrase(entry["cue"])
                exceptions = entry.get("except_before") or []
                exception = [Phrase(phrase) for phrase in ([exceptions] if isinstance(exceptions, str) else exceptions)]
            except (ValueError, IndexError):
                raise CodebookError(f"label {label}: cue {entry['cue']!r} is not a phrase of words") from None
            self.cues.append((entry["cue"], entry.get("role", "noun"), phrase, exception, tuple(entry.get("not_for", ()))))
            self.except_after.append(frozenset(word.lower() for word in str(entry.get("except_after", "")).split("|") if word))
            for matcher in phrase.first_words():
                if matcher.prefix is not None:
                    self.by_prefix.append((matcher.prefix, index))
                for form in matcher.forms:
                    self.by_first_word.setdefault(form, []).append(index)
        self.prefixes = tuple(prefix for prefix, _ in self.by_prefix)
        self.index: "CueIndex | None" = None
        self.slot = 0

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits, leftmost first, the longest where several cues start at a word."""
        if self.index is not None:
            return self.index.hits(text)[self.slot]
        return self.find_alone(text)

    def best_at(self, tokens: tuple, position: int, candidates: list[int]) -> tuple[int, int] | None:
        """The longest of the candidate cues matching at a word: (end word, cue index)."""
        best_end, best_index = None, None
        for index in candidates:
            end = self.cues[index][2].match_at(tokens, position)
            if end is None or any(phrase.match_at(tokens, end) is not None for phrase in self.cues[index][3]):
                continue
            if position and self.except_after[index] and tokens[position - 1][0] in self.except_after[index]:
                continue
            if best_end is None or end > best_end:
                best_end, best_index = end, index
        return None if best_end is None else (best_end, best_index)

    def hit(self, text: str, tokens: tuple, position: int, end: int, index: int) -> Hit:
        cue, role, _, _, not_for = self.cues[index]
        start, stop = tokens[position][1], tokens[end - 1][2]
        return Hit(self.label, cue, start, stop, text[start:stop], role, not_for)

    def find_alone(self, text: str) -> list[Hit]:
        tokens, positions = words(text)
        starts = _cue_starts(positions, self.by_first_word, self.prefixes)
        hits = []
        next_free = 0
        for position in sorted(starts):
            if position < next_free:
                continue
            word = tokens[position][0]
            candidates = self.by_first_word.get(word, [])
            if self.prefixes and word.startswith(self.prefixes):
                candidates = candidates + [index for prefix, index in self.by_prefix if word.startswith(prefix)]
            best = self.best_at(tokens, position, candidates)
            if best is None:
                continue
            hits.append(self.hit(text, tokens, position, *best))
            next_free = best[0]
        return hits


def _cue_starts(positions: dict[str, list[int]], by_first_word: dict, prefixes: tuple[str, ...]) -> set[int]:
    """The word positions where a cue may start: its first word, or a word with a cue's prefix."""
    starts: set[int] = set()
    for word in positions.keys() & by_first_word.keys():
        starts.update(positions[word])
    if prefixes:
        for word, found in positions.items():
            if word.startswith(prefixes):
                starts.update(found)
    return starts


class CueIndex:
    """Every cue set of the codebook indexed together by first word, so that a text is
    scanned once for all of them; each set still gets its own leftmost-longest hits."""

    def __init__(self, cue_sets: list[CueSet]) -> None:
        self.cue_sets = cue_sets
        self.by_first_word: dict[str, list[tuple[int, int]]] = {}
        self.by_prefix: list[tuple[str, int, int]] = []
        for slot, cue_set in enumerate(cue_sets):
            cue_set.index, cue_set.slot = self, slot
            for word, indexes in cue_set.by_first_word.items():
                self.by_first_word.setdefault(word, []).extend((slot, index) for index in indexes)
            self.by_prefix.extend((prefix, slot, index) for prefix, index in cue_set.by_prefix)
        self.prefixes = tuple(prefix for prefix, _, _ in self.by_prefix)
        # Per first word, its candidate cues grouped by set, ready for the scan.
        self.grouped: dict[str, tuple[tuple[int, list[int]], ...]] = {}
        for word, pairs in self.by_first_word.items():
            by_set: dict[int, list[int]] = {}
            for slot, index in pairs:
                by_set.setdefault(slot, []).append(index)
            self.grouped[word] = tuple(by_set.items())
        self.hits = lru_cache(maxsize=256)(self._hits)

    def _hits(self, text: str) -> tuple[list[Hit], ...]:
        tokens, positions = words(text)
        starts = _cue_starts(positions, self.by_first_word, self.prefixes)
        found_hits: tuple[list[Hit], ...] = tuple([] for _ in self.cue_sets)
        next_free = [0] * len(self.cue_sets)
        for position in sorted(starts):
            word = tokens[position][0]
            groups = self.grouped.get(word, ())
            if self.prefixes and word.startswith(self.prefixes):
                by_set = {slot: list(indexes) for slot, indexes in groups}
                for prefix, slot, index in self.by_prefix:
                    if word.startswith(prefix):
                        by_set.setdefault(slot, []).append(index)
                groups = tuple(by_set.items())
            for slot, candidates in groups:
                if position < next_free[slot]:
                    continue
                cue_set = self.cue_sets[slot]
                best = cue_set.best_at(tokens, position, candidates)
                if best is not None:
                    found_hits[slot].append(cue_set.hit(text, tokens, position, *best))
                    next_free[slot] = best[0]
        return found_hits


def _word_alternation(phrases: list[str]) -> str:
    return "(?:" + "|".join(cue_pattern(phrase) for phrase in phrases) + ")"


# Compared and hashed by identity, so the engine can cache what it finds per text and codebook.
@dataclass(frozen=True, eq=False)
class Codebook:
    data: dict
    audiences: tuple[CueSet, ...]
    approaches: dict[str, CueSet]
    themes: tuple[CueSet, ...]
    strong_cues: CueSet
    weak_cues: CueSet
    negators: re.Pattern
    non_negating: re.Pattern
    negation_window: int
    prepositions: re.Pattern
    determiners: re.Pattern
    after_words: re.Pattern
    subject_verbs: re.Pattern
    openers: re.Pattern
    conjunctions: re.Pattern
    beneficiary_words: re.Pattern
    clause_openers: re.Pattern
    scope_breaks: frozenset[str]
    contrasts: re.Pattern
    turns: re.Pattern
    pointers_before: frozenset[str]
    pointers_after: frozenset[str]
    repeals: frozenset[str]
    refused_reach: frozenset[str]
    list_continuers: re.Pattern
    modals: frozenset[str]
    post_negators: CueSet
    post_window: int
    circumstances: frozenset[str]
    relatives: frozenset[str]
    coordinators: frozenset[str]
    reasons: re.Pattern
    protections: frozenset[str]
    law_names: tuple[re.Pattern, ...]
    law_application_verbs: frozenset[str]
    criminal_law_words: frozenset[str]
    research_institutions: re.Pattern
    inference: tuple[CueSet, ...]
    imperative_words: frozenset[str]
    imperative_suffixes: tuple[str, ...]
    imperative_not_prefixes: tuple[str, ...]
    imperative_not_words: frozenset[str]
    requests: CueSet
    explicit_requests: CueSet
    news_directives: CueSet
    request_complements: frozenset[str]
    closing_formulas: CueSet

    def labels(self, kind: str) -> list[dict]:
        """The label records (id, names, definitions, rules, examples) of a kind."""
        return self.data[kind]

    def label_name(self, label_id: str, language: str = "en") -> str:
        for kind in ("audiences", "approaches", "themes"):
            for label in self.data[kind]:
                if label["id"] == label_id:
                    return label[f"name_{language}"]
        return label_id

    def confidence(self, group: str, key: str) -> float:
        return float(self.data["confidence"][group][key])

    @property
    def review_below(self) -> float:
        return float(self.data["confidence"]["review_below"])

    def is_imperative(self, word: str) -> bool:
        """Whether a recommendation's first word is a command ("Perketat", "Libatkan", "Ensure")."""
        word = word.lower()
        if word in self.imperative_words:
            return True
        return (
            word.endswith(self.imperative_suffixes)
            and not word.startswith(self.imperative_not_prefixes)
            and word not in self.imperative_not_words
            and len(word) > 5
        )

    def law_name_spans(self, text: str) -> list[tuple[int, int]]:
        """Where a law's or an article's name stands in a text ("UU Perlindungan Anak")."""
        return sorted(match.span() for pattern in self.law_names for match in pattern.finditer(text) if match.group().strip())


@lru_cache(maxsize=4)
def load_codebook(path: Path = CODEBOOK_PATH) -> Codebook:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CodebookError(f"{path}: not valid YAML ({error})") from None
    for kind, expected in (("audiences", AUDIENCE_IDS), ("approaches", APPROACH_IDS)):
        found = tuple(label.get("id") for label in data.get(kind, []))
        if found != expected:
            raise CodebookError(f"{path}: {kind} must be {', '.join(expected)} in that order, found {found}")
    for label in data["audiences"] + data["approaches"] + data["themes"]:
        for key in ("name_en", "name_id", "definition_en", "definition_id"):
            if not label.get(key):
                raise CodebookError(f"{path}: label {label.get('id')} has no {key}")
    negation = data["negation"]
    addressing = data["addressing"]
    imperatives = data.get("imperatives", {})
    codebook = Codebook(
        data=data,
        audiences=tuple(CueSet(label["id"], label.get("cues", [])) for label in data["audiences"]),
        approaches={label["id"]: CueSet(label["id"], label.get("cues", [])) for label in data["approaches"] if label.get("cues")},
        themes=tuple(CueSet(label["id"], label.get("cues", [])) for label in data["themes"]),
        strong_cues=CueSet("recommendation", data["recommendation_cues"]["strong"]),
        weak_cues=CueSet("recommendation", data["recommendation_cues"]["weak"]),
        negators=re.compile(r"(?<!\w)" + _word_alternation(negation["negators"]) + r"(?!\w)", re.IGNORECASE),
        non_negating=re.compile(_word_alternation(negation["non_negating"]), re.IGNORECASE),
        negation_window=int(negation["window"]),
        prepositions=re.compile(_word_alternation(addressing["prepositions"]), re.IGNORECASE),
        determiners=re.compile(_word_alternation(addressing["determiners"]), re.IGNORECASE),
        after_words=re.compile(_word_alternation(addressing["after_words"]), re.IGNORECASE),
        subject_verbs=re.compile(_word_alternation(addressing["subject_verbs"]), re.IGNORECASE),
        openers=re.compile(_word_alternation(addressing["openers"]), re.IGNORECASE),
        conjunctions=re.compile(_word_alternation(addressing["conjunctions"]), re.IGNORECASE),
        beneficiary_words=re.compile(_word_alternation(addressing["beneficiary_words"]), re.IGNORECASE),
        clause_openers=re.compile(_word_alternation(addressing["clause_openers"]), re.IGNORECASE),
        scope_breaks=frozenset(word.lower() for word in negation["scope_breaks"]),
        contrasts=re.compile(r"(?<!\w)" + _word_alternation(negation["contrasts"]) + r"(?!\w)", re.IGNORECASE),
        turns=re.compile(r"(?<!\w)" + _word_alternation(negation["turns"]) + r"(?!\w)", re.IGNORECASE),
        pointers_before=frozenset(word.lower() for word in negation["pointers"]["before"]),
        pointers_after=frozenset(word.lower() for word in negation["pointers"]["after"]),
        repeals=frozenset(word.lower() for word in negation["repeals"]),
        refused_reach=frozenset(word.lower() for word in negation.get("refused_reach", [])),
        list_continuers=re.compile(r"\s*" + _word_alternation(negation["list_continuers"]), re.IGNORECASE),
        modals=frozenset(word.lower() for word in negation["modals"]),
        post_negators=CueSet("post_negator", negation["post_negators"]),
        post_window=int(negation["post_window"]),
        circumstances=frozenset(word.lower() for word in negation["circumstances"]),
        relatives=frozenset(word.lower() for word in negation["relatives"]),
        coordinators=frozenset(word.lower() for word in negation["coordinators"]),
        reasons=re.compile(r"(?<!\w)" + _word_alternation(negation["reasons"]) + r"(?!\w)", re.IGNORECASE),
        protections=frozenset(word.lower() for word in negation["protections"]),
        law_names=tuple(_law_pattern(pattern, path) for pattern in data.get("law_names", [])),
        law_application_verbs=frozenset(word.lower() for word in data["law_application"]["verbs"]),
        criminal_law_words=frozenset(word.lower() for word in data["law_application"]["criminal_words"]),
        research_institutions=re.compile(_word_alternation(data["research_institutions"]), re.IGNORECASE),
        inference=tuple(CueSet(label, data["inference"][label]) for label in AUDIENCE_IDS if label in data.get("inference", {})),
        imperative_words=frozenset(str(word).lower() for word in imperatives.get("words", [])),
        imperative_suffixes=tuple(imperatives.get("suffixes", [])),
        imperative_not_prefixes=tuple(imperatives.get("not_prefixes", [])),
        imperative_not_words=frozenset(str(word).lower() for word in imperatives.get("not_words", [])),
        requests=CueSet("request", data.get("requests", [])),
        explicit_requests=CueSet("request", data.get("explicit_requests", [])),
        news_directives=CueSet("recommendation", data.get("news_directives", [])),
        request_complements=frozenset(str(word).lower() for word in data.get("request_complements", [])),
        closing_formulas=CueSet("closing", data.get("closing_formulas", [])),
    )
    CueIndex([value for value in vars(codebook).values() if isinstance(value, CueSet)]
             + [cue_set for group in (codebook.audiences, codebook.themes, codebook.inference) for cue_set in group]
             + list(codebook.approaches.values()))
    return codebook


def _law_pattern(pattern: str, path: Path) -> re.Pattern:
    """Law names are matched with case: their words are capitalised ("UU Perlindungan Anak")."""
    try:
        return re.compile(pattern)
    except re.error as error:
        raise CodebookError(f"{path}: law name pattern {pattern!r} is not a regular expression ({error})") from None
