"""APA 7 citations of a stored document: the reference-list entry and the in-text citation
with the page a quote starts on.

A document is cited as a report or thesis with its institution as publisher:

    Family, G. G., & Family, G. (Year). *Title*. Institution. URL

APA's rules for missing parts apply, and nothing is made up: no author moves the title
into the author's place, no year is "n.d." ("t.t." in Indonesian), no title is a bracketed
description (with the platforms and city the document names). A group author (an institution as author) is written as it is, and the
publisher is left out when it is the same as the author. Persons are "Family, Given"
(written so, or turned round from "Given Family").
"""

import re
from dataclasses import dataclass
from html import escape

REQUIRED_FIELDS = ("title", "author", "year", "institution")
# Words that make an author entry an organisation, not a person (kept as written).
ORGANISATION_WORDS = {
    "universitas", "university", "institut", "institute", "kementerian", "ministry", "lembaga", "badan",
    "komisi", "commission", "yayasan", "foundation", "dinas", "pusat", "centre", "center", "organisation",
    "organization", "program", "programme", "unaids", "unicef", "who", "unfpa", "jaringan", "network",
    "perkumpulan", "association", "koalisi", "coalition", "council", "dewan", "fakultas", "faculty", "team", "tim",
}
WORDS = {
    "en": {"no_date": "n.d.", "page": "p.", "untitled": "Untitled document", "and": "&", "et_al": "et al."},
    "id": {"no_date": "t.t.", "page": "hlm.", "untitled": "Dokumen tanpa judul", "and": "&", "et_al": "dkk."},
}


@dataclass(frozen=True)
class Citation:
    """A formatted citation: the reference entry as (text, italic) pieces, the in-text
    citation, and which of the required fields the document does not state."""

    pieces: tuple[tuple[str, bool], ...]
    in_text: str
    missing: tuple[str, ...]

    @property
    def reference(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def reference_html(self) -> str:
        return "".join(f"<i>{escape(text)}</i>" if italic else escape(text) for text, italic in self.pieces)

    @property
    def complete(self) -> bool:
        return not self.missing


def authors(value: str | None) -> list[str]:
    """The authors of a metadata cell: entries separated by semicolons."""
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def is_organisation(name: str) -> bool:
    return any(word in ORGANISATION_WORDS for word in re.findall(r"\w+", name.lower()))


def _initials(given: str) -> str:
    parts = []
    for word in given.split():
        letters = [piece[0].upper() + "." for piece in word.split("-") if piece]
        parts.append("-".join(letters))
    return " ".join(parts)


def family_and_initials(name: str) -> tuple[str, str]:
    """A person's family name and initials; an organisation (or a single name) is its own
    family name with no initials."""
    if is_organisation(name):
        return name, ""
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return family, _initials(given)
    words = name.split()
    if len(words) == 1:
        return name, ""
    return words[-1], _initials(" ".join(words[:-1]))


def _reference_name(name: str) -> str:
    family, initials = family_and_initials(name)
    return f"{family}, {initials}" if initials else family


def _author_list(names: list[str], language: str) -> str:
    formatted = [_reference_name(name) for name in names]
    if len(formatted) == 1:
        return formatted[0]
    if len(formatted) > 20:  # APA 7: the first 19, an ellipsis, the last
        return ", ".join(formatted[:19]) + ", . . . " + formatted[-1]
    return ", ".join(formatted[:-1]) + f", {WORDS[language]['and']} " + formatted[-1]


def _with_full_stop(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _short_title(title: str) -> str:
    words = title.split()
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "")


def untitled(document: dict, language: str) -> str:
    """APA's bracketed description of a work without a title, from what is known of it
    (platforms and city as stated), so two untitled documents are told apart."""
    platforms = document.get("platforms") or []
    if isinstance(platforms, str):
        platforms = [part.strip() for part in platforms.split(";") if part.strip()]
    known = [*platforms, *([document["city"]] if document.get("city") else [])]
    return f"[{WORDS[language]['untitled']}" + (f": {', '.join(known)}" if known else "") + "]"


def in_text(document: dict, page: int | None = None, language: str = "en") -> str:
    """The parenthetical citation: (Family, Year, p. N)."""
    words = WORDS[language]
    names = authors(document.get("author"))
    if not names:
        who = _short_title(document["title"]) if document.get("title") else untitled(document, language)
    elif len(names) == 1:
        who = family_and_initials(names[0])[0]
    elif len(names) == 2:
        who = f"{family_and_initials(names[0])[0]} {words['and']} {family_and_initials(names[1])[0]}"
    else:
        who = f"{family_and_initials(names[0])[0]} {words['et_al']}"
    parts = [who, str(document["year"]) if document.get("year") else words["no_date"]]
    if page:
        parts.append(f"{words['page']} {page}")
    return "(" + ", ".join(parts) + ")"


def cite(document: dict, page: int | None = None, language: str = "en") -> Citation:
    """The APA 7 citation of a document (a row with title, author, year, institution, url)."""
    words = WORDS[language]
    title = (document.get("title") or "").strip()
    institution = (document.get("institution") or "").strip()
    names = authors(document.get("author"))
    date = f"({document['year']})." if document.get("year") else f"({words['no_date']})."
    pieces: list[tuple[str, bool]] = []
    title_piece = (_with_full_stop(title), True) if title else (untitled(document, language) + ".", False)
    if names:
        pieces += [(_with_full_stop(_author_list(names, language)) + " ", False), (date + " ", False), title_piece]
    else:
        pieces += [title_piece, (" " + date, False)]
    same_as_author = len(names) == 1 and names[0].lower() == institution.lower()
    if institution and not same_as_author:
        pieces.append((" " + _with_full_stop(institution), False))
    if document.get("url"):
        pieces.append((" " + document["url"].strip(), False))
    missing = tuple(field for field in REQUIRED_FIELDS if not document.get(field))
    return Citation(tuple(pieces), in_text(document, page, language), missing)
