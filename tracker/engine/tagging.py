"""Tagging one recommendation: audiences, approach and themes, each with its evidence."""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Callable

from tracker.engine.codebook import Codebook, Hit

WORD_RE = re.compile(r"\w+")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")
CLAUSE_BREAK_RE = re.compile(r"[,;:()]|\s[-–—]\s")
# How far back from an audience word its clause is looked for: an addressing clause
# ("Selanjutnya, untuk para pendamping lembaga ...") is far shorter, and a bound keeps the
# work per word constant however long the sentence.
CLAUSE_WINDOW_CHARS = 300
# The longest item of a comma list whose commas do not end a clause.
LIST_ITEM_MAX_WORDS = 4
ADDRESSING_KINDS = ("clause", "after", "subject")
ABILITY_WORDS = frozenset({"dapat", "bisa", "can", "could", "may"})
# Words that may stand between a request and the one asked ("mengimbau agar para orang tua",
# "called on the ministry", "recommends that the government").
REQUEST_LINKS = frozenset({"kepada", "pada", "agar", "supaya", "on", "upon", "to", "that", "for"})
PASSIVE_AUXILIARIES = frozenset({"is", "are", "be", "been", "being", "was", "were"})
AFTER_WINDOW_WORDS = 6
# English puts describing words before the head of a subject ("Messaging platform
# providers"); Indonesian puts them after, so a word before the audience word there is the
# head itself ("Situasi pekerja seks"). These words tell an English sentence.
ENGLISH_FUNCTION_WORDS = frozenset({"the", "a", "an", "should", "must", "and", "or", "of", "to", "for", "with", "by", "in", "on",
                                    "be", "is", "are", "will", "need", "their", "that", "this"})
# Words that open a clause: what follows them is not the head of a subject.
CLAUSE_WORDS = frozenset({"that", "which", "who", "if", "when", "because", "while", "bahwa", "yang", "jika", "agar",
                          "karena", "ketika", "saat", "dalam", "untuk", "dengan", "pada", "di", "ke", "dari", "in", "on",
                          "at", "for", "with", "to", "of", "by", "as"})


@dataclass(frozen=True)
class Passage:
    """A cleaned text and the way back from its positions to offsets in the text as read."""

    text: str
    to_raw: Callable[[int, int], tuple[int, int]]
    source: str  # text | heading | lead_in

    def part(self, start: int, end: int) -> "Passage":
        """``text[start:end]`` as a passage of its own."""
        return Passage(self.text[start:end], lambda a, b: self.to_raw(a + start, b + start), self.source)


@dataclass(frozen=True)
class Evidence:
    label: str
    cue: str  # the words in the document that are the evidence
    start: int  # offsets in the document's text as read
    end: int
    source: str  # text (the recommendation itself), heading, lead_in, or inferred (from the action asked)
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


# Titles and abbreviations whose full stop ends no sentence ("Akademisi Universitas
# Mataram, Dr. Sri Wahyuni, menyarankan ...").
ABBREVIATION_RE = re.compile(r"\b(?:Dr|Drs|Dra|Prof|Ir|Hj|KH|TGH|Sdr|Sdri|Bpk|Mr|Mrs|Ms|No|Jl|Kec|Kab|Kel|Prov|dkk|vs|e\.g|i\.e)\.$")


@lru_cache(maxsize=64)
def _sentence_starts(text: str) -> tuple[int, ...]:
    return (0, *(match.end() for match in SENTENCE_END_RE.finditer(text)
                 if not ABBREVIATION_RE.search(text, max(0, match.start() - 8), match.start())))


@lru_cache(maxsize=64)
def _word_starts(text: str) -> tuple[int, ...]:
    return tuple(match.start() for match in WORD_RE.finditer(text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a text as (start, end), end before the spaces that follow."""
    starts = _sentence_starts(text)
    spans = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        trimmed = len(text[start:end].rstrip())
        if trimmed:
            spans.append((start, start + trimmed))
    return spans


def _sentence_start(text: str, position: int) -> int:
    starts = _sentence_starts(text)
    return starts[bisect_right(starts, position) - 1]


def _sentence_end(text: str, position: int) -> int:
    starts = _sentence_starts(text)
    index = bisect_right(starts, position)
    return starts[index] if index < len(starts) else len(text)


def strip_openers(prefix: str, codebook: Codebook) -> str:
    """``prefix`` without its leading openers ("Selanjutnya,", "Oleh karena itu,", "Pertama,")."""
    prefix = prefix.strip()
    while True:
        match = codebook.openers.match(prefix)
        if not match:
            return prefix
        prefix = prefix[match.end():].lstrip(" ,").strip()


def _last_words_start(text: str, position: int, count: int, floor: int) -> int:
    """Where the ``count`` words before ``position`` start, but not before ``floor``."""
    starts = _word_starts(text)
    index = bisect_right(starts, position - 1) - count
    return max(starts[index], floor) if index >= 0 else floor


def _words_after_end(text: str, position: int, count: int, ceiling: int) -> int:
    """Where the ``count`` words after ``position`` end, but not after ``ceiling``."""
    words = list(islice(WORD_RE.finditer(text, position, ceiling), count))
    return words[-1].end() if words else position


def _negator(text: str, hit: Hit, codebook: Codebook) -> re.Match | None:
    """A negator before the cue whose scope reaches it (see `negation` in the codebook)."""
    sentence_start = max(_sentence_start(text, hit.start), hit.start - CLAUSE_WINDOW_CHARS)
    # A rejected alternative ("daripada menjatuhkan sanksi", "bukan razia malam yang berujung
    # penahanan", "rather than arresting them") reaches to the end of its clause.
    clause_start = _clause_start(text, sentence_start, hit.start, codebook)
    contrasts = list(codebook.contrasts.finditer(text, clause_start, hit.start)) + [
        word for word in WORD_RE.finditer(text, clause_start, hit.start)
        if word.group().lower() in codebook.repeals or _refused(text, word, codebook)]
    contrasts.sort(key=lambda match: match.start())
    if contrasts and not codebook.non_negating.match(text, contrasts[-1].start()):
        return contrasts[-1]
    window_start = _last_words_start(text, hit.start, codebook.negation_window, sentence_start)
    # A list goes on after ", including ...": a negator anywhere in the clause it continues governs it.
    breaks = list(CLAUSE_BREAK_RE.finditer(text, sentence_start, hit.start))
    for index, brk in enumerate(breaks):
        if brk.group() == "," and codebook.list_continuers.match(text, brk.end()):
            window_start = min(window_start, breaks[index - 1].end() if index else sentence_start)
    candidates = list(codebook.negators.finditer(text, window_start, hit.start)) + [
        match for match in WORD_RE.finditer(text, window_start, hit.start) if match.group().lower() in codebook.repeals
    ]
    for negator in sorted(candidates, key=lambda match: match.start()):
        if codebook.non_negating.match(text, negator.start()):
            continue
        between = text[negator.end():hit.start]
        if any(not codebook.list_continuers.match(between, brk.end()) for brk in CLAUSE_BREAK_RE.finditer(between)) \
                and not _verb_list(between, codebook):
            continue
        words = [word.lower() for word in WORD_RE.findall(between)]
        # A negator in a relative clause ("akun yang belum terverifikasi dan segera
        # memblokir ...") stops at the conjunction that ends that clause.
        opener = WORD_RE.findall(text[max(0, negator.start() - 12):negator.start()])[-1:]
        if opener and opener[0].lower() in codebook.relatives and any(word in codebook.coordinators for word in words):
            continue
        repeal = negator.group().lower() in codebook.repeals
        if not repeal and any(word in codebook.scope_breaks for word in words):
            continue
        # A modal ends the negator's reach unless it is the one negated ("tidak harus").
        if any(word in codebook.modals for word in words[1:]):
            continue
        return negator
    return None


def _clause_start(text: str, floor: int, position: int, codebook: Codebook) -> int:
    """Where the clause holding ``position`` starts. The commas of a short list closed by a
    conjunction ("kondom, obat PrEP, atau kartu klinik ...") do not end a clause."""
    breaks = list(CLAUSE_BREAK_RE.finditer(text, floor, position))
    if not breaks:
        return floor
    if breaks[-1].group() != ",":
        return breaks[-1].end()
    closing = WORD_RE.findall(text[breaks[-1].end():position])[:1]
    if not (closing and codebook.conjunctions.fullmatch(closing[0])):
        return breaks[-1].end()
    last = index = len(breaks) - 1
    while index and breaks[index - 1].group() == "," and \
            len(WORD_RE.findall(text[breaks[index - 1].end():breaks[index].start()])) <= LIST_ITEM_MAX_WORDS:
        index -= 1
    if index == last:  # one comma before a conjunction joins two clauses ("..., dan proses pidana ...")
        return breaks[-1].end()
    return breaks[index - 1].end() if index else floor


def _verb_list(between: str, codebook: Codebook) -> bool:
    """Whether the words between a negator and a cue are a list of short items closed by a
    conjunction ("tidak menonton ulang, mengunduh, atau membagikan ..."): the negator
    governs every item."""
    items = between.split(",")
    if len(items) < 2 or ";" in between or ":" in between:
        return False
    last = WORD_RE.findall(items[-1])
    return (all(len(WORD_RE.findall(item)) <= 3 for item in items) and bool(last)
            and codebook.conjunctions.fullmatch(last[0]) is not None)


def _refused(text: str, word: re.Match, codebook: Codebook) -> bool:
    """Whether a verb of making a law or a practice is refused ("must not enact or maintain
    bylaws that ...", "End the use of ..."): like a repeal, the refusal reaches what it does."""
    if word.group().lower() not in codebook.refused_reach:
        return False
    before = WORD_RE.findall(text[max(0, word.start() - 40):word.start()])[-3:]
    return any(codebook.negators.fullmatch(previous) for previous in before)


def _post_negator(text: str, hit: Hit, codebook: Codebook) -> Hit | None:
    """A word after a punitive cue, in its clause, that calls it off ("razia ... harus dihentikan")."""
    ceiling = min(_sentence_end(text, hit.end), hit.end + CLAUSE_WINDOW_CHARS)
    clause_break = CLAUSE_BREAK_RE.search(text, hit.end, ceiling)
    if clause_break:
        ceiling = clause_break.start()
    end = _words_after_end(text, hit.end, codebook.post_window, ceiling)
    for found in codebook.post_negators.find(text[hit.end:end]):
        between = [word.lower() for word in WORD_RE.findall(text[hit.end:hit.end + found.start])]
        if not any(word in codebook.scope_breaks for word in between):
            return found
    return None


def _not_asked(text: str, hit: Hit, codebook: Codebook) -> bool:
    """Whether a punitive word names a circumstance ("perempuan yang terjaring razia") or
    stands in a clause giving a reason ("karena razia menjauhkan mereka ..."): not asked for."""
    # Up to four words back, over nouns only: "identified during raids or online
    # investigations" (but not "... oleh korban dan menyerahkan data ...").
    before = [word.lower() for word in WORD_RE.findall(text[max(0, hit.start - 60):hit.start])[-4:]]
    for index, word in enumerate(before):
        between = before[index + 1:]
        # A negator after the circumstance word turns the measure itself ("korban tidak ikut dipidana").
        if word in codebook.circumstances and not any(
                other in ("dan", "and", "serta") or _looks_like_verb(other) or codebook.negators.fullmatch(other)
                for other in between):
            return True
    # Protected from it: "melindungi pengguna dari pelacakan".
    words_back = [word.lower() for word in WORD_RE.findall(text[max(0, hit.start - 100):hit.start])[-PROTECTION_WINDOW:]]
    if words_back and words_back[-1] in ("dari", "from") and codebook.protections & set(words_back):
        return True
    # A passive or a participle describing people or things ("pekerjaan yang dilarang",
    # "women detained in raids", "accounts blocked by ...") says what happened to them.
    if before and (before[-1] in codebook.relatives and hit.text.lower().startswith(PASSIVE_PREFIXES)
                   or _english_participle(text, hit, before[-1])):
        return True
    # The reason clause runs to its end ("..., because he was not authorised to speak, said ...").
    sentence_start = max(_sentence_start(text, hit.start), hit.start - CLAUSE_WINDOW_CHARS)
    return bool(codebook.reasons.search(text, _clause_start(text, sentence_start, hit.start, codebook), hit.start))


# How far back a protecting verb governs "dari"/"from" ("protect users who sell sex from ...").
PROTECTION_WINDOW = 8
# Indonesian passives open with these.
PASSIVE_PREFIXES = ("di", "ter")
# Words that a participle describes though they end in no "s" ("anyone detained in a raid").
PLURALS_WITHOUT_S = frozenset({"people", "women", "men", "children", "anyone", "everyone", "someone", "those"})
# Words ending in "s" that are no plural noun ("is detained" asks for it).
NOT_PLURALS = frozenset({"is", "was", "has", "gets", "does", "this", "its", "as", "us", "thus"})


def _english_participle(text: str, hit: Hit, previous: str) -> bool:
    """Whether an English cue ending in -ed follows a plural noun that it describes
    ("women detained in raids")."""
    return (hit.text.split()[0].lower().endswith("ed") and previous.isalpha()
            and (previous in PLURALS_WITHOUT_S or previous.endswith("s") and not previous.endswith(("ss", "ous"))
                 and previous not in NOT_PLURALS)
            and _reads_english(text, hit.start))


def _only_audience_words(text: str, start: int, end: int, others: list[Hit], codebook: Codebook) -> bool:
    """Whether text[start:end] holds nothing but openers, determiners, conjunctions and
    other audience words: the audience word then heads its sentence's subject."""
    if end - start > CLAUSE_WINDOW_CHARS:
        return False
    prefix = text[start:end]
    # What is left after the openers is the end of the prefix without trailing spaces.
    words_start = start + len(prefix.rstrip()) - len(strip_openers(prefix, codebook))
    modifiers = 0
    for word in WORD_RE.finditer(text, words_start, end):
        if text[word.end():word.end() + 1] == "-" and word.end() + 1 >= end - 1:
            continue  # a modifier joined to the audience word ("Dating-app providers")
        if codebook.determiners.fullmatch(word.group()) or codebook.conjunctions.fullmatch(word.group()):
            continue
        if any(other.start <= word.start() and word.end() <= other.end for other in _hits_between(others, start, end)):
            continue
        # Up to two words describing the head in English ("Messaging platform providers",
        # "The Medan City Health Office"), none of them a word that opens a clause or a verb.
        modifiers += 1
        if modifiers > 2 or not _reads_english(text, end) or word.group().lower() in CLAUSE_WORDS \
                or _looks_like_verb(word.group(), english=True) \
                or codebook.subject_verbs.fullmatch(word.group()):
            return False
    return True


def _reads_english(text: str, at: int) -> bool:
    """Whether the sentence around `at` (within a clause window either side) has at least
    two English function words."""
    start = max(_sentence_start(text, at), at - CLAUSE_WINDOW_CHARS)
    words = (word.group().lower() for word in WORD_RE.finditer(text, start, min(len(text), at + CLAUSE_WINDOW_CHARS)))
    return sum(word in ENGLISH_FUNCTION_WORDS for word in words) >= 2


def _hits_between(hits: list[Hit], start: int, end: int) -> list[Hit]:
    """The hits (sorted by start) that start within [start, end): found by bisection, so
    the work per audience word does not grow with the number of hits in a long text."""
    return hits[bisect_left(hits, start, key=lambda hit: hit.start):bisect_left(hits, end, key=lambda hit: hit.start)]


def addressing_kind(text: str, hit: Hit, codebook: Codebook, others: list[Hit] = ()) -> str:
    """How an audience word stands in a text.

    ``actor``: the cue names an actor by itself ("penelitian selanjutnya"); ``clause``: a
    clause opens by addressing it ("Bagi para PSK", "Selanjutnya, untuk lembaga sosial");
    ``after``: it follows a word of recommending or requesting ("menyarankan kepada pekerja
    seks", "Komnas HAM meminta kepolisian"); ``subject``: it heads the subject of a sentence
    with a directive ("pengembang perlu", "Pemerintah diminta"); ``beneficiary``: a
    preposition in the middle of a clause makes it the one helped or talked about
    ("konseling bagi pekerja seks"); otherwise ``mention``.
    """
    if hit.role == "actor":
        return "actor"
    sentence_start = max(_sentence_start(text, hit.start), hit.start - CLAUSE_WINDOW_CHARS)
    prefix = text[sentence_start:hit.start]
    clause = strip_openers(CLAUSE_BREAK_RE.split(prefix)[-1], codebook)
    preposition = codebook.prepositions.match(clause)
    if preposition and all(codebook.determiners.fullmatch(word) for word in WORD_RE.findall(clause[preposition.end():])):
        return "clause"
    before = WORD_RE.findall(prefix)[-AFTER_WINDOW_WORDS:]
    if _asked_by_request(text, hit, before, others, codebook):
        return "after"
    if len(before) >= 2 and before[-1].lower() == "oleh" and any(word.startswith("di") for word in before[-4:-1]):
        return "after"  # the agent of a passive: "... sebaiknya dihentikan oleh Satpol PP"
    head = WORD_RE.findall(clause)
    if head and codebook.is_imperative(head[0]) and all(codebook.determiners.fullmatch(word) for word in head[1:]):
        return "beneficiary"  # the object of a command: "Libatkan tokoh agama ..." asks someone else
    # The subject may follow a reporting verb ("said the House should ...") or a fronted
    # clause ("Daripada memidanakan mereka, polisi sebaiknya ...").
    openers = list(codebook.clause_openers.finditer(text, sentence_start, hit.start))
    breaks = list(CLAUSE_BREAK_RE.finditer(text, sentence_start, hit.start))
    subject_start = max([sentence_start] + [match.end() for match in openers + breaks])
    if _only_audience_words(text, subject_start, hit.start, others, codebook):
        rest = text[hit.end:_sentence_end(text, hit.end)]
        directive = codebook.subject_verbs.search(rest)
        # "tidak dapat dilihat" says what cannot be, not what should be done; "tidak perlu
        # melakukan razia" still asks.
        cannot = directive and directive.group().lower() in ABILITY_WORDS and codebook.negators.search(
            rest, max(0, directive.start() - 8), directive.start())
        if directive and not cannot:
            # "Pekerja seks perlu didampingi", "Peer educators should be trained": the
            # subject of a passive is the one acted on, not the one asked.
            following = WORD_RE.findall(rest[directive.end():directive.end() + 40])[:2]
            passive = bool(following) and (
                (following[0].startswith("di") and following[0].islower() and len(following[0]) > 4
                 and not _reads_english(text, hit.start))
                or (following[0] == "be" and len(following) > 1 and following[1].endswith("ed")))
            return "beneficiary" if passive else "subject"
    if any(codebook.beneficiary_words.fullmatch(word) for word in before[-2:]):
        return "beneficiary"
    return "mention"


def _asked_by_request(text: str, hit: Hit, before: list[str], others: list[Hit], codebook: Codebook) -> bool:
    """Whether the audience word is the object of a request ("meminta Kepolisian ...",
    "called on the Social Affairs Ministry", "menyarankan kepada pekerja seks"): a request
    word, then only prepositions, determiners, names and other audience words before it."""
    requests = [index for index, word in enumerate(before) if codebook.after_words.fullmatch(word)]
    if not requests:
        return False
    # A passive request asks its subject ("Platforms are encouraged to give users ..."),
    # unless it has none ("It is recommended that the Ministry ...").
    request = requests[-1]
    if request and before[request - 1].lower() in PASSIVE_AUXILIARIES and (request < 2 or before[request - 2].lower() != "it"):
        return False
    between = before[requests[-1] + 1:]
    audience_words = {word.lower() for other in _hits_between(others, hit.start - CLAUSE_WINDOW_CHARS, hit.start)
                      if other.end <= hit.start for word in WORD_RE.findall(other.text)}
    # Up to two other words may describe the one asked ("urge youth-serving NGOs",
    # "recommended that messaging and dating apps").
    described = [
        word for word in between
        if not (word.lower() in REQUEST_LINKS or codebook.determiners.fullmatch(word) or codebook.conjunctions.fullmatch(word)
                or word[:1].isupper() or word.lower() in audience_words)
    ]
    # Describing words, not verbs ("to stop using outreach workers" asks the police, not them).
    # "called on app companies to let users ...", "meminta para pekerja seks kembali ke
    # keluarga": once one is asked, those after its "to" or its verb are what it is asked
    # to do something with.
    asked_first = [index for index, word in enumerate(between) if word.lower() in audience_words]
    if asked_first and any(word.lower() in codebook.request_complements or not (
            word.lower() in REQUEST_LINKS or word.lower() in audience_words or codebook.determiners.fullmatch(word)
            or codebook.conjunctions.fullmatch(word) or word[:1].isupper())
            for word in between[asked_first[0] + 1:]):
        return False
    english = bool(described) and _reads_english(text, hit.start)
    verbs = [word for word in described if codebook.negators.fullmatch(word) or _looks_like_verb(word, english)]
    return len(described) <= 2 and not verbs and not any(
        word.lower() in codebook.request_complements - REQUEST_LINKS for word in between)


def _looks_like_verb(word: str, english: bool = False) -> bool:
    """An Indonesian active or passive verb, or an English past participle ("messaging
    apps", "youth-serving NGOs" describe; "people detained" does not). In an English
    sentence only the latter: "messaging" and "digital" are not Indonesian verbs there."""
    word = word.lower()
    return (not english and word.startswith(("me", "di", "ber")) and len(word) > 5) or word.endswith("ed")


@lru_cache(maxsize=256)
def audience_hits(text: str, codebook: Codebook) -> list[Hit]:
    """Audience words in a text, leaving out those inside a longer one of another audience
    ("masyarakat" in "lembaga swadaya masyarakat" does not name the public)."""
    hits = sorted((hit for cue_set in codebook.audiences for hit in cue_set.find(text)), key=lambda hit: (hit.start, -hit.end))
    kept = []
    reach_end, reach_start = -1, -1  # the farthest-reaching hit so far and where it starts
    for hit in hits:
        inside = reach_end > hit.end or (reach_end == hit.end and reach_start < hit.start)
        if not inside:
            kept.append(hit)
        if hit.end > reach_end:
            reach_end, reach_start = hit.end, hit.start
    return kept


def clause_addressees(text: str, codebook: Codebook) -> list[Hit]:
    """Audience words that a clause opens by addressing ("Bagi pengembang aplikasi, ...")."""
    hits = audience_hits(text, codebook)
    return [hit for hit in hits if addressing_kind(text, hit, codebook, hits) == "clause"]


@lru_cache(maxsize=256)
def addressees(text: str, codebook: Codebook) -> dict[str, list[Hit]]:
    """Audience words by how they stand in the text (see ``addressing_kind``). A group joined
    to an addressee by a conjunction is addressed with it ("meminta polisi dan jaksa ...",
    "We encourage transgender-led organisations and legal aid institutes ...")."""
    hits = audience_hits(text, codebook)
    found: dict[str, list[Hit]] = {}
    previous: tuple[Hit, str] | None = None
    for hit in hits:
        kind = addressing_kind(text, hit, codebook, hits)
        if kind in ("mention", "beneficiary") and previous and previous[1] in ADDRESSING_KINDS:
            between = WORD_RE.findall(text[previous[0].end:hit.start])
            joined = between and codebook.conjunctions.fullmatch(between[0]) and len(between) <= 3
            if joined and all(word.islower() or codebook.determiners.fullmatch(word) for word in between[1:]):
                kind = previous[1]  # "Komdigi and the major platforms should ..."
        found.setdefault(kind, []).append(hit)
        previous = (hit, kind)
    return found


def inferred_audience(text: str, codebook: Codebook) -> tuple[str, list[Hit]] | None:
    """The actor an analyst infers from the kind of action asked, when no one is named."""
    best: tuple[int, str, list[Hit]] | None = None
    for cue_set in codebook.inference:
        hits = cue_set.find(text)
        if hits and (best is None or hits[0].start < best[0]):
            best = (hits[0].start, cue_set.label, hits)
    return (best[1], best[2]) if best else None


def _evidence(passage: Passage, hit: Hit, label: str | None = None, start: int | None = None, negated: bool = False,
              source: str | None = None) -> Evidence:
    start = hit.start if start is None else start
    raw_start, raw_end = passage.to_raw(start, hit.end)
    return Evidence(label or hit.label, passage.text[start:hit.end], raw_start, raw_end, source or passage.source,
                    negated, start, hit.end)


def _inside(spans: list[tuple[int, int]], hit: Hit) -> bool:
    """Whether the hit lies inside one of the spans (sorted; names, so never very long)."""
    index = bisect_right(spans, (hit.start, float("inf"))) - 1
    while index >= 0 and spans[index][0] >= hit.start - CLAUSE_WINDOW_CHARS:
        if hit.end <= spans[index][1]:
            return True
        index -= 1
    return False


def _audiences(passage: Passage, codebook: Codebook, heading: Passage | None, lead_in: Passage | None,
               reasons: list[str]) -> tuple[list[str], str, list[Evidence]]:
    """Who the recommendation asks to act, where that was found, and the evidence."""
    text = passage.text
    own: dict[str, list[Evidence]] = {}
    own_kinds: set[str] = set()
    mentions: dict[str, list[Evidence]] = {}
    for kind, hits in addressees(text, codebook).items():
        for hit in hits:
            if kind == "beneficiary":
                continue
            target = mentions if kind == "mention" else own
            target.setdefault(hit.label, []).append(_evidence(passage, hit))
            own_kinds.add(kind)
    from_heading: dict[str, list[Evidence]] = {}
    if heading is not None:
        for hit in audience_hits(heading.text, codebook):
            from_heading.setdefault(hit.label, []).append(_evidence(heading, hit))
    if own and (own.keys() & from_heading.keys() or own_kinds & set(ADDRESSING_KINDS)):
        # The recommendation picks out its addressee among those its heading names
        # ("Bagi Pemerintah dan Masyarakat": "Warga ... diharapkan ..." asks the public), or
        # names its own ("Kepada penyedia aplikasi, ...", "Platform providers should ...").
        chosen = dict(own)
    else:
        chosen = {**own, **{label: found for label, found in from_heading.items() if label not in own}}
    if own:
        source = "addressed" if own_kinds & set(ADDRESSING_KINDS) else "actor"
    elif from_heading:
        source = "heading"
        inferred = inferred_audience(text, codebook) if len(from_heading) > 1 else None
        if inferred and inferred[0] in from_heading:
            chosen = {inferred[0]: from_heading[inferred[0]]}
    else:
        source = "none"
        if lead_in is not None:
            for hit in clause_addressees(lead_in.text, codebook):
                chosen.setdefault(hit.label, []).append(_evidence(lead_in, hit))
            if chosen:
                source = "lead_in"
        if not chosen:
            # Who speaks is not who is asked ("Peneliti ... dari Universitas X, Dr. Fitri,
            # mengusulkan agar penanganan ... dilakukan bersama layanan kesehatan").
            speaker_end = _speaker_end(text, codebook)
            inferred = inferred_audience(" " * speaker_end + text[speaker_end:], codebook)
            if inferred:
                label, hits = inferred
                chosen[label] = [_evidence(passage, hit, label, source="inferred") for hit in hits]
                source = "inferred"
        if not chosen and mentions:
            chosen = mentions
            source = "mention"
            reasons.append("audience only mentioned, not addressed")
    audiences = [cue_set.label for cue_set in codebook.audiences if cue_set.label in chosen]
    if not audiences:
        reasons.append("no audience found")
    return audiences, source, [item for label in audiences for item in chosen[label]]


def _approach_sides(passage: Passage, codebook: Codebook, audiences: list[str]) -> dict[str, list[Evidence]]:
    """Punitive and harm-reduction evidence, with negation taken into account and names left out."""
    text = passage.text
    # Names are not measures: a law's ("UU Perlindungan Anak") or an actor's ("penyidik",
    # "Komisi Perlindungan Anak"). An addressee's name still says what it is asked as
    # ("Dinas Kesehatan perlu ...", "LSM pendamping perlu ..."), but never makes it punitive.
    laws = codebook.law_name_spans(text)
    found = addressees(text, codebook)
    actors = [(hit.start, hit.end) for hits in found.values() for hit in hits]
    # Names of those only mentioned ("Komisi Perlindungan Anak"); a beneficiary, the object
    # of a command or a single common noun is what is asked for ("Bangun jejaring paralegal
    # komunitas", "anggaran untuk pendamping sebaya").
    bystanders = [(hit.start, hit.end) for hit in found.get("mention", []) if len(WORD_RE.findall(hit.text)) > 1]
    sides: dict[str, list[Evidence]] = {"punitive": [], "harm_reduction": [], "protective": []}
    found_hits = {label: cue_set.find(text) for label, cue_set in codebook.approaches.items()}
    # A measure named again after it was called off ("avoid conducting raids ..., as raids
    # drive people away") is the same measure, not a new one asked for.
    called_off_cues: dict[str, int] = {}  # cue -> where it was last called off
    for label in found_hits:
        names = sorted(laws + (actors if label == "punitive" else bystanders))
        within_longer = _within_longer(found_hits["harm_reduction" if label == "punitive" else "punitive"])
        for hit in found_hits[label]:
            if _inside(names, hit) or _in_speaker(text, hit, codebook) or within_longer(hit):
                continue
            if audiences and hit.not_for and set(audiences) <= set(hit.not_for):
                continue  # parents watching over their children are not surveillance
            if label == "punitive" and (_not_asked(text, hit, codebook) or _named_again(text, hit, called_off_cues, codebook)):
                continue
            # Only a punitive measure is turned by a negator; harm reduction counts either way
            # ("agar tidak lagi takut memeriksakan diri" still asks for testing).
            negator = _negator(text, hit, codebook) if label == "punitive" else None
            if negator is not None:
                if label == "punitive":
                    # A rejected punitive measure ("tidak harus menggunakan kekerasan") is a stance against force.
                    sides["harm_reduction"].append(_evidence(passage, hit, "harm_reduction", negator.start(), negated=True))
                    called_off_cues[hit.cue] = hit.end
                continue
            if label == "punitive":
                called_off = _post_negator(text, hit, codebook)
                if called_off is not None:
                    end_hit = Hit("harm_reduction", hit.cue, hit.start, hit.end + called_off.end, text[hit.start:hit.end + called_off.end])
                    sides["harm_reduction"].append(_evidence(passage, end_hit, "harm_reduction", negated=True))
                    called_off_cues[hit.cue] = hit.end
                    continue
            sides["protective" if hit.role == "protective" else label].append(_evidence(passage, hit))
    for start, end in laws:
        before = list(WORD_RE.finditer(text, max(0, start - 20), start))[-1:]
        words = {word.lower() for word in WORD_RE.findall(text[start:end])}
        if before and before[0].group().lower() in codebook.law_application_verbs and words & codebook.criminal_law_words:
            hit = Hit("punitive", "law_application", before[0].start(), end, text[before[0].start():end])
            if not _negator(text, hit, codebook) and not _not_asked(text, hit, codebook):
                sides["punitive"].append(_evidence(passage, hit))
        # Repealing a law or an article is a stance against what it punishes ("Cabut Pasal 12 Perda ...").
        elif before and before[0].group().lower() in codebook.repeals:
            hit = Hit("harm_reduction", "law_repeal", before[0].start(), end, text[before[0].start():end])
            sides["harm_reduction"].append(_evidence(passage, hit, negated=True))
    # A harm named ("kekerasan") or a guard for children ("verifikasi usia") asks for protection,
    # unless what is asked is to punish ("sanksi bagi anggota yang melakukan kekerasan").
    protective = sides.pop("protective")
    if not sides["punitive"]:
        sides["harm_reduction"].extend(protective)
    return sides


def _named_again(text: str, hit: Hit, called_off_cues: dict[str, int], codebook: Codebook) -> bool:
    """Whether a punitive cue names again a measure called off earlier, with no turn to another ask between."""
    end = called_off_cues.get(hit.cue)
    if end is None and called_off_cues:
        before = WORD_RE.findall(text[max(0, hit.start - 20):hit.start])[-1:]
        after = WORD_RE.findall(text[hit.end:hit.end + 20])[:1]
        if (before and before[0].lower() in codebook.pointers_before) or (after and after[0].lower() in codebook.pointers_after):
            end = max(called_off_cues.values())
    # Only near the call-off (the same or the next sentence), which also keeps the search short.
    return (end is not None and end <= hit.start and hit.start - end <= CLAUSE_WINDOW_CHARS
            and not codebook.turns.search(text, end, hit.start))


def _within_longer(others: list[Hit]):
    """A test of whether a longer phrase of the other side holds a cue: the phrase reads the
    words ("fitur blokir" is a safety feature, not blocking). Phrases with gaps hold too much.
    Only phrases starting at most one phrase length before the cue are looked at."""
    phrases = sorted((other for other in others if "..." not in other.cue), key=lambda other: other.start)
    starts = [other.start for other in phrases]
    longest = max((other.end - other.start for other in phrases), default=0)

    def holds(hit: Hit) -> bool:
        near = phrases[bisect_left(starts, hit.start - longest):bisect_right(starts, hit.start)]
        return any(hit.end <= other.end and other.end - other.start > hit.end - hit.start for other in near)
    return holds


def _speaker_end(text: str, codebook: Codebook, start: int = 0) -> int:
    """Where the speaker ends in a sentence that opens by naming who asks ("Direktur LBH X,
    Nurhasanah, mengajak ...", "Deputi Bidang Perlindungan Khusus Anak, Dr. Ratna,
    meminta ..."): the reporting verb, if only names and titles come before it and a comma
    closes them; otherwise the sentence's start."""
    end = min(_sentence_end(text, start), start + CLAUSE_WINDOW_CHARS)
    for word in WORD_RE.finditer(text, start, end):
        if codebook.after_words.fullmatch(word.group()):
            return word.start() if text[start:word.start()].rstrip().endswith(",") else start
        if codebook.subject_verbs.fullmatch(word.group()) or _looks_like_verb(word.group()):
            return start
    return start


def _in_speaker(text: str, hit: Hit, codebook: Codebook) -> bool:
    """Whether the cue lies in who speaks before a reporting verb: a title is not a measure."""
    return hit.end <= _speaker_end(text, codebook, _sentence_start(text, hit.start))


def _about_research(text: str, evidence: list[Evidence], codebook: Codebook) -> bool:
    """Whether a recommendation to researchers asks for research (a research agenda or
    method: its approach is then neither), rather than for a service a university runs
    ("Bagi pihak kampus, perlu membuka layanan konseling")."""
    named = [item.cue.lower() for item in evidence if item.label == "researchers" and item.source != "inferred"]
    if named and all(codebook.research_institutions.search(cue) for cue in named):
        researchers = next(cue_set for cue_set in codebook.inference if cue_set.label == "researchers")
        return bool(researchers.find(text))
    return True


def tag(
    passage: Passage,
    codebook: Codebook,
    recommendation_strength: str,
    heading: Passage | None = None,
    lead_in: Passage | None = None,
) -> Tags:
    reasons: list[str] = []
    audiences, audience_source, evidence = _audiences(passage, codebook, heading, lead_in, reasons)

    sides = _approach_sides(passage, codebook, audiences)
    punitive, harm_reduction = len(sides["punitive"]), len(sides["harm_reduction"])
    if audiences == ["researchers"] and _about_research(passage.text, evidence, codebook):
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
        found = [_evidence(passage, hit) for hit in cue_set.find(passage.text)]
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
