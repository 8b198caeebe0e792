"""Recommendations sections: where they are in a document, and the recommendations they hold."""

import re
from dataclasses import dataclass, field

from tracker.engine.codebook import Codebook, Hit
from tracker.engine.layout import TERMINAL_RE, Paragraph, Structure, is_vocabulary, load_structure, opens_with_ordinal
from tracker.engine.tagging import (
    ADDRESSING_KINDS, WORD_RE, Evidence, Passage, addressees, audience_hits, inferred_audience,
    sentence_spans, strip_openers, tag,
)

# A text paragraph under a lead-in counts as an item of its list (Word lists lose their
# bullets on extraction) while it is no longer than this.
LEAD_IN_ITEM_CHARS = 600
LETTER_RE = re.compile(r"[^\W\d_]")


@dataclass
class Section:
    heading: str
    start: int
    end: int


@dataclass
class Recommendation:
    text: str
    start: int
    end: int
    heading: str | None
    audiences: list[str]
    approach: str
    themes: list[str]
    confidence: float
    needs_review: bool
    evidence: list[Evidence]
    review_reasons: list[str] = field(default_factory=list)


def _title(paragraph: Paragraph) -> str:
    return paragraph.body.rstrip(":").strip()


def locate_sections(document: list[Paragraph], structure: Structure) -> list[tuple[int, int]]:
    """Index ranges (heading, end) of the recommendations sections.

    A section runs from a heading whose title names recommendations to the next structural
    heading of the same or a higher level. A chapter such as "Kesimpulan dan Saran" that
    holds a conclusions sub-section is not itself the section: its "Saran" sub-section is.
    A heading with no text under it (a table of contents entry) opens nothing. An inline
    label ("Saran: ...") governs the rest of its own paragraph. A horizontal rule ("---")
    ends a section: what follows it is a brief's colophon or another part.
    """
    sections = []
    index = 0
    while index < len(document):
        heading = document[index]
        if not (heading.kind == "heading" and heading.structural and structure.recommendation.fullmatch(_title(heading))):
            index += 1
            continue
        end = index + 1
        while end < len(document) and not (
            document[end].kind == "heading" and document[end].structural
            and (document[end].level <= heading.level or structure.back_matter.fullmatch(_title(document[end])))
        ) and not (heading.inline and document[end].origin != heading.origin) and not document[end].after_rule:
            end += 1
        body = document[index + 1:end]
        # A web page's title repeats the chapter heading it shows: the chapter opens at the repeat.
        repeated = end < len(document) and document[end].kind == "heading" and _title(document[end]).lower() == _title(heading).lower()
        holds_conclusions = any(
            paragraph.kind == "heading" and structure.conclusion.fullmatch(_title(paragraph)) for paragraph in body
        )
        if repeated or holds_conclusions:
            index += 1
            continue
        if any(paragraph.kind in ("text", "item") for paragraph in body):
            sections.append((index, end))
        index = end
    return sections


def _passage(paragraph: Paragraph, source: str, body_only: bool = True) -> Passage:
    offset = paragraph.body_offset if body_only else 0
    text = paragraph.text[offset:]
    return Passage(text, lambda start, end: paragraph.raw_span(start + offset, end + offset), source)


def _head_word(text: str, codebook: Codebook) -> re.Match | None:
    """The first word after any openers: where a command would stand."""
    rest = strip_openers(text, codebook)
    return WORD_RE.match(text, len(text) - len(rest)) if rest else None


def _as_hit(match: re.Match, label: str = "recommendation") -> Hit:
    return Hit(label, match.group(), match.start(), match.end(), match.group())


def _strength(unit: Passage, is_item: bool, context: Passage | None, lead_in: Passage | None,
              codebook: Codebook) -> tuple[str | None, list[tuple[Passage, Hit]]]:
    """Whether a unit of a recommendations section recommends, how surely, and the words
    that show it (with the passage they stand in)."""
    strong = codebook.strong_cues.find(unit.text)
    if strong:
        return "strong", [(unit, hit) for hit in strong]
    head = _head_word(unit.text, codebook)
    if head and codebook.is_imperative(head.group()):
        return "imperative", [(unit, _as_hit(head))]
    found = addressees(unit.text, codebook)
    if found.get("clause") or found.get("subject") or (found.get("actor") and codebook.subject_verbs.search(unit.text)):
        return "addressed", []
    if context is not None and audience_hits(context.text, codebook):
        return "heading", []
    if is_item and lead_in is not None:
        cues = codebook.strong_cues.find(lead_in.text) or [
            Hit("recommendation", ":", len(lead_in.text.rstrip()) - 1, len(lead_in.text.rstrip()), ":")
        ]
        return "lead_in_item", [(lead_in, hit) for hit in cues]
    if is_item:
        return "list_item", []
    weak = codebook.weak_cues.find(unit.text)
    if weak:
        return "weak", [(unit, hit) for hit in weak]
    return None, []


def _recommends(text: str, codebook: Codebook) -> bool:
    head = _head_word(text, codebook)
    return bool(codebook.strong_cues.find(text)) or bool(head and codebook.is_imperative(head.group()))


def units(passage: Passage, codebook: Codebook) -> list[tuple[int, int]]:
    """A paragraph cut where a sentence turns to ask someone else ("Pemerintah perlu ... .
    LSM diharapkan ..."): each stretch asks one actor, or one group of actors together.
    Sentences that address no one stay with the stretch before them."""
    text = passage.text
    sentences = sentence_spans(text)
    if len(sentences) < 2:
        return [(0, len(text))]
    addressed: list[set[str]] = [set() for _ in sentences]
    named: list[set[str]] = [set() for _ in sentences]  # the words naming who is asked
    directed_subjects: list[bool] = [False for _ in sentences]
    starts = [start for start, _ in sentences]
    for kind, hits in addressees(text, codebook).items():
        if kind not in (*ADDRESSING_KINDS, "actor"):
            continue
        for hit in hits:
            index = max(i for i, start in enumerate(starts) if start <= hit.start)
            addressed[index].add(hit.label)
            directed_subjects[index] |= kind in ("clause", "subject")
            if hit.role != "actor":  # "studi komparatif" and "peneliti selanjutnya" are one actor
                named[index].update(word.lower() for word in WORD_RE.findall(hit.text))
    groups: list[list[int]] = []
    current: set[str] | None = None
    current_names: set[str] = set()
    structure = load_structure()
    counted = False  # an earlier sentence opened with an ordinal
    for index, (start, end) in enumerate(sentences):
        asked = addressed[index]
        # "Pertama, ... . Kedua, anak yang ditemukan ... harus ... . Ketiga, pelatihan
        # keterampilan bagi ...": ordinals count the recommendations of a flattened list,
        # whoever they ask and with or without a verb.
        ordinal = opens_with_ordinal(text[start:end], structure)
        counted_before, counted = counted, counted or ordinal
        if groups and groups[-1] and ordinal and (counted_before or _recommends(text[start:end], codebook)):
            groups.append([index])
            current, current_names = (asked or None), set(named[index])
            continue
        previous = (current or _implicit_actor(text, sentences, groups[-1], codebook)) if groups and asked else None
        # Another audience, or another actor of the same one ("Komdigi perlu ... . Penyidik
        # hendaknya ..."), asked in a sentence that recommends starts a new stretch.
        # A stretch whose actor was only inferred ("Patroli siber perlu ditingkatkan.") is
        # another actor's than one named after it ("Penyidik hendaknya ...").
        other_actor = (asked != previous or (current_names and not named[index] & current_names)
                       or (current is None and bool(named[index])))
        # A sentence whose subject is asked with a directive recommends by itself.
        directed = bool(directed_subjects[index])
        if previous is not None and other_actor and (directed or _recommends(text[start:end], codebook)):
            groups.append([index])
            current, current_names = asked, set(named[index])
            continue
        if not groups:
            groups.append([])
        groups[-1].append(index)
        if current is None and asked:
            current, current_names = asked, set(named[index])
    return [(sentences[group[0]][0], sentences[group[-1]][1]) for group in groups]


def _implicit_actor(text: str, sentences: list[tuple[int, int]], group: list[int], codebook: Codebook) -> set[str] | None:
    """Who a stretch that names no one asks: the actor inferred from its action, if it
    recommends at all. None for background, and for a topic sentence whose actor cannot be
    inferred ("First, the health response needs to follow sex workers online."), which the
    sentences after it spell out."""
    stretch = text[sentences[group[0]][0]:sentences[group[-1]][1]]
    if not _recommends(stretch, codebook):
        return None
    inferred = inferred_audience(stretch, codebook)
    return {inferred[0]} if inferred else None


def _recommendation(unit: Passage, strength: str, cue_hits: list[tuple[Passage, Hit]], heading: Paragraph | None,
                    heading_passage: Passage, lead_in: Passage | None, codebook: Codebook) -> Recommendation:
    tags = tag(unit, codebook, strength, heading=heading_passage, lead_in=lead_in)
    cue_evidence = [
        Evidence("recommendation", hit.text, *where.to_raw(hit.start, hit.end), where.source, False, hit.start, hit.end)
        for where, hit in cue_hits
    ]
    raw_start, raw_end = unit.to_raw(0, len(unit.text))
    return Recommendation(
        text=unit.text,
        start=raw_start,
        end=raw_end,
        heading=heading.text if heading is not None else None,
        audiences=tags.audiences,
        approach=tags.approach,
        themes=tags.themes,
        confidence=tags.confidence,
        needs_review=tags.needs_review,
        evidence=cue_evidence + tags.evidence,
        review_reasons=tags.review_reasons,
    )


def split_section(document: list[Paragraph], start: int, end: int, codebook: Codebook) -> list[Recommendation]:
    """The recommendations in one section: one per list item, ordinal paragraph or
    recommending paragraph, cut further where a paragraph turns to ask someone else.

    A sub-heading ("1. Pemerintah", "5.2.1 Saran Akademis", "Kepada DPRD:") gives the
    paragraphs under it their context; a paragraph ending in a colon introduces the list
    after it; paragraphs without any sign of recommending (background, observations) and
    closing formulas ("Demikian saran ...") are left out.
    """
    structure = load_structure()
    section_heading = document[start]
    context: Paragraph | None = None
    lead_in: Paragraph | None = None
    found = []
    for paragraph in document[start + 1:end]:
        if paragraph.kind == "toc":
            continue
        if paragraph.kind == "heading":
            is_item = not paragraph.structural and paragraph.marker and codebook.strong_cues.find(paragraph.body)
            if not is_item:
                context, lead_in = paragraph, None
                continue
        if paragraph.kind == "text" and structure.is_lead_in(paragraph.text):
            lead_in = paragraph
            continue
        passage = _passage(paragraph, "text")
        if (not LETTER_RE.search(passage.text) or any(hit.start < 60 for hit in codebook.closing_formulas.find(passage.text))
                or structure.boilerplate.match(passage.text)):
            continue
        under_lead_in = (lead_in is not None and paragraph.kind == "text" and len(paragraph.text) <= LEAD_IN_ITEM_CHARS
                         and TERMINAL_RE.search(paragraph.text) is not None)
        is_item = paragraph.kind in ("item", "heading") or under_lead_in or opens_with_ordinal(passage.text, structure)
        if paragraph.kind == "text" and not is_item:
            lead_in = None
        heading = context or section_heading
        heading_passage = _passage(heading, "heading", body_only=False)
        lead_in_passage = _passage(lead_in, "lead_in", body_only=False) if lead_in is not None else None
        cut = units(passage, codebook)
        for unit_start, unit_end in cut:
            unit = passage.part(unit_start, unit_end)
            # A stretch an ordinal opens is an item of a flattened list ("Ketiga, pelatihan ...").
            unit_is_item = (is_item and unit_start == 0) or opens_with_ordinal(unit.text, structure)
            # "... Oleh karena itu, penulis merekomendasikan beberapa langkah. Pertama, ...":
            # the stretch before a flattened list that ends announcing it is its lead-in.
            if not unit_is_item and unit_end < cut[-1][1] and structure.is_lead_in(unit.text):
                lead_in_passage = unit
                continue
            strength, cue_hits = _strength(unit, unit_is_item, heading_passage, lead_in_passage, codebook)
            if strength is None and is_item and unit_start > 0:
                continue
            if strength is None:
                continue
            found.append(_recommendation(unit, strength, cue_hits, heading, heading_passage, lead_in_passage, codebook))
    return found


# How many words after a request the clause of what is asked may open ("mengimbau pemilik
# rumah kos agar ...").
REQUEST_COMPLEMENT_WINDOW = 12


def _is_call(text: str, start: int, end: int, codebook: Codebook, hits: dict[str, list[Hit]],
             requests_only: bool = False) -> list[Hit] | None:
    """The words that make a sentence of a news report a reported call, or None. With
    ``requests_only``, only an explicit request counts ("We recommend that ...")."""
    sentence = text[start:end]
    for request in (codebook.explicit_requests if requests_only else codebook.requests).find(sentence):
        asked = [hit for hit in hits.get("after", []) if start + request.end <= hit.start < end]
        following = [word.lower() for word in WORD_RE.findall(text[start + request.end:end])[:REQUEST_COMPLEMENT_WINDOW]]
        if asked or any(word in codebook.request_complements for word in following):
            return [Hit("recommendation", request.cue, start + request.start, start + request.end, request.text)]
    if requests_only:
        return None
    actors = [hit for kind in ("subject", "actor") for hit in hits.get(kind, []) if start <= hit.start < end]
    for directive in codebook.news_directives.find(sentence):
        negated = codebook.negators.search(sentence[max(0, directive.start - 12):directive.start])
        # Someone named as the subject, or no one named and an action only one actor takes
        # ("penindakan terhadap mucikari ... harus tetap berjalan").
        asked = actors or (not any(start <= hit.start < end for kinds in hits.values() for hit in kinds)
                           and inferred_audience(sentence, codebook) is not None)
        if asked and not negated:
            return [Hit("recommendation", directive.cue, start + directive.start, start + directive.end, directive.text)]
    return None


# Indonesian active and passive verbs open with these prefixes; the first such word after a
# request (names aside) is what it asks.
VERB_PREFIXES = ("me", "di")


def _main_action(text: str, codebook: Codebook) -> str | None:
    """The verb of what a call asks ("mendesak DPR segera merevisi ..." asks "merevisi")."""
    requests = codebook.requests.find(text)
    if not requests:
        return None
    for word in WORD_RE.findall(text[requests[0].end:]):
        if word.islower() and word.startswith(VERB_PREFIXES) and len(word) > 4:
            return word.lower()
    return None


def _content_words(text: str) -> set[str]:
    return {word.lower() for word in WORD_RE.findall(text) if len(word) > 3}


def reported_calls(document: list[Paragraph], codebook: Codebook, requests_only: bool = False) -> list[Recommendation]:
    """The calls a text without a recommendations section reports (a news report): each
    sentence that asks someone to act, joined by the sentences right after it that ask the
    same of the same actors, and counted once however often it is quoted. Headlines and
    datelines (no full stop at the end) are not calls."""
    found: list[Recommendation] = []
    seen: list[tuple[set[str], set[str], str | None]] = []  # audiences, content words and verb of each call
    structure = load_structure()
    for paragraph in document:
        if paragraph.kind not in ("text", "item") or not TERMINAL_RE.search(paragraph.text) \
                or structure.boilerplate.match(paragraph.text):
            continue
        passage = _passage(paragraph, "text", body_only=False)
        hits = addressees(passage.text, codebook)
        calls: list[tuple[int, int, list[Hit]]] = []
        for start, end in sentence_spans(passage.text):
            # In an abstract, once a sentence recommends in so many words, those after it
            # may recommend as a news report's do ("Platforms, for their part, should ...").
            recommended = any(call[2] for call in calls)
            cue_hits = _is_call(passage.text, start, end, codebook, hits, requests_only and not recommended)
            previous = calls[-1] if calls else None
            if previous and previous[2] and _elaborates(passage, previous, (start, end), cue_hits, codebook):
                calls[-1] = (previous[0], end, previous[2] + (cue_hits or []))
            else:
                calls.append((start, end, cue_hits or []))
        for start, end, cue_hits in calls:
            if not cue_hits:
                continue
            unit = passage.part(start, end)
            item = _recommendation(unit, "reported", [(passage, hit) for hit in cue_hits], None,
                                   Passage("", passage.to_raw, "heading"), None, codebook)
            words = _content_words(unit.text)
            action = _main_action(unit.text, codebook)
            if any(set(item.audiences) == audiences and (
                    (action is not None and action == earlier_action and len(words & earlier) >= 0.3 * min(len(words), len(earlier)))
                    or len(words & earlier) >= 0.5 * min(len(words), len(earlier)))
                   for audiences, earlier, earlier_action in seen):
                continue
            seen.append((set(item.audiences), words, action))
            found.append(item)
    return found


def _elaborates(passage: Passage, call: tuple[int, int, list], sentence: tuple[int, int], cue_hits: list[Hit] | None,
                codebook: Codebook) -> bool:
    """Whether a sentence right after a call goes on with it rather than making a new one:
    it asks the same actors, or asks no one by name and says what should be
    ("Menurutnya, perempuan yang terjaring semestinya mendapat pendampingan ...",
    "Harus ada pelatihan kerja dan modal," ujarnya)."""
    def asked(start: int, end: int) -> set[str]:
        text = passage.text[start:end]
        return {hit.label for kind in ("after", "subject", "clause") for hit in addressees(text, codebook).get(kind, [])}
    first, second = asked(call[0], call[1]), asked(*sentence)
    if cue_hits is not None and first == second != set():
        return True
    text = passage.text[sentence[0]:sentence[1]]
    first_word = WORD_RE.search(text)
    command = first_word is not None and (first_word.group().lower() in ("jangan", "janganlah") or codebook.is_imperative(first_word.group()))
    if second or codebook.requests.find(text) or not (command or codebook.news_directives.find(text)):
        return False
    # An action only another actor takes is a new call ("penindakan terhadap mucikari ...
    # harus tetap berjalan" after a call on the women themselves).
    inferred = inferred_audience(text, codebook)
    return inferred is None or inferred[0] in first


def abstracts(document: list[Paragraph], structure: Structure) -> list[Paragraph]:
    """The paragraphs under an abstract's heading ("Abstrak", "Abstract"), up to the next heading."""
    found: list[Paragraph] = []
    inside = False
    for paragraph in document:
        if paragraph.kind == "heading":
            inside = bool(structure.abstract.fullmatch(_title(paragraph)))
        elif inside:
            found.append(paragraph)
    return found


def has_paper_structure(document: list[Paragraph], structure: Structure) -> bool:
    """Whether a text is laid out as a thesis, paper or brief (it has a known section
    heading), rather than as a news report or statement."""
    return any(
        paragraph.kind == "heading" and is_vocabulary(paragraph.body.rstrip(":").strip(), structure)
        for paragraph in document
    )
