"""Changing the data: adding documents and reviewing recommendations, all or nothing, with an audit trail.

The text files under data/ are the record (sources, sources.csv, reviewed_tags.jsonl,
audit.jsonl); the database is rebuilt from them. Every change:

1. takes the data folder's lock, so two editors saving at once are applied one after the
   other, each on top of the other's result;
2. writes the new text files (each written to a temporary file, then renamed into place)
   and appends its audit rows;
3. rebuilds the database, which itself replaces the old file only when complete.

If step 3 fails, the text files are put back as they were, so nothing is half-saved. If
the process dies between 2 and 3, the text files hold the change and the next build shows it.
"""

import csv
import fcntl
import hashlib
import io
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tracker.store import database
from tracker.engine import duplicates
from tracker.engine.metadata import suggest as suggest_metadata
from tracker.engine.codebook import APPROACH_IDS, AUDIENCE_IDS, load_codebook
from tracker.engine.extraction import Extraction, extract_text
from tracker.engine.reading import SUPPORTED_SUFFIXES, DocumentError, read_document

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CurationError(ValueError):
    """A change that cannot be made; the message says why, in one line."""


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    author: str = ""
    institution: str = ""
    city: str = ""
    year: str = ""
    platforms: str = ""
    discipline: str = ""
    method: str = ""
    language: str = ""
    part: str = ""
    url: str = ""


@dataclass(frozen=True)
class Tagging:
    """What a reviewer says of one recommendation."""

    audiences: tuple[str, ...]
    approach: str
    themes: tuple[str, ...]
    summary_en: str = ""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def data_lock(data_dir: Path):
    """An exclusive lock on the data folder, held for the whole change."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomically(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


class _Change:
    """The files one change touches, with their old contents to put back on failure."""

    def __init__(self, data_dir: Path, db_path: Path) -> None:
        self.paths = database.DataPaths(data_dir)
        self.db_path = db_path
        self.saved: dict[Path, bytes | None] = {}

    def write(self, path: Path, content: bytes) -> None:
        if path not in self.saved:
            self.saved[path] = path.read_bytes() if path.exists() else None
        _write_atomically(path, content)

    def append_audit(self, rows: list[dict]) -> None:
        old = self.paths.audit.read_bytes() if self.paths.audit.exists() else b""
        added = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
        self.write(self.paths.audit, old + added)

    def commit(self) -> dict:
        try:
            return database.build(self.db_path, self.paths.root)
        except BaseException:
            self.rollback()
            raise

    def rollback(self) -> None:
        for path, content in self.saved.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                _write_atomically(path, content)


def _reviewed_bytes(reviewed: dict[tuple[str, int, int], dict]) -> bytes:
    rows = sorted(reviewed.values(), key=lambda row: (row["document"], row["start"], row["end"]))
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


def validate_tagging(tagging: Tagging) -> None:
    if not tagging.approach:
        raise CurationError("choose an approach")
    themes = {label["id"] for label in load_codebook().labels("themes")}
    unknown = [value for value in tagging.audiences if value not in AUDIENCE_IDS] + [
        value for value in tagging.themes if value not in themes
    ]
    if tagging.approach not in APPROACH_IDS:
        unknown.append(tagging.approach)
    if unknown:
        raise CurationError(f"unknown label(s): {', '.join(unknown)}")


@dataclass(frozen=True)
class Target:
    """A recommendation as the database shows it, found by its id."""

    recommendation_id: str
    document: str  # file name
    start: int
    end: int
    text: str
    heading: str | None
    current: dict  # audiences, approach, themes, status, summary_en as shown now


def _audit(editor: str, target: Target, action: str, field: str, old, new, note: str) -> dict:
    return {
        "at": now(), "editor": editor, "recommendation_id": target.recommendation_id,
        "document": target.document, "start": target.start, "end": target.end,
        "action": action, "field": field, "old": old, "new": new, "note": note,
    }


def _review_row(target: Target, tagging: Tagging, editor: str, note: str, status: str, **extra) -> dict:
    return {
        "document": target.document, "start": target.start, "end": target.end,
        "quote": target.text[:60], "status": status,
        "audiences": list(tagging.audiences), "approach": tagging.approach, "themes": list(tagging.themes),
        "summary_en": tagging.summary_en, "reviewer": editor, "reviewed_at": now(), "note": note, **extra,
    }


def _set_review(data_dir: Path, db_path: Path, target: Target, tagging: Tagging, editor: str, note: str,
                status: str, audit: list[dict]) -> dict:
    """Record a reviewer's verdict on one recommendation, keeping what a split or merge made of it."""
    with data_lock(data_dir):
        change = _Change(data_dir, db_path)
        reviewed = database.read_reviewed_tags(change.paths.reviewed_tags)
        key = (target.document, target.start, target.end)
        previous = reviewed.get(key, {})
        extra = {name: previous[name] for name in ("replaces", "text", "origin", "heading") if name in previous}
        reviewed[key] = _review_row(target, tagging, editor, note, status, **extra)
        change.write(change.paths.reviewed_tags, _reviewed_bytes(reviewed))
        change.append_audit(audit)
        return change.commit()


def review(data_dir: Path, db_path: Path, target: Target, tagging: Tagging, editor: str, note: str = "") -> dict:
    """Set a recommendation's tags (and summary) and mark it reviewed."""
    validate_tagging(tagging)
    audit = []
    for field, new in (("audiences", list(tagging.audiences)), ("approach", tagging.approach),
                       ("themes", list(tagging.themes)), ("summary_en", tagging.summary_en)):
        old = target.current.get(field)
        if (old or None) != (new or None):
            audit.append(_audit(editor, target, "review", field, old, new, note))
    if target.current.get("status") != "accepted":
        audit.append(_audit(editor, target, "review", "status", target.current.get("status"), "accepted", note))
    return _set_review(data_dir, db_path, target, tagging, editor, note, "accepted", audit)


def reject(data_dir: Path, db_path: Path, target: Target, editor: str, note: str = "") -> dict:
    """Mark a passage as not a recommendation; it leaves every count but stays on record."""
    current = Tagging(tuple(target.current["audiences"]), target.current["approach"], tuple(target.current["themes"]),
                      target.current.get("summary_en") or "")
    audit = [_audit(editor, target, "reject", "status", target.current.get("status"), "rejected", note)]
    return _set_review(data_dir, db_path, target, current, editor, note, "rejected", audit)


def _engine_spans(target: Target, reviewed: dict) -> list[list[int]]:
    """The engine's spans a recommendation stands for: its own, or those a split or merge replaced."""
    row = reviewed.get((target.document, target.start, target.end))
    return row["replaces"] if row and row.get("replaces") else [[target.start, target.end]]


def _split_offset(document_text: str, target: Target, cut: int) -> int:
    """Where in the document's text the recommendation's cleaned text is cut: the first
    words after the cut, found in the span however lines and hyphens broke them."""
    words = re.findall(r"\w+", target.text[cut:])[:4]
    if not words:
        raise CurationError("nothing would be left after the split")
    pattern = r"[\W_]*".join(re.escape(word) for word in words)
    span = document_text[target.start:target.end]
    # Cleaning only removes characters, so the cut lies at or after the same position in the span.
    match = re.compile(pattern).search(span, min(cut, len(span)))
    if not match:
        raise CurationError("could not find the split point in the document")
    return target.start + match.start()


def split(data_dir: Path, db_path: Path, target: Target, cut: int, editor: str, note: str = "") -> dict:
    """Split a recommendation the engine merged, at a character of its text, into two reviewed ones."""
    first_text, second_text = target.text[:cut].rstrip(), target.text[cut:].lstrip()
    if not first_text or not second_text:
        raise CurationError("the split point must fall inside the text")
    with data_lock(data_dir):
        change = _Change(data_dir, db_path)
        sources = database.read_sources(change.paths.sources_csv)
        source = next(row for row in sources if row["file"] == target.document)
        document_text = read_document(change.paths.sources / source["file"]).text
        middle = _split_offset(document_text, target, len(target.text) - len(second_text))
        reviewed = database.read_reviewed_tags(change.paths.reviewed_tags)
        replaces = _engine_spans(target, reviewed)
        reviewed.pop((target.document, target.start, target.end), None)
        tagging = Tagging(tuple(target.current["audiences"]), target.current["approach"], tuple(target.current["themes"]))
        parts = []
        for start, end, text in ((target.start, _trimmed_end(document_text, target.start, middle), first_text), (middle, target.end, second_text)):
            part = Target(f"{source['id']}:{start}-{end}", target.document, start, end, text, target.heading, target.current)
            reviewed[(target.document, start, end)] = _review_row(
                part, tagging, editor, note, "accepted", replaces=replaces, text=text, origin="split", heading=target.heading
            )
            parts.append(part)
        change.write(change.paths.reviewed_tags, _reviewed_bytes(reviewed))
        change.append_audit([
            _audit(editor, target, "split", "span", [target.start, target.end], [[p.start, p.end] for p in parts], note)
        ])
        return change.commit()


def _trimmed_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over white space, so a span ends on its last character."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _merged_approach(first: str, second: str) -> str:
    """Both parts' approaches together: one side stays that side, two sides are mixed."""
    sides = {first, second} - {"neither"}
    if not sides:
        return "neither"
    return sides.pop() if len(sides) == 1 else "mixed"


def merge(data_dir: Path, db_path: Path, first: Target, second: Target, editor: str, note: str = "") -> dict:
    """Merge two recommendations of one document that the engine split, into one reviewed one."""
    if first.document != second.document:
        raise CurationError("only recommendations of the same document can be merged")
    if second.start < first.start:
        first, second = second, first
    with data_lock(data_dir):
        change = _Change(data_dir, db_path)
        reviewed = database.read_reviewed_tags(change.paths.reviewed_tags)
        replaces = _engine_spans(first, reviewed) + _engine_spans(second, reviewed)
        for target in (first, second):
            reviewed.pop((target.document, target.start, target.end), None)
        document_id = first.recommendation_id.split(":")[0]
        merged = Target(f"{document_id}:{first.start}-{second.end}", first.document, first.start, second.end,
                        f"{first.text} {second.text}", first.heading, first.current)
        tagging = Tagging(
            tuple(dict.fromkeys([*first.current["audiences"], *second.current["audiences"]])),
            _merged_approach(first.current["approach"], second.current["approach"]),
            tuple(dict.fromkeys([*first.current["themes"], *second.current["themes"]])),
        )
        reviewed[(merged.document, merged.start, merged.end)] = _review_row(
            merged, tagging, editor, note, "accepted", replaces=replaces, text=merged.text, origin="merge", heading=first.heading
        )
        change.write(change.paths.reviewed_tags, _reviewed_bytes(reviewed))
        change.append_audit([
            _audit(editor, merged, "merge", "span", [[first.start, first.end], [second.start, second.end]], [merged.start, merged.end], note)
        ])
        return change.commit()


# Adding documents ----------------------------------------------------------------------


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def known_hashes(paths: database.DataPaths) -> dict[str, str]:
    """Content hash -> document id of every document already present."""
    hashes = {}
    for row in database.read_sources(paths.sources_csv):
        path = paths.sources / row["file"]
        if path.exists():
            hashes[content_hash(path.read_bytes())] = row["id"]
    return hashes


def preview(name: str, data: bytes) -> Extraction:
    """Read an upload and find its recommendations, without saving anything."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise CurationError(f"{name}: file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    try:
        return extract_text(read_document(name, data))
    except DocumentError as error:
        raise CurationError(str(error)) from None


def stored_texts(db_path: Path) -> list[tuple[str, str, str]]:
    """(id, what names it, text as read) of every stored document, from the database."""
    if not Path(db_path).exists():
        return []
    connection = database.connect_read_only(Path(db_path))
    try:
        rows = database.fetch(connection, "document_texts", {})
    finally:
        connection.close()
    return [(row["id"], row["title"] or row["file"], row["text"]) for row in rows]


def same_as_stored(text: str, stored: list[tuple[str, str, str]]) -> str | None:
    """Why a text is refused as a duplicate of a stored document (naming it), or None."""
    names = {document_id: name for document_id, name, _ in stored}
    found = duplicates.same_text(text, [(document_id, other) for document_id, _, other in stored])
    if not found:
        return None
    document_id, share = found
    return f"the same text as the stored document {names[document_id]} ({document_id}): {share:.0%} of its word shingles"


def _next_id(sources: list[dict], digest: str) -> str:
    numbers = [int(row["id"][:3]) for row in sources if re.match(r"\d{3}_", row["id"])]
    return f"{max(numbers, default=-1) + 1:03d}_{digest[:16]}"


def _csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=database.SOURCE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


REQUIRED_METADATA = ("title", "author", "year", "institution")


def metadata_from_file(name: str, data: bytes) -> Metadata:
    """The metadata a file states of itself (its PDF or DOCX metadata, its title page), as
    tracker.engine.metadata finds it; empty where it states nothing or cannot be read."""
    try:
        suggestion = suggest_metadata(name, data, read_document(name, data).text)
    except DocumentError:
        return Metadata()
    return Metadata(title=suggestion.title, author=suggestion.author, institution=suggestion.institution,
                    city=suggestion.city, year=suggestion.year)


def _validate_metadata(metadata: Metadata) -> None:
    try:
        database.check_metadata(metadata.__dict__)
    except ValueError as error:
        raise CurationError(str(error)) from None
    for name, value in metadata.__dict__.items():
        if "\n" in value or len(value) > 500:
            raise CurationError(f"{name} must be one line of at most 500 characters")


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    metadata: Metadata = Metadata()
    # Reviewed tags chosen in the preview, by (start, end) of the engine's recommendation;
    # None for a recommendation left out as not one.
    tags: tuple[tuple[tuple[int, int], Tagging | None], ...] = ()


def add_documents(data_dir: Path, db_path: Path, uploads: list[Upload], editor: str) -> tuple[list[str], list[str], list[str]]:
    """Add documents; returns (added ids, skipped duplicates, refused with reason).

    Bad files are refused one by one and the rest go on; what is added is added together,
    with one rebuild, or not at all.
    """
    added, skipped, refused = [], [], []
    with data_lock(data_dir):
        change = _Change(data_dir, db_path)
        sources = database.read_sources(change.paths.sources_csv)
        hashes = known_hashes(change.paths)
        reviewed = database.read_reviewed_tags(change.paths.reviewed_tags)
        stored = stored_texts(db_path)
        audit = []
        for upload in uploads:
            digest = content_hash(upload.data)
            if digest in hashes:
                skipped.append(f"{upload.name}: already present as {hashes[digest]}")
                continue
            suffix = Path(upload.name).suffix.lower()
            try:
                if suffix not in SUPPORTED_SUFFIXES:
                    raise CurationError(f"{upload.name}: unsupported file type '{suffix or '(none)'}'; use .txt, .md, .pdf or .docx")
                _validate_metadata(upload.metadata)
                extraction = preview(upload.name, upload.data)
                duplicate = same_as_stored(extraction.text, stored)
                if duplicate:
                    raise CurationError(f"{upload.name}: {duplicate}")
                missing = [field for field in REQUIRED_METADATA if not getattr(upload.metadata, field).strip()]
                if missing:
                    raise CurationError(f"{upload.name}: metadata missing: {', '.join(missing)} "
                                        f"(title, author, year and institution are required)")
                for _, tagging in upload.tags:
                    if tagging is not None:
                        validate_tagging(tagging)
            except CurationError as error:
                refused.append(str(error))
                continue
            document_id = _next_id(sources, digest)
            stored.append((document_id, upload.metadata.title or upload.name, extraction.text))
            file_name = document_id + suffix
            change.write(change.paths.sources / file_name, upload.data)
            sources.append({"id": document_id, "file": file_name, **upload.metadata.__dict__})
            hashes[digest] = document_id
            chosen = dict(upload.tags)
            for item in extraction.recommendations:
                if (item.start, item.end) not in chosen:
                    continue
                tagging = chosen[(item.start, item.end)]
                target = Target(f"{document_id}:{item.start}-{item.end}", file_name, item.start, item.end, item.text, item.heading,
                                {"audiences": item.audiences, "approach": item.approach, "themes": item.themes, "status": "engine"})
                if tagging is None:
                    engine_tags = Tagging(tuple(item.audiences), item.approach, tuple(item.themes))
                    reviewed[(file_name, item.start, item.end)] = _review_row(target, engine_tags, editor, "left out on upload", "rejected")
                    audit.append(_audit(editor, target, "reject", "status", "engine", "rejected", "left out on upload"))
                    continue
                reviewed[(file_name, item.start, item.end)] = _review_row(target, tagging, editor, "tagged on upload", "accepted")
                for field, old, new in (("audiences", item.audiences, list(tagging.audiences)), ("approach", item.approach, tagging.approach),
                                        ("themes", item.themes, list(tagging.themes)), ("summary_en", "", tagging.summary_en)):
                    if (old or None) != (new or None):
                        audit.append(_audit(editor, target, "review", field, old, new, "tagged on upload"))
            audit.append({
                "at": now(), "editor": editor, "recommendation_id": "", "document": file_name, "start": 0, "end": 0,
                "action": "add_document", "field": "document", "old": None, "new": upload.name, "note": "",
            })
            added.append(document_id)
        if not added:
            return added, skipped, refused
        change.write(change.paths.sources_csv, _csv_bytes(sources))
        change.write(change.paths.reviewed_tags, _reviewed_bytes(reviewed))
        change.append_audit(audit)
        change.commit()
    return added, skipped, refused


# Correcting a document's metadata ----------------------------------------------------------


def update_metadata(data_dir: Path, db_path: Path, document_id: str, new: Metadata, editor: str, note: str = "") -> list[str]:
    """Complete or correct a stored document's metadata; returns the fields changed (none:
    nothing is written). Each change is an audit row. What a source does not state may stay
    empty: the required fields are required on add, where the editor checks the file."""
    _validate_metadata(new)
    with data_lock(data_dir):
        change = _Change(data_dir, db_path)
        sources = database.read_sources(change.paths.sources_csv)
        row = next((source for source in sources if source["id"] == document_id), None)
        if row is None:
            raise CurationError(f"no document {document_id}")
        changed = [name for name, value in new.__dict__.items() if (row[name] or "") != value.strip()]
        if not changed:
            return []
        audit = [{
            "at": now(), "editor": editor, "recommendation_id": "", "document": row["file"], "start": 0, "end": 0,
            "action": "edit_metadata", "field": name, "old": row[name] or None, "new": getattr(new, name).strip() or None, "note": note,
        } for name in changed]
        row.update({name: getattr(new, name).strip() for name in changed})
        change.write(change.paths.sources_csv, _csv_bytes(sources))
        change.append_audit(audit)
        change.commit()
    return changed
