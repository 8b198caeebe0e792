"""From text as read to paragraphs: undo what PDF extraction and Markdown leave behind.

Hard line breaks inside sentences are joined, a hyphen at a line end is undone (but kept
in reduplications such as teman-temannya), page numbers and running footers are dropped,
Markdown emphasis is removed, and a paragraph cut by a page break mid-sentence is joined
again. Every paragraph keeps a map from its cleaned text back to offsets in the text as
read.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

STRUCTURE_PATH = Path(__file__).resolve().parents[2] / "data" / "structure.yaml"

LINE_RE = re.compile(r"([^\n\r\f]*)(\r\n|\n|\r|\f|$)")
RUN_RE = re.compile(r"\S+(?: \S+)*")
# Emphasis: *x*, **x**, _x_, __x__ (underscores only at word edges, so snake_case stays).
EMPHASIS_RE = re.compile(r"(\*{1,2})(?=\S)([^*\n]+?)(?<=\S)\1|(?<!\w)(_{1,2})(?=\S)([^_\n]+?)(?<=\S)\3(?!\w)")
MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+")
# A line set wholly in bold ("**Coordination**") stands as a sub-heading; a rule ("---") breaks.
EMPHASISED_LINE_RE = re.compile(r"^(\*\*|__)(?=\S)[^*]+?(?<=\S)\1$")
RULE_RE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
# A bold label opening a paragraph ("**To law enforcement.** Investigators should ...").
RUN_IN_BOLD_RE = re.compile(r"^(\*\*|__)(?=\S)([^*]+?)(?<=\S)\1\s+(?=\S)")
# A list marker: 1. 12) (3) a. iv. 5.2.1 or a bullet, then a space; or a number run into a
# capitalised word ("4.Pemerintah", as web pages flatten lists).
LIST_MARKER_RE = re.compile(
    r"^(?:\(?(?:\d{1,5}|[a-zA-Z]|[ivxIVX]{1,4})[.)]|\d{1,2}(?:\.\d{1,2})+\.?|[-•●▪◦‣–*])\s+|^\d{1,5}\.(?=[A-Z])"
)
# Indonesian active and passive verbs open so ("menggunakan", "disarankan"); a title with
# such a word in lower case is a sentence.
VERB_PREFIXES = ("me", "di", "ber", "ter")
# An English title ("For district health offices") has no Indonesian verbs to look for.
ENGLISH_HEADING_OPENERS = frozenset({"for", "to"})
AUDIENCE_HEADING_MAX_WORDS = 12
INDENTED_PARAGRAPHS_MIN = 3
FULL_LINE = 0.9
# A first-line indent is at least this many spaces (a single leading space is noise).
MIN_INDENT = 2
# A line ending in one of these words goes on in the next line.
CONTINUED_RE = re.compile(r"(?<!\w)(?:dan|atau|serta|di|ke|dari|bagi|untuk|yang|dengan|and|or|of|the|for|to|with)$", re.IGNORECASE)
# A heading number without a full stop ("5 Recommendations"), as LaTeX and journals set them.
BARE_NUMBER_RE = re.compile(r"^\d{1,2}\s+(?=[A-Z])")
ORDINAL_OPENER_RE = re.compile(r"\s*(\w+)\s*,\s")
DECIMAL_MARKER_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+")
CHAPTER_RE = re.compile(r"^(?:bab|chapter)\s+(?:[ivxlc]+|\d+)\b", re.IGNORECASE)
# A chapter label before the chapter's title on the same line ("CHAPTER 5: RECOMMENDATIONS").
CHAPTER_LABEL_RE = re.compile(r"^(?:bab|chapter)\s+(?:[ivxlc]+|\d+)\b[.:\-–—]?\s+(?=\w)", re.IGNORECASE)
TOC_ENTRY_RE = re.compile(r"(?:\.{3,}|…{2,}|(?:\. ){3,})\s*[\divxlc]*\s*$|\s{2,}[\divxlc]+\s*$", re.IGNORECASE)
TERMINAL_RE = re.compile(r"[.!?;][\"'”’)\]]*$")
ENDS_COLON_RE = re.compile(r":[\"'”’)\]]*$")
HEADING_MAX_CHARS = 90
HEADING_MAX_WORDS = 12
SUBHEADING_MAX_WORDS = 6
REFLOWED_LINE_CHARS = 150


@dataclass(frozen=True)
class Structure:
    recommendation: re.Pattern
    conclusion: re.Pattern
    run_in_bibliography: re.Pattern
    structural: re.Pattern
    back_matter: re.Pattern
    front_matter: re.Pattern
    abstract: re.Pattern
    page_number: re.Pattern
    institution: re.Pattern
    repeated_line_min: int
    audience_heading: re.Pattern
    boilerplate: re.Pattern
    ordinals: frozenset[str]
    lead_in_ending: re.Pattern

    def is_audience_heading(self, title: str) -> bool:
        """Whether a short title names who the recommendations under it are for ("Kepada
        DPRD Kota Makassar"), rather than being a sentence ("Bagi peneliti, disarankan ...")."""
        words = title.split()
        return (
            bool(self.audience_heading.fullmatch(title))
            and len(words) <= AUDIENCE_HEADING_MAX_WORDS
            and not title.endswith(("-", ","))
            and (words[0].lower() in ENGLISH_HEADING_OPENERS or not _has_indonesian_verb(words))
        )

    def is_lead_in(self, text: str) -> bool:
        """Whether a paragraph introduces the list after it (it ends in a colon or "sebagai berikut.")."""
        return bool(ENDS_COLON_RE.search(text) or self.lead_in_ending.search(text[-40:]))


def _has_indonesian_verb(words: list[str]) -> bool:
    """Whether a title holds an Indonesian verb in lower case ("menggunakan"): it is a sentence."""
    return any(word.islower() and word.startswith(VERB_PREFIXES) and len(word) > 5 for word in words)


@lru_cache(maxsize=1)
def load_structure(path: Path = STRUCTURE_PATH) -> Structure:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def alternation(*keys: str) -> str:
        return "(?:" + "|".join(f"(?:{pattern})" for key in keys for pattern in data[key]) + ")"

    return Structure(
        # A title may name its part first ("Discussion: implications for policy and practice").
        recommendation=re.compile(r"(?:[^:.;]{1,40}:\s+)?" + alternation("recommendation_headings"), re.IGNORECASE),
        conclusion=re.compile(alternation("conclusion_headings"), re.IGNORECASE),
        run_in_bibliography=re.compile(alternation("run_in_bibliography_headings"), re.IGNORECASE),
        structural=re.compile(alternation("structural_headings", "back_matter_headings") + r"(?!\w)", re.IGNORECASE),
        back_matter=re.compile(alternation("back_matter_headings") + r"(?!\w)", re.IGNORECASE),
        front_matter=re.compile(alternation("front_matter_headings"), re.IGNORECASE),
        abstract=re.compile(alternation("abstract_headings"), re.IGNORECASE),
        page_number=re.compile(alternation("page_number_lines"), re.IGNORECASE),
        institution=re.compile(r"(?<!\w)" + alternation("institution_words") + r"(?!\w)", re.IGNORECASE),
        repeated_line_min=int(data["repeated_line_min"]),
        audience_heading=re.compile(alternation("audience_headings"), re.IGNORECASE),
        boilerplate=re.compile(alternation("boilerplate"), re.IGNORECASE),
        ordinals=frozenset(word.lower() for word in data["ordinals"]),
        lead_in_ending=re.compile(r"(?<!\w)" + alternation("lead_in_endings") + r"$", re.IGNORECASE),
    )


class OffsetMap:
    """Maps positions in a cleaned string back to offsets in the text as read."""

    def __init__(self) -> None:
        self.clean_starts: list[int] = []
        self.raw_starts: list[int] = []

    def add_run(self, clean_start: int, raw_start: int) -> None:
        self.clean_starts.append(clean_start)
        self.raw_starts.append(raw_start)

    def to_raw(self, position: int) -> int:
        index = bisect_right(self.clean_starts, position) - 1
        return self.raw_starts[index] + (position - self.clean_starts[index])

    def to_raw_end(self, end: int) -> int:
        """The raw offset just after the character before ``end``."""
        return self.to_raw(end - 1) + 1


class ShiftedOffsets(OffsetMap):
    """The offset map of a piece of a paragraph that starts ``shift`` characters into it."""

    def __init__(self, base: OffsetMap, shift: int) -> None:
        self.base = base
        self.shift = shift

    def to_raw(self, position: int) -> int:
        return self.base.to_raw(position + self.shift)


class TextBuilder:
    """Accumulates pieces of raw text into one cleaned string with its offset map."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.offsets = OffsetMap()
        self._space_at: int | None = None

    def space(self, raw_position: int) -> None:
        if self.length and self._space_at is None:
            self._space_at = raw_position

    def add(self, raw_start: int, piece: str) -> None:
        if not piece:
            return
        if self._space_at is not None:
            self.offsets.add_run(self.length, self._space_at)
            self.parts.append(" ")
            self.length += 1
            self._space_at = None
        self.offsets.add_run(self.length, raw_start)
        self.parts.append(piece)
        self.length += len(piece)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Line:
    start: int
    end: int
    text: str
    page: int
    blank_before: bool = False
    markdown_level: int = 0
    indent: int = 0  # leading spaces in the text as read
    rule_before: str = ""  # a horizontal rule ("---") stood before it: "break" or "decoration"


@dataclass
class Paragraph:
    """A paragraph, heading or list item with its cleaned text and where it came from."""

    text: str
    start: int
    end: int
    offsets: OffsetMap = field(repr=False)
    kind: str = "text"  # text | item | heading | toc
    marker: str = ""
    level: int = 0  # headings: 1 for a chapter, deeper numbering is higher; 0 otherwise
    structural: bool = False  # a heading that opens or closes sections
    origin: int = 0  # which paragraph of the text as laid out this one was cut from
    inline: bool = False  # a heading that was a label inside a paragraph ("Saran: ...")
    after_rule: bool = False  # a horizontal rule ("---") stood before it
    marked: bool = False  # a heading marked up as one ("### 6.2 To the Ministry ..."), never cut

    @property
    def body(self) -> str:
        """The text after a list marker or heading number."""
        return self.text[len(self.marker):].lstrip() if self.marker else self.text

    @property
    def body_offset(self) -> int:
        """Where the body starts within ``text``."""
        return len(self.text) - len(self.body)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of ``text[start:end]``."""
        return self.offsets.to_raw(start), self.offsets.to_raw_end(end)

    def piece(self, start: int, end: int) -> "Paragraph":
        """``text[start:end]`` as a paragraph of its own, still mapped to the text as read."""
        raw_start, raw_end = self.raw_span(start, end)
        return Paragraph(self.text[start:end], raw_start, raw_end, ShiftedOffsets(self.offsets, start), origin=self.origin,
                         after_rule=self.after_rule and not self.text[:start].strip())


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with the offsets of their stripped content and their page number."""
    lines: list[Line] = []
    page = 0
    blank = False
    for match in LINE_RE.finditer(text):
        content_start, content_end = match.span(1)
        content = match.group(1)
        stripped = content.strip()
        if stripped:
            leading = len(content) - len(content.lstrip())
            start = content_start + leading
            lines.append(Line(start, start + len(stripped), stripped, page, blank, indent=leading))
            blank = False
        else:
            blank = True
        if match.group(2) == "\f":
            page += 1
        if match.end() == len(text):
            break
    return lines


def _strip_markdown_heading(line: Line) -> None:
    match = MARKDOWN_HEADING_RE.match(line.text)
    if match:
        line.markdown_level = len(match.group(1))
        line.start += match.end()
        line.text = line.text[match.end():]


def _is_all_caps(text: str) -> bool:
    return text.isupper() and len(text) >= 2


def _drop_furniture(lines: list[Line], structure: Structure) -> list[Line]:
    """Remove page numbers, running headers and footers, and institution footer blocks."""
    counts: dict[str, int] = {}
    pages_of: dict[str, set[int]] = {}
    for line in lines:
        if len(line.text) <= 80:
            counts[line.text.lower()] = counts.get(line.text.lower(), 0) + 1
            pages_of.setdefault(line.text.lower(), set()).add(line.page)
    pages = (lines[-1].page + 1) if lines else 1
    # With page breaks known, a line on most pages is furniture even if seen only twice.
    repeated_min = min(structure.repeated_line_min, max(2, (pages + 1) // 2)) if pages > 1 else structure.repeated_line_min
    furniture = [False] * len(lines)
    for index, line in enumerate(lines):
        if structure.page_number.fullmatch(line.text):
            furniture[index] = True
        elif (
            (counts.get(line.text.lower(), 0) >= structure.repeated_line_min
             or len(pages_of.get(line.text.lower(), ())) >= repeated_min)
            and not LIST_MARKER_RE.match(line.text)
            and not CHAPTER_RE.match(line.text)
            and not is_vocabulary(_heading_title(line.text)[1], structure)
        ):
            furniture[index] = True
    # Runs of upper-case lines that name an institution: a university's footer block.
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and _is_footer_candidate(lines[end].text, structure):
            end += 1
        if end > index:
            if any(structure.institution.search(lines[i].text) for i in range(index, end)):
                for i in range(index, end):
                    furniture[i] = True
            index = end
        else:
            index += 1
    kept = []
    carry_blank = False
    for line, drop in zip(lines, furniture):
        if drop:
            carry_blank = carry_blank or line.blank_before
            continue
        if carry_blank:
            line.blank_before = True
            carry_blank = False
        kept.append(line)
    return kept


def _is_footer_candidate(text: str, structure: Structure) -> bool:
    """An upper-case line that could belong to a footer block: short, and no heading."""
    return (
        _is_all_caps(text)
        and len(text) <= 40
        and not CHAPTER_RE.match(text)
        and not is_vocabulary(_heading_title(text)[1], structure)
    )


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _contents_titles(lines: list[Line]) -> frozenset[str]:
    """The titles a table of contents lists ("5.2 Saran ....... 67"), as letters and digits:
    a line that is one of them in the body is a heading, however long or wrapped it looks."""
    titles = set()
    for line in lines:
        if _is_toc_entry(line.text):
            title = TOC_ENTRY_RE.sub("", line.text).strip()
            if len(title.split()) >= 2:
                titles.add(_letters(title))
    return frozenset(titles)


def _is_toc_entry(text: str) -> bool:
    """A table-of-contents entry ends in dot leaders or spaces and a page number."""
    return bool(TOC_ENTRY_RE.search(text[-40:]))


def _heading_shape(text: str) -> bool:
    """Short, unpunctuated at the end: could be a heading."""
    return (
        len(text) <= HEADING_MAX_CHARS
        and len(text.split()) <= HEADING_MAX_WORDS
        and not TERMINAL_RE.search(text)
        and not text.endswith(",")
    )


def _heading_title(text: str) -> tuple[str, str]:
    """Split a heading into its marker (numbering) and title."""
    match = LIST_MARKER_RE.match(text) or BARE_NUMBER_RE.match(text) or CHAPTER_LABEL_RE.match(text)
    if match:
        return match.group(0).strip(), text[match.end():].strip().rstrip(":").strip()
    return "", text.strip().rstrip(":").strip()


@lru_cache(maxsize=4096)
def is_vocabulary(title: str, structure: Structure, exact: bool = False) -> bool:
    """Whether a heading title is one the structure knows: a recommendations, conclusions,
    front-matter or other structural heading. Structural headings match by their first words
    ("Hasil dan Pembahasan Penelitian") unless ``exact``."""
    structural = structure.structural.fullmatch if exact else structure.structural.match
    return bool(
        structure.recommendation.fullmatch(title)
        or structure.conclusion.fullmatch(title)
        or structural(title)
        or structure.front_matter.fullmatch(title)
    )


def opens_with_ordinal(text: str, structure: Structure) -> bool:
    """Whether a text opens with an ordinal and a comma ("Kedua, ...", "Second, ...")."""
    match = ORDINAL_OPENER_RE.match(text)
    return bool(match) and match.group(1).lower() in structure.ordinals


def _starts_block(line: Line, structure: Structure) -> bool:
    """A line that always starts a paragraph of its own: a heading, a list item, or an
    ordinal paragraph ("Kedua, ...")."""
    if line.markdown_level or LIST_MARKER_RE.match(line.text) or CHAPTER_RE.match(line.text) or _is_toc_entry(line.text):
        return True
    if line.rule_before or EMPHASISED_LINE_RE.match(line.text):
        return True
    if line.text[:1].isupper() and opens_with_ordinal(line.text, structure):
        return True
    if not _heading_shape(line.text):
        return False
    title = _heading_title(line.text)[1]
    return _is_all_caps(line.text) or is_vocabulary(title, structure) or structure.is_audience_heading(title)


def _ends_block(line: Line, structure: Structure, full: bool = False, contents: frozenset[str] = frozenset()) -> bool:
    """A line after which a paragraph always ends: a heading (one the table of contents
    lists, when there is one). A line that fills the text width (``full``) is a wrapped
    line, not a short sub-heading, and a line ending in a word such as "dan" or "of" goes
    on in the next one."""
    if line.markdown_level or CHAPTER_RE.match(line.text) or _is_toc_entry(line.text) or EMPHASISED_LINE_RE.match(line.text):
        return True
    if contents and _letters(line.text) in contents:
        return True
    if not _heading_shape(line.text) or CONTINUED_RE.search(line.text):
        return False
    marker, title = _heading_title(line.text)
    if _is_all_caps(line.text) or is_vocabulary(title, structure):
        return True
    if full:
        return False
    return structure.is_audience_heading(title) or (bool(marker) and len(title.split()) <= SUBHEADING_MAX_WORDS)


def _starts_lowercase(text: str) -> bool:
    return text[:1].islower() and not LIST_MARKER_RE.match(text)


def _line_width(lines: list[Line]) -> tuple[bool, float]:
    """Whether the text is reflowed (a paragraph per line) and the usual full line width."""
    lengths = sorted(len(line.text) for line in lines if len(line.text) >= 20 and not _is_toc_entry(line.text))
    if not lengths:
        return True, 0.0
    long_share = sum(1 for length in lengths if length > REFLOWED_LINE_CHARS) / len(lengths)
    return long_share >= 0.2, float(lengths[int(len(lengths) * 0.9) - (1 if len(lengths) > 1 else 0)])


def _joins(group: list[Line], line: Line, reflowed: bool, width: float, blanks_mean_breaks: bool, structure: Structure,
           indented_paragraphs: bool = False, contents: frozenset[str] = frozenset()) -> bool:
    """Whether ``line`` continues the paragraph whose lines so far are ``group``."""
    previous = group[-1]
    # The last line was full: the next line's first word would not have fitted on it.
    # (Proportional fonts make a full line's characters vary around the usual width.)
    full = not reflowed and width > 0 and len(previous.text) + 1 + len(line.text.split(" ", 1)[0]) > FULL_LINE * width
    if _ends_block(_tail(group), structure, full, contents) or _starts_block(line, structure):
        return False
    if contents and _letters(line.text) in contents:
        return False
    page_cut = not TERMINAL_RE.search(previous.text) and not ENDS_COLON_RE.search(previous.text) and _starts_lowercase(line.text)
    same_page = line.page == previous.page
    if indented_paragraphs and same_page:
        # Paragraphs open with a first-line indent: an indented line opens one (unless it
        # continues a list item's hanging indent), and a line back at the margin goes on.
        if line.indent >= previous.indent + MIN_INDENT and not LIST_MARKER_RE.match(group[0].text):
            return False
        if line.indent < previous.indent:
            return not _starts_block(line, structure)
    elif TERMINAL_RE.search(previous.text) and line.indent != previous.indent and same_page:
        # A first-line indent, or a line back at the margin after an item's hanging indent.
        return False
    if reflowed or blanks_mean_breaks:
        return page_cut if (line.blank_before or line.page != previous.page) else True
    if ENDS_COLON_RE.search(previous.text):
        return False
    if TERMINAL_RE.search(previous.text) and indented_paragraphs:
        return True  # paragraphs open with an indent, and this line has none
    if TERMINAL_RE.search(previous.text):
        # A sentence ends at the line end: the paragraph goes on only if the next word
        # could not have fitted on this line.
        next_word = line.text.split(" ", 1)[0]
        return len(previous.text) + 1 + len(next_word) > width
    return len(previous.text) >= 0.85 * width or page_cut


def _tail(group: list[Line]) -> Line:
    """What the next line is judged against: the group's last line, or a short group as one
    line (a heading wrapped over two lines, "3. Bagi Pemerintah Kota Yogyakarta dan" /
    "Masyarakat", ends its block as a whole)."""
    last = group[-1]
    if len(group) == 1 or len(group) > 3:
        return last
    text = " ".join(line.text for line in group)
    if len(text) > HEADING_MAX_CHARS:
        return last
    return Line(group[0].start, last.end, text, last.page, group[0].blank_before, group[0].markdown_level, group[0].indent)


def _append_line(builder: TextBuilder, line: Line) -> None:
    text = line.text
    if "*" in text or "_" in text:
        kept: list[tuple[int, int]] = []
        position = 0
        for match in EMPHASIS_RE.finditer(text):
            group = 2 if match.group(1) else 4
            kept.append((position, match.start()))
            kept.append(match.span(group))
            position = match.end()
        kept.append((position, len(text)))
    else:
        kept = [(0, len(text))]
    for start, end in kept:
        segment = text[start:end]
        if not segment:
            continue
        if segment[:1].isspace():
            builder.space(line.start + start)
        for run in RUN_RE.finditer(segment):
            if run.start() > 0:
                builder.space(line.start + start + run.start() - 1)
            builder.add(line.start + start + run.start(), run.group(0))
        if segment[-1:].isspace():
            builder.space(line.start + end - 1)


def _dehyphenate(builder: TextBuilder, next_text: str) -> bool:
    """Undo a line-end hyphen before a lowercase continuation; keep it in a reduplication."""
    last = builder.parts[-1] if builder.parts else ""
    if not (last.endswith("-") and len(last) >= 2 and last[-2].isalpha() and next_text[:1].islower()):
        return False
    word_before = re.split(r"[^\w-]", last[:-1])[-1].split("-")[-1].lower()
    if word_before and next_text.lower().startswith(word_before):
        return True  # teman- / temannya: keep the hyphen, join without a space
    builder.parts[-1] = last[:-1]
    builder.length -= 1
    return True


def _without_rules(lines: list[Line]) -> list[Line]:
    """The lines without horizontal rules ("---"), each rule marked on the line after it: a
    rule between paragraphs breaks the text; one over or under a heading (a short line
    standing alone between rules or blank lines) only decorates it."""
    def standalone(position: int) -> bool:
        if not 0 < position < len(lines) - 1 or not _heading_shape(lines[position].text):
            return False
        return all(RULE_RE.match(lines[other].text) or lines[max(other, position)].blank_before
                   for other in (position - 1, position + 1))

    for index in range(len(lines) - 1):
        if RULE_RE.match(lines[index].text) and not RULE_RE.match(lines[index + 1].text):
            decoration = standalone(index - 1) or standalone(index + 1)
            lines[index + 1].rule_before = "decoration" if decoration else "break"
    return [line for line in lines if not RULE_RE.match(line.text)]


def _split_run_in_labels(lines: list[Line], structure: Structure) -> list[Line]:
    """A bold label that names an audience or a section and opens a line ("**To civil
    society.** ...") becomes a line of its own, so that it heads what follows."""
    result = []
    for line in lines:
        match = RUN_IN_BOLD_RE.match(line.text)
        title = match.group(2).rstrip(".:").strip() if match else ""
        if match and (structure.is_audience_heading(title) or is_vocabulary(title, structure, exact=True)):
            label = match.group(0).rstrip()
            result.append(Line(line.start, line.start + len(label), label, line.page, line.blank_before, indent=line.indent))
            result.append(Line(line.start + match.end(), line.end, line.text[match.end():], line.page))
        else:
            result.append(line)
    return result


def paragraphs(text: str) -> list[Paragraph]:
    """The document's paragraphs, headings and list items, in order, cleaned."""
    structure = load_structure()
    lines = _split_run_in_labels(split_lines(text), structure)
    for line in lines:
        _strip_markdown_heading(line)
    lines = _without_rules(lines)
    lines = _drop_furniture([line for line in lines if line.text], structure)
    reflowed, width = _line_width(lines)
    gaps = [line.blank_before for line in lines[1:]]
    # Blank lines separate paragraphs unless there are none, or they stand between most
    # lines and most lines before them end mid-sentence (double-spaced extraction).
    share = sum(gaps) / len(gaps) if gaps else 0.0
    before_blanks = [previous for previous, line in zip(lines, lines[1:]) if line.blank_before]
    ended = sum(1 for line in before_blanks if TERMINAL_RE.search(line.text) or _ends_block(line, structure))
    blanks_mean_breaks = 0 < share and (share < 0.6 or ended >= 0.6 * len(before_blanks))

    # Paragraphs that open with a first-line indent (LaTeX's and Word's default) are told
    # apart by it, not by spacing or line length.
    indented_paragraphs = sum(
        1 for previous, line in zip(lines, lines[1:])
        if TERMINAL_RE.search(previous.text) and line.indent >= previous.indent + MIN_INDENT and line.page == previous.page
    ) >= INDENTED_PARAGRAPHS_MIN
    contents = _contents_titles(lines)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _joins(groups[-1], line, reflowed, width, blanks_mean_breaks, structure, indented_paragraphs, contents):
            groups[-1].append(line)
        else:
            groups.append([line])

    result = []
    for index, group in enumerate(groups):
        builder = TextBuilder()
        for line in group:
            if not _dehyphenate(builder, line.text):
                builder.space(line.start - 1)
            _append_line(builder, line)
        cleaned = builder.text()
        paragraph = Paragraph(cleaned, group[0].start, group[-1].end, builder.offsets, origin=index,
                              after_rule=group[0].rule_before == "break")
        classify(paragraph, structure, group[0].markdown_level)
        if paragraph.kind == "text" and len(group) == 1 and EMPHASISED_LINE_RE.match(group[0].text) \
                and _heading_shape(cleaned.rstrip(".:")):
            paragraph.kind = "heading"
        result.append(paragraph)
    # A short title with no verb before a list item ("Koordinasi" / "10. Satu basis data ...") is its sub-heading.
    for paragraph, following in zip(result, result[1:]):
        words = paragraph.text.split()
        if (paragraph.kind == "text" and following.kind == "item" and paragraph.text[:1].isupper()
                and _heading_shape(paragraph.text) and len(words) <= SUBHEADING_MAX_WORDS and not _has_indonesian_verb(words)):
            paragraph.kind = "heading"
    return result


def classify(paragraph: Paragraph, structure: Structure, markdown_level: int = 0) -> None:
    """Set a paragraph's kind (text, item, heading, toc), marker, level and whether it is structural."""
    text = paragraph.text
    marker_match = LIST_MARKER_RE.match(text)
    paragraph.marker = marker_match.group(0).strip() if marker_match else ""
    if len(text) <= 200 and _is_toc_entry(text):
        paragraph.kind = "toc"
        return
    if markdown_level:
        paragraph.kind, paragraph.level, paragraph.structural = "heading", markdown_level, True
        paragraph.marked = True
        return
    if not _heading_shape(text):
        paragraph.kind = "item" if marker_match else "text"
        return
    marker, title = _heading_title(text)
    if CHAPTER_RE.match(text):
        paragraph.kind, paragraph.level, paragraph.structural = "heading", 1, True
        paragraph.marker = marker
    elif DECIMAL_MARKER_RE.match(text):
        paragraph.kind, paragraph.structural = "heading", True
        paragraph.level = marker.rstrip(".").count(".") + 1
    elif is_vocabulary(title, structure):
        paragraph.kind, paragraph.structural = "heading", True
        paragraph.level = 2 if marker or not _is_all_caps(title) else 1
        paragraph.marker = marker
    elif _is_all_caps(text) or (marker and len(title.split()) <= SUBHEADING_MAX_WORDS) or structure.is_audience_heading(title):
        paragraph.kind = "heading"  # a sub-heading inside a section, such as "1. Pemerintah" or "Kepada DPRD"
    else:
        paragraph.kind = "item" if marker_match else "text"
