"""What a document says about itself: title, author(s), institution, city and year, from
its file metadata (PDF document information, DOCX core properties) and its title page.

Used to pre-fill the form for adding a document; an editor confirms every field. Nothing
is guessed beyond what the file states: a field the file does not state stays empty and
is named as missing. Tool defaults ("python-docx", "Microsoft Word - x.docx", "Admin") are
not metadata.
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from tracker.engine.reading import PAGE_BREAK

REQUIRED = ("title", "author", "year", "institution")
TITLE_PAGE_LINES = 45
DOCUMENT_TYPES = re.compile(
    r"^(skripsi|tesis|disertasi|tugas akhir|laporan( akhir)?( penelitian)?|makalah|artikel|jurnal|thesis|dissertation|"
    r"research report|report|working paper|policy brief|naskah publikasi)\b", re.IGNORECASE)
AUTHOR_LEAD = re.compile(r"^(disusun oleh|diajukan oleh|oleh|penulis|peneliti|tim peneliti|by|author[s]?|written by)\s*:?\s*(.*)$",
                         re.IGNORECASE)
INSTITUTION = re.compile(r"^(universitas|institut|sekolah tinggi|politeknik|akademi|university|institute|college|"
                         r"uin|iain|stain|stikes)\b", re.IGNORECASE)
NOT_TITLE = re.compile(r"^(program|fakultas|jurusan|departemen|prodi|magister|faculty|department|school of|diajukan|"
                       r"untuk memenuhi|sebagai salah satu|guna memenuhi|nim|npm|nrp|halaman|lembar|kata pengantar|"
                       r"abstra[kc]|bab\s|daftar|pembimbing|dosen|submitted|in partial)\b", re.IGNORECASE)
ID_NUMBER = re.compile(r"^(nim|npm|nrp|nip|no\.? ?(mhs|pokok|induk))\b|^\d{6,}$", re.IGNORECASE)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
TOOL_DEFAULTS = re.compile(r"^(python-docx|microsoft word - .*|untitled.*|document\d*|dokumen\d*|admin(istrator)?|user|"
                           r"microsoft office user|windows user|author|penulis|asus|acer|lenovo|hp|pc|owner|"
                           r"[\w.-]+\.(docx?|pdf|txt))$", re.IGNORECASE)
SMALL_WORDS = {"di", "ke", "dari", "dan", "yang", "bagi", "pada", "dalam", "untuk", "melalui", "terhadap", "dengan", "atau",
               "sebagai", "oleh", "of", "the", "and", "in", "on", "for", "a", "an", "to", "at", "by", "with", "from"}
ACRONYMS = {"hiv", "aids", "ims", "lsm", "psk", "wps", "ite", "uu", "dpr", "dprd", "kuhp", "ngo", "sti", "lgbt", "lgbtq",
            "uin", "iain", "ui", "ugm", "umn", "ri", "pskw", "odha", "pp", "ham", "svm", "bo"}


@dataclass(frozen=True)
class Suggestion:
    """What the file states; ``found_in`` says where each stated field came from."""

    title: str = ""
    author: str = ""
    institution: str = ""
    city: str = ""
    year: str = ""
    found_in: dict[str, str] = field(default_factory=dict)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name in REQUIRED if not getattr(self, name))


def _stated(value) -> str:
    value = " ".join(str(value or "").split())
    return "" if not value or TOOL_DEFAULTS.match(value) else value


def file_metadata(name: str, data: bytes) -> dict[str, str]:
    """Title and author from the PDF's document information or the DOCX's core properties."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".pdf":
            import pypdfium2

            pdf = pypdfium2.PdfDocument(data)
            try:
                info = pdf.get_metadata_dict(skip_empty=True)
            finally:
                pdf.close()
            return {"title": _stated(info.get("Title")), "author": _stated(info.get("Author"))}
        if suffix == ".docx":
            import docx

            properties = docx.Document(io.BytesIO(data)).core_properties
            return {"title": _stated(properties.title), "author": _stated(properties.author)}
    except Exception:  # unreadable metadata is no metadata; reading the text reports a broken file
        return {}
    return {}


def _title_case(line: str) -> str:
    """An all-capitals line as a title: words capitalised, small words lower, acronyms kept."""
    if line != line.upper():
        return line
    words = []
    for index, word in enumerate(line.split()):
        bare = re.sub(r"\W", "", word).lower()
        if bare in ACRONYMS:
            words.append(word.upper())
        elif index and bare in SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


CHAPTER = re.compile(r"^(bab\s+[ivx\d]+|abstra[kc]|kata pengantar|daftar isi|pendahuluan|introduction|kesimpulan)\b", re.IGNORECASE)
NOT_A_NAME = re.compile(r"^(summary|abstract|abstrak|ringkasan|saran|kesimpulan|editor|redaksi)$", re.IGNORECASE)
ORGANISATION = re.compile(r"\b(lembaga|program|fakultas|jurusan|departemen|pusat|badan|kementerian|dinas|yayasan|institute|"
                          r"universitas|university|laboratorium|magister)\b", re.IGNORECASE)
FURNITURE = re.compile(r"[|›>»]|\b(issn|doi|vol\.|volume|hlm\.|http)", re.IGNORECASE)


def _title_page(text: str) -> list[str]:
    """The non-empty lines of the title page: the first page of a PDF, else the opening
    lines up to the first chapter or abstract. None when the text opens with a chapter (a
    closing chapter on its own has no title page)."""
    first = text.split(PAGE_BREAK, 1)[0]
    lines = []
    for line in first.splitlines():
        line = " ".join(line.replace("*", "").replace("#", "").split())
        if not line:
            continue
        if CHAPTER.match(line):
            break
        lines.append(line)
        if len(lines) >= TITLE_PAGE_LINES:
            break
    has_title_page = any(DOCUMENT_TYPES.match(line) or AUTHOR_LEAD.match(line) or INSTITUTION.match(line) for line in lines)
    return lines if has_title_page else []


def _name(candidate: str) -> str:
    """A person's name from an author line, without the student number after it; "" when
    the line is not a name."""
    words = [word for word in candidate.replace(",", " ").split()
             if not re.search(r"[\d/]", word) and word.strip(":.").lower() not in ("nim", "npm", "nrp", "nip")]
    while words and len(words[-1].strip(".")) <= 1 and len(words) > 1 and words[-1].isupper() and not words[-1].endswith("."):
        words.pop()  # a stray class letter after the number
    name = " ".join(words).strip(" ,;:()")
    if (not name or len(name.split()) > 6 or NOT_A_NAME.match(name) or ORGANISATION.search(name)
            or not all(re.fullmatch(r"[A-Za-z\u00C0-\u024F][\w.'-]*", word) for word in name.split())):
        return ""
    return _title_case(name)


def title_page(text: str) -> dict[str, str]:
    """Title, author(s), institution, city and year as a title page states them."""
    lines = _title_page(text)
    found: dict[str, str] = {}
    authors: list[str] = []
    for index, line in enumerate(lines):
        lead = AUTHOR_LEAD.match(line)
        if lead and not authors:
            following = ([lead.group(2)] if lead.group(2) else []) + lines[index + 1:index + 5]
            for candidate in following:
                if ID_NUMBER.match(candidate):
                    continue
                name = _name(candidate)
                if not name:
                    break
                authors.append(name)
        if INSTITUTION.match(line) and "institution" not in found:
            found["institution"] = _title_case(line)
            after = lines[index + 1] if index + 1 < len(lines) else ""
            city = YEAR.sub("", after).strip(" ,.")
            if city and len(city.split()) <= 3 and not re.search(r"\d", city) and not INSTITUTION.match(city):
                found["city"] = _title_case(city)
    if authors:
        found["author"] = "; ".join(dict.fromkeys(authors))
    years = [match.group(1) for line in lines if len(line) <= 40 for match in [YEAR.search(line)] if match]
    if years:
        found["year"] = years[-1]
    # The title: the first run of lines before the author and institution, leaving out the
    # document type, programme lines and web or journal furniture.
    title_lines: list[str] = []
    for line in lines:
        if AUTHOR_LEAD.match(line) or INSTITUTION.match(line):
            break
        if DOCUMENT_TYPES.match(line) or NOT_TITLE.match(line) or FURNITURE.search(line) or YEAR.fullmatch(line):
            if title_lines:
                break
            continue
        title_lines.append(line)
        if len(title_lines) == 4:
            break
    if title_lines:
        found["title"] = _title_case(" ".join(title_lines)).rstrip(" .")
    return found


def suggest(name: str, data: bytes, text: str) -> Suggestion:
    """What the file states of itself: its metadata first, then its title page."""
    from_file = {key: value for key, value in file_metadata(name, data).items() if value}
    from_page = {key: value for key, value in title_page(text).items() if value}
    fields = {**from_page, **from_file}
    found_in = {key: "file metadata" if key in from_file else "title page" for key in fields}
    return Suggestion(**fields, found_in=found_in)
