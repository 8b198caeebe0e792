"""Tagging one recommendation: audiences, approach and themes, each with its evidence."""

import re
from dataclasses import dataclass, field
from typing import Callable

from tracker.engine.codebook import Codebook, Hit

WORD_RE = re.compile(r"\w+")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")
CLAUSE_BREAK_RE = re.compile(r"[,;:]")


@dataclass(frozen=True)
class Passage:
    """A cleaned text and the way back from its positions to offsets in the text as read."""

    text: str
    to_raw: Callable[[int, int], tuple[int, int]]
    source: str  # text | heading | lead_in


@dataclass(frozen=True)
class Evidence:
    label: str
    cue: str  # the words in the document that are the evidence
    start: int  # offsets in the document's text as read
    end: int
    source: str  # text (the recommendation itself), heading or lead_in
    negated: bool = False
    text_start: int | None = None  # offsets in the source's cleaned text
    text_end: int | None = None


@dataclass
class Tags:
    audiences: list[str]
    approach: str
    themes: list[str]
    confidence: float
    needs_review: bool
    evidence: list[Evidence] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)


def _sentence_start(text: str, position: int) -> int:
    start = 0
    for match in SENTENCE_END_RE.finditer(text, 0, position):
        start = match.end()
    return start


def _strip_openers(prefix: str, codebook: Codebook) -> str:
    prefix = prefix.strip()
    while True:
        match = codebook.openers.match(prefix)
        if not match:
            return prefix
        prefix = prefix[match.end():].lstrip(" ,").strip()


def _last_words_start(text: str, position: int, count: int, floor: int) -> int:
    starts = [match.start() for match in WORD_RE.finditer(text, floor, position)]
    return starts[-count] if len(starts) >= count else floor


def _negator(text: str, hit: Hit, codebook: Codebook) -> re.Match | None:
    """A negator within the window before the cue, not part of a phrase that keeps it."""
    window_start = _last_words_start(text, hit.start, codebook.negation_window, _sentence_start(text, hit.start))
    for negator in codebook.negators.finditer(text, window_start, hit.start):
        if not codebook.non_negating.match(text, negator.start()):
            return negator
    return None


def _only_audience_words(text: str, start: int, end: int, others: list[Hit], codebook: Codebook) -> bool:
    """Whether text[start:end] holds nothing but openers, determiners, conjunctions and
    other audience words: the audience word then heads its sentence's subject."""
    prefix = text[start:end]
    # What is left after the openers is the end of the prefix without trailing spaces.
    words_start = start + len(prefix.rstrip()) - len(_strip_openers(prefix, codebook))
    for word in WORD_RE.finditer(text, words_start, end):
        if codebook.determiners.fullmatch(word.group()) or codebook.conjunctions.fullmatch(word.group()):
            continue
        if any(other.start <= word.start() and word.end() <= other.end for other in others):
            continue
        return False
    return True


def addressing_kind(text: str, hit: Hit, codebook: Codebook, others: list[Hit] = ()) -> str:
    """How an audience word stands in a text.

    ``clause``: a clause opens by addressing it ("Bagi para PSK", "Selanjutnya, untuk
    lembaga sosial"); ``after``: it follows a word of recommending ("menyarankan kepada
    pekerja seks"); ``subject``: it heads the subject of a sentence with a directive
    ("pengembang perlu", "penegak hukum dan lembaga advokasi ... peran penting"); ``actor``: the cue names an actor by itself ("penelitian
    selanjutnya"); otherwise ``mention``.
    """
    if hit.role == "actor":
        return "actor"
    sentence_start = _sentence_start(text, hit.start)
    prefix = text[sentence_start:hit.start]
    clause = _strip_openers(CLAUSE_BREAK_RE.split(prefix)[-1], codebook)
    preposition = codebook.prepositions.match(clause)
    if preposition and all(codebook.determiners.fullmatch(word) for word in WORD_RE.findall(clause[preposition.end():])):
        return "clause"
    if any(codebook.after_words.fullmatch(word) for word in WORD_RE.findall(prefix)[-4:]):
        return "after"
    if _only_audience_words(text, sentence_start, hit.start, others, codebook):
        sentence_end = SENTENCE_END_RE.search(text, hit.end)
        rest = text[hit.end:sentence_end.start() if sentence_end else len(text)]
        if codebook.subject_verbs.search(rest):
            return "subject"
    return "mention"


def audience_hits(text: str, codebook: Codebook) -> list[Hit]:
    """Audience words in a text, leaving out those inside a longer one of another audience
    ("masyarakat" in "lembaga swadaya masyarakat" does not name the public)."""
    hits = [hit for cue_set in codebook.audiences for hit in cue_set.find(text)]
    return [
        hit
        for hit in hits
        if not any(
            other.start <= hit.start and hit.end <= other.end and (other.end - other.start) > (hit.end - hit.start)
            for other in hits
        )
    ]


def clause_addressees(text: str, codebook: Codebook) -> list[Hit]:
    """Audience words that a clause opens by addressing ("Bagi pengembang aplikasi, ...")."""
    hits = audience_hits(text, codebook)
    return [hit for hit in hits if addressing_kind(text, hit, codebook, hits) == "clause"]


def _evidence(passage: Passage, hit: Hit, label: str | None = None, start: int | None = None, negated: bool = False) -> Evidence:
    start = hit.start if start is None else start
    raw_start, raw_end = passage.to_raw(start, hit.end)
    return Evidence(label or hit.label, passage.text[start:hit.end], raw_start, raw_end, passage.source, negated, start, hit.end)


def tag(
    passage: Passage,
    codebook: Codebook,
    recommendation_strength: str,
    heading: Passage | None = None,
    lead_in: Passage | None = None,
) -> Tags:
    text = passage.text
    evidence: list[Evidence] = []
    reasons: list[str] = []

    # Audiences: who the recommendation addresses, from the strongest evidence there is.
    own: dict[str, list[Evidence]] = {}
    own_kinds: set[str] = set()
    mentions: dict[str, list[Evidence]] = {}
    hits = audience_hits(text, codebook)
    for hit in hits:
        kind = addressing_kind(text, hit, codebook, hits)
        target = mentions if kind == "mention" else own
        target.setdefault(hit.label, []).append(_evidence(passage, hit))
        own_kinds.add(kind)
    from_heading: dict[str, list[Evidence]] = {}
    if heading is not None:
        for hit in audience_hits(heading.text, codebook):
            from_heading.setdefault(hit.label, []).append(_evidence(heading, hit))
    chosen = {**own, **{label: found for label, found in from_heading.items() if label not in own}}
    if own:
        audience_source = "addressed" if own_kinds & {"clause", "after", "subject"} else "actor"
    elif from_heading:
        audience_source = "heading"
    else:
        audience_source = "none"
        if lead_in is not None:
            for hit in clause_addressees(lead_in.text, codebook):
                chosen.setdefault(hit.label, []).append(_evidence(lead_in, hit))
            if chosen:
                audience_source = "lead_in"
        if not chosen and mentions:
            chosen = mentions
            audience_source = "mention"
            reasons.append("audience only mentioned, not addressed")
    audiences = [cue_set.label for cue_set in codebook.audiences if cue_set.label in chosen]
    for label in audiences:
        evidence.extend(chosen[label])
    if not audiences:
        reasons.append("no audience found")

    # Approach: punitive and harm-reduction evidence, with negation taken into account.
    sides: dict[str, list[Evidence]] = {"punitive": [], "harm_reduction": []}
    for label, cue_set in codebook.approaches.items():
        for hit in cue_set.find(text):
            negator = _negator(text, hit, codebook) if hit.negatable else None
            if negator is not None:
                if label == "punitive":
                    # A rejected punitive measure ("tidak harus menggunakan kekerasan") is a stance against force.
                    sides["harm_reduction"].append(_evidence(passage, hit, "harm_reduction", negator.start(), negated=True))
                continue
            sides[label].append(_evidence(passage, hit))
    punitive, harm_reduction = len(sides["punitive"]), len(sides["harm_reduction"])
    if audiences == ["researchers"]:
        approach, approach_key = "neither", "research_only"
    elif punitive and harm_reduction:
        approach = "mixed"
        approach_key = "mixed_one_weak_side" if min(punitive, harm_reduction) == 1 and max(punitive, harm_reduction) >= 3 else "mixed"
        if approach_key == "mixed_one_weak_side":
            reasons.append("one side of the mix rests on a single cue")
    elif punitive or harm_reduction:
        approach = "punitive" if punitive else "harm_reduction"
        approach_key = "one_side_one_cue" if punitive + harm_reduction == 1 else "one_side_several_cues"
    else:
        approach, approach_key = "neither", "neither_no_cues"
    if approach != "neither":
        for side in ("punitive", "harm_reduction"):
            evidence.extend(sides[side])

    # Themes are topics, so a negated cue still names one.
    themes = []
    for cue_set in codebook.themes:
        found = [_evidence(passage, hit) for hit in cue_set.find(text)]
        if found:
            themes.append(cue_set.label)
            evidence.extend(found)

    confidence = min(
        codebook.confidence("audience", audience_source),
        codebook.confidence("approach", approach_key),
        codebook.confidence("recommendation", recommendation_strength),
    )
    if codebook.confidence("recommendation", recommendation_strength) < codebook.review_below:
        reasons.append("weak evidence that this is a recommendation")
    needs_review = confidence < codebook.review_below or not audiences
    return Tags(audiences, approach, themes, round(confidence, 2), needs_review, evidence, reasons)
