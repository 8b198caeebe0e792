"""Structure inside paragraphs: what websites and PDF extraction run together on one line.

A repository page or an abstract often holds, in one paragraph, a chapter heading, its
numbered sub-headings, an inline label and a numbered list:

    "... masih lemah. 4.2 Saran 4.2.1 Bagi Dinas Sosial Hendaknya ..."
    "... sebagai berikut: 1. Bagi pihak kampus, ... 2. ... 3.Pemerintah daerah ..."
    "... Saran: pemerintah daerah perlu ..."

Such a paragraph is cut into pieces (headings, list items, text) that keep their offsets in
the text as read, so the rest of the engine sees them as if they had been laid out on lines
of their own.
"""

import re

from tracker.engine.layout import Paragraph, Structure, classify, is_vocabulary

# Where a piece can start inside a paragraph: its start, or after a sentence or a clause
# ending in a colon or semicolon.
BOUNDARY_RE = re.compile(r"[.!?:;][\"'”’)]*\s+")
# A page marker a website leaves in the text ("Hal. 2 / 3") also ends what precedes it.
PAGE_MARK_RE = re.compile(r"(?:Hal\.?|Halaman|Page)\s*\d+(?:\s*(?:/|dari|of)\s*\d+)?\s+")
CHAPTER_RUN_IN_RE = re.compile(r"(?:BAB|CHAPTER)\s+(?:[IVXLC]+|\d{1,2})\b(?:\s+[A-Z][A-Z]+)*")
DECIMAL_RUN_IN_RE = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?\s+(?=[A-Z])")
LETTER_RUN_IN_RE = re.compile(r"(?:[A-Z]|[IVX]{1,4}|\d{1,2})[.)]?\s+(?=[A-Z])")
TITLE_WORDS_RE = re.compile(r"[A-Z][a-z]+(?:\s+(?:(?:dan|and|&)\s+)?[A-Z][a-z]+){0,2}")
CAPS_WORD_RE = re.compile(r"[A-Z][A-Z-]+(?:\s+(?:DAN|&)?\s*[A-Z][A-Z-]+)*")
LABEL_RE = re.compile(r"([A-Z][\w-]*(?:\s+[\w-]+){0,5}?)\s*:\s+")
INLINE_ITEM_RE = re.compile(r"(\()?(\d{1,3}|[a-z]|[ivx]{1,4})([.)])\s*(?=[A-Za-z\"“])")
WORD_RE = re.compile(r"\S+")
# Words that may stand inside a title-case heading without a capital.
TITLE_CONNECTORS = frozenset(
    "dan atau di ke dari bagi untuk yang serta terhadap dalam pada oleh tentang & and or of for the in on to".split()
)
MAX_TITLE_WORDS = 12
ADDRESSING_WORDS = frozenset({"kepada", "bagi", "untuk", "for", "to"})


def _vocabulary_title(text: str, start: int, limit: int, structure: Structure) -> int | None:
    """The end of the longest run of words from ``start`` (ending by ``limit``) that is a
    known heading title. A run-in title stops before a word of addressing: in "B. Saran
    Kepada Ditreskrimsus Polda disarankan ..." the sentence opens at "Kepada"."""
    words = [word for word in WORD_RE.finditer(text, start, limit)][:8]
    for index, word in enumerate(words[1:], 1):
        if word.group().lower() in ADDRESSING_WORDS:
            words = words[:index]
            break
    for count in range(len(words), 0, -1):
        end = words[count - 1].end()
        if is_vocabulary(text[start:end].rstrip(":"), structure, exact=True):
            return end
    return None


def _title_case_end(text: str, start: int) -> int | None:
    """The end of a title-case heading starting at ``start`` ("Bagi Dinas Sosial dan UPTD
    PPA Kota Mataram Hendaknya menyediakan ..." ends before "Hendaknya": the capitalised word
    that a lower-case word follows opens the sentence)."""
    words = list(WORD_RE.finditer(text, start))[: MAX_TITLE_WORDS + 2]
    capitalised = []
    for index, word in enumerate(words):
        token = word.group()
        if token[:1].isupper() and not re.search(r"[.!?,;:]$", token):
            capitalised.append(index)
            continue
        if token[:1].isupper():  # a capitalised word that ends the heading with punctuation
            return None
        if token.lower() in TITLE_CONNECTORS and capitalised and capitalised[-1] == index - 1:
            continue
        if not capitalised:
            return None
        if not token[:1].islower():  # a number or a sign: the heading ends before it
            return words[capitalised[-1]].end() if len(capitalised) <= MAX_TITLE_WORDS else None
        # A lower-case word: the last capitalised word begins the sentence.
        last = capitalised[-1] if capitalised[-1] == index - 1 else None
        title_words = [i for i in capitalised if last is None or i < last]
        if not title_words or len(title_words) > MAX_TITLE_WORDS:
            return None
        return words[title_words[-1]].end()
    return None


def _heading_at(text: str, position: int, structure: Structure) -> tuple[int, bool] | None:
    """A heading run into the text at ``position``: where it ends, and whether it is an
    inline label ("Saran: ..."). None if there is none."""
    chapter = CHAPTER_RUN_IN_RE.match(text, position)
    if chapter:
        return _trim_sentence_start(text, chapter.start(), chapter.end()), False
    decimal = DECIMAL_RUN_IN_RE.match(text, position)
    if decimal:
        limit = _title_case_end(text, decimal.end())
        if limit is None:
            return None
        return _vocabulary_title(text, decimal.end(), limit, structure) or limit, False
    letter = LETTER_RUN_IN_RE.match(text, position)
    if letter:
        limit = _title_case_end(text, letter.end())
        end = _vocabulary_title(text, letter.end(), limit, structure) if limit else None
        if end:
            return end, False
    label = LABEL_RE.match(text, position)
    if label and is_vocabulary(label.group(1), structure, exact=True):
        return label.end(), True
    caps = CAPS_WORD_RE.match(text, position)
    if caps:
        end = _vocabulary_title(text, position, caps.end(), structure)
        if end and re.match(r"\s+[A-Z\d\"“(]", text[end:]):
            return end, False
    # An unnumbered title of a recommendations, conclusions or bibliography section run into
    # a sentence ("... pada pagi hari. Saran Berdasarkan pengalaman ...").
    title = TITLE_WORDS_RE.match(text, position)
    if title:
        for end in sorted((match.end() for match in WORD_RE.finditer(text, position, title.end())), reverse=True):
            words = text[position:end]
            if (structure.recommendation.fullmatch(words) or structure.conclusion.fullmatch(words)
                    or structure.run_in_bibliography.fullmatch(words)) \
                    and re.match(r"\s+[A-Z]", text[end:]):
                return end, False
    return None


def _trim_sentence_start(text: str, start: int, end: int) -> int:
    """A chapter heading in capitals ends before a capitalised word that opens a sentence."""
    words = list(WORD_RE.finditer(text, start, end))
    following = WORD_RE.match(text, end + 1) if end < len(text) else None
    if len(words) > 3 and following and following.group()[:1].islower():
        return words[-2].end()
    return end


ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _ordinal_value(value: str, numbering: str) -> int | None:
    """The place of a list marker in its numbering (digits, letters or Roman numerals)."""
    if numbering == "digits":
        return int(value) if value.isdigit() else None
    if numbering == "roman":
        return ROMAN.index(value) + 1 if value in ROMAN else None
    return ord(value) - ord("a") + 1 if len(value) == 1 and value.isalpha() else None


def _inline_items(text: str) -> list[int]:
    """Positions of the markers of a list run into a text: markers at the text's start or
    after a sentence or clause, counting on from 1, a or i (1. 2. 3., a) b) c), (i) (ii))."""
    found = []
    for position in _boundaries(text):
        match = INLINE_ITEM_RE.match(text, position)
        if match and (match.group(1) is None or match.group(3) == ")"):
            found.append((position, match.group(2), bool(match.group(1))))
    runs: list[list[int]] = []
    expected: tuple[str, int, bool] | None = None  # numbering, next place, bracketed
    for position, value, bracketed in found:
        if expected and _ordinal_value(value, expected[0]) == expected[1] and bracketed == expected[2]:
            runs[-1].append(position)
            expected = (expected[0], expected[1] + 1, bracketed)
            continue
        numbering = {"1": "digits", "a": "letters", "i": "roman"}.get(value)
        if numbering:
            runs.append([position])
            expected = (numbering, 2, bracketed)
    return sorted(position for run in runs if len(run) >= 2 for position in run)


def _boundaries(text: str) -> list[int]:
    return sorted({0, *(match.end() for match in BOUNDARY_RE.finditer(text)), *(match.end() for match in PAGE_MARK_RE.finditer(text))})


def _run_in_headings(text: str, structure: Structure) -> list[tuple[int, int, bool]]:
    """The headings run into a text: (start, end, inline label?), in order."""
    queue = _boundaries(text)
    found = []
    covered = 0
    index = 0
    while index < len(queue):
        position = queue[index]
        index += 1
        if position < covered:
            continue
        heading = _heading_at(text, position, structure)
        if heading is None:
            continue
        end, inline = heading
        found.append((position, end, inline))
        covered = end
        # The text right after a heading may open with another run-in heading.
        after = end + len(text[end:]) - len(text[end:].lstrip())
        if after < len(text):
            queue.insert(index, after)
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def split_paragraph(paragraph: Paragraph, structure: Structure) -> list[Paragraph]:
    """The headings, list items and text run together in one paragraph, as paragraphs."""
    text = paragraph.text
    if paragraph.kind == "toc" or len(text) < 12:
        return [paragraph]
    headings = _run_in_headings(text, structure)
    # Spans between the headings, each then cut at the markers of a list run into it.
    spans: list[tuple[int, int, bool | None]] = []  # start, end, inline label? (None for text)
    position = 0
    for start, end, inline in headings:
        spans.append((position, start, None))
        spans.append((start, end, inline))
        position = end
    spans.append((position, len(text), None))
    pieces: list[Paragraph] = []
    for start, end, inline in spans:
        start, end = _trimmed(text, start, end)
        if start >= end:
            continue
        if inline is not None:
            piece = paragraph.piece(start, end)
            # A label that ends its paragraph ("Suggestions for future research:") heads
            # what follows, like a heading of its own line.
            _as_heading(piece, structure, inline and bool(text[end:].strip()))
            pieces.append(piece)
            continue
        cuts = [start + offset for offset in _inline_items(text[start:end])] or [start]
        for number, cut in enumerate([start, *[c for c in cuts if c > start]]):
            following = [c for c in cuts if c > cut]
            piece_start, piece_end = _trimmed(text, cut, following[0] if following else end)
            if piece_start >= piece_end:
                continue
            piece = paragraph.piece(piece_start, piece_end)
            classify(piece, structure)
            if piece.kind == "heading" and not piece.structural and len(piece.text) > 60:
                piece.kind = "item" if piece.marker else "text"
            pieces.append(piece)
    return pieces if len(pieces) > 1 else [paragraph]


def _as_heading(piece: Paragraph, structure: Structure, inline: bool) -> None:
    classify(piece, structure)
    piece.kind = "heading"
    piece.inline = inline
    if not piece.structural:
        piece.structural = True
        piece.level = 2 if not piece.level else piece.level
    if inline:
        piece.level = 99  # a label governs its own paragraph only


def restructure(document: list[Paragraph], structure: Structure) -> list[Paragraph]:
    """The document's paragraphs with what was run together cut apart."""
    result = []
    for paragraph in document:
        if paragraph.kind in ("text", "item") or (paragraph.kind == "heading" and len(paragraph.text) > 60 and not paragraph.marked):
            result.extend(split_paragraph(paragraph, structure))
        else:
            result.append(paragraph)
    return result
