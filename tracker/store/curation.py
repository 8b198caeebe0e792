"""Changing the data: adding documents and reviewing recommendations, with an audit trail and no lost update.

The text files under data/ are the record (sources, sources.csv, reviewed_tags.jsonl,
audit.jsonl); the database is made from them. Every change here is made in a
``changes.session`` (the data folder locked, any half-done change finished, the database
current) and saved with ``changes`` (staged, journaled, then applied to the text files
and to the rows of the database it affects), so a crash never half-saves it.

A save names the version of the recommendation its editor saw; if another editor changed
it since, the save is refused with a ``ConflictError`` that says who changed what, and the
editor can apply theirs on top (``on_top``).
"""

import csv
import hashlib
import io
import json
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, NamedTuple

from tracker.store import changes, database, workers
from tracker.store.cache import ExtractionCache, default_cache_dir, engine_version, reader_version
from tracker.store.sketches import SketchIndex, sketch
from tracker.engine import duplicates
from tracker.engine.codebook import APPROACH_IDS, AUDIENCE_IDS, load_codebook
from tracker.engine.extraction import Extraction
from tracker.engine.reading import SUPPORTED_SUFFIXES

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
KEPT_CHARACTERS = 200_000_000  # of added documents' text held in memory until their rows are written
TAG_FIELDS = ("audiences", "approach", "themes", "summary_en")


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
    """A recommendation as an editor saw it, found by its id."""

    recommendation_id: str
    document: str  # file name
    start: int
    end: int
    text: str
    heading: str | None
    current: dict  # audiences, approach, themes, status, summary_en as shown then
    version: str  # see rows.review_version

    @property
    def document_id(self) -> str:
        return self.recommendation_id.split(":")[0]


TARGET_FIELDS = ("audiences", "approach", "themes", "status", "summary_en")


def target_from_row(row: dict) -> Target:
    """A Target from a row of recommendation_target.sql."""
    return Target(row["id"], row["file"], row["start_offset"], row["end_offset"], row["text"], row["heading"],
                  {key: row[key] for key in TARGET_FIELDS}, row["version"])


class ConflictError(CurationError):
    """Another editor changed the recommendation (or document) since this editor saw it.

    ``editor`` and ``at`` say who and when; ``differences`` lists (field, as seen, as now);
    ``current`` is the recommendation (a Target; None if it was split or merged away) or the
    document's metadata (a Metadata) as it is now.
    """

    def __init__(self, message: str, editor: str | None, at: str | None, differences: list[tuple[str, object, object]],
                 current: "Target | Metadata | None") -> None:
        super().__init__(message)
        self.editor, self.at, self.differences, self.current = editor, at, differences, current


def _shown(value) -> str:
    return ", ".join(value) if isinstance(value, list) else "-" if value in (None, "") else str(value)


def _as_now(session: changes.Session, target: Target) -> Target:
    """The recommendation as it is now; a ConflictError if it changed since ``target`` was seen."""
    found = session.query("recommendation_target", id=target.recommendation_id)
    if not found:
        [last] = session.query("latest_structural_change", document=target.document) or [{"editor": None, "changed_at": None}]
        who = f"{last['editor']} on {last['changed_at']}" if last["editor"] else "another editor"
        raise ConflictError(f"Not saved: this recommendation was split or merged by {who} since you opened it; "
                            "choose it again in the queue.", last["editor"], last["changed_at"], [], None)
    row = found[0]
    now = target_from_row(row)
    if now.version == target.version:
        return now
    differences = [(name, target.current.get(name), now.current.get(name)) for name in TARGET_FIELDS
                   if (target.current.get(name) or None) != (now.current.get(name) or None)]
    changed = "; ".join(f"{name}: {_shown(old)} → {_shown(new)}" for name, old, new in differences) or "no visible field"
    who = f"{row['reviewer']} on {row['reviewed_at']}" if row["reviewer"] else "another editor"
    raise ConflictError(f"Not saved: {who} changed this recommendation ({changed}). "
                        "Your change is kept: apply it on top of theirs, or leave it.",
                        row["reviewer"], row["reviewed_at"], differences, now)


def on_top(seen: dict, mine: Tagging, now: dict) -> Tagging:
    """An editor's change re-applied on top of another's: the fields this editor changed
    from what they saw take their value, every other field keeps the other editor's."""
    values = {}
    for name in TAG_FIELDS:
        wanted = getattr(mine, name)
        wanted = list(wanted) if isinstance(wanted, tuple) else wanted
        values[name] = wanted if (wanted or None) != (seen.get(name) or None) else now.get(name)
    return Tagging(tuple(values["audiences"]), values["approach"], tuple(values["themes"]), values["summary_en"] or "")


def metadata_on_top(seen: Metadata, mine: Metadata, now: Metadata) -> Metadata:
    """An editor's metadata change re-applied on top of another's, field by field as on_top does."""
    return Metadata(**{name: getattr(mine, name) if getattr(mine, name) != getattr(seen, name) else getattr(now, name)
                       for name in Metadata.__dataclass_fields__})


def _audit(editor: str, target: Target, action: str, field: str, old, new, note: str, at: str) -> dict:
    return {
        "at": at, "editor": editor, "recommendation_id": target.recommendation_id,
        "document": target.document, "start": target.start, "end": target.end,
        "action": action, "field": field, "old": old, "new": new, "note": note,
    }


def _review_row(target: Target, tagging: Tagging, editor: str, note: str, status: str, at: str, **extra) -> dict:
    return {
        "document": target.document, "start": target.start, "end": target.end,
        "quote": target.text[:60], "status": status,
        "audiences": list(tagging.audiences), "approach": tagging.approach, "themes": list(tagging.themes),
        "summary_en": tagging.summary_en, "reviewer": editor, "reviewed_at": at, "note": note, **extra,
    }


def _reviewed_of(session: changes.Session, document: str) -> dict[tuple[int, int], dict]:
    """A document's latest reviewed tags, from the database's copy of reviewed_tags.jsonl."""
    rows = [json.loads(row["record"]) for row in session.query("document_reviewed_tags", document=document)]
    return {(int(row["start"]), int(row["end"])): row for row in rows}


def _document_change(target_document_id: str, file: str, reviewed: dict, source: dict | None = None,
                     content_hash: str | None = None) -> dict:
    return {"id": target_document_id, "file": file, "source": source, "content_hash": content_hash,
            "reviewed": sorted(reviewed.values(), key=lambda row: (int(row["start"]), int(row["end"])))}


def _set_review(data_dir: Path, db_path: Path, target: Target, tagging: Tagging, editor: str, note: str,
                status: str, audit: Callable[[Target, str], list[dict]]) -> dict:
    """Record a reviewer's verdict on one recommendation, keeping what a split or merge made of it."""
    with changes.session(data_dir, db_path) as session:
        now_target = _as_now(session, target)
        at = now()
        reviewed = _reviewed_of(session, target.document)
        key = (target.start, target.end)
        previous = reviewed.get(key, {})
        extra = {name: previous[name] for name in ("replaces", "text", "origin", "heading") if name in previous}
        reviewed[key] = _review_row(target, tagging, editor, note, status, at, **extra)
        change = session.new_change()
        change.append("reviewed_tags.jsonl", [reviewed[key]])
        change.append("audit.jsonl", audit(now_target, at))
        change.documents.append(_document_change(target.document_id, target.document, reviewed))
        return session.commit(change)


def review(data_dir: Path, db_path: Path, target: Target, tagging: Tagging, editor: str, note: str = "") -> dict:
    """Set a recommendation's tags (and summary) and mark it reviewed."""
    validate_tagging(tagging)

    def audit(current: Target, at: str) -> list[dict]:
        rows = []
        for field_name, new in (("audiences", list(tagging.audiences)), ("approach", tagging.approach),
                                ("themes", list(tagging.themes)), ("summary_en", tagging.summary_en)):
            old = current.current.get(field_name)
            if (old or None) != (new or None):
                rows.append(_audit(editor, current, "review", field_name, old, new, note, at))
        if current.current.get("status") != "accepted":
            rows.append(_audit(editor, current, "review", "status", current.current.get("status"), "accepted", note, at))
        return rows

    return _set_review(data_dir, db_path, target, tagging, editor, note, "accepted", audit)


def reject(data_dir: Path, db_path: Path, target: Target, editor: str, note: str = "") -> dict:
    """Mark a passage as not a recommendation; it leaves every count but stays on record."""
    current = Tagging(tuple(target.current["audiences"]), target.current["approach"], tuple(target.current["themes"]),
                      target.current.get("summary_en") or "")
    return _set_review(data_dir, db_path, target, current, editor, note, "rejected", lambda now_target, at: [
        _audit(editor, now_target, "reject", "status", now_target.current.get("status"), "rejected", note, at)])


def _engine_spans(target: Target, reviewed: dict) -> list[list[int]]:
    """The engine's spans a recommendation stands for: its own, or those a split or merge replaced."""
    row = reviewed.get((target.start, target.end))
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


def _restructure(session: changes.Session, document: str, document_id: str, reviewed: dict, audit: list[dict]) -> dict:
    """Save a split or merge: reviewed_tags.jsonl is rewritten with the document's rows replaced."""
    everything = {key: row for key, row in database.read_reviewed_tags(session.paths.reviewed_tags).items() if key[0] != document}
    everything.update({(document, start, end): row for (start, end), row in reviewed.items()})
    change = session.new_change()
    change.replace_file("reviewed_tags.jsonl", _reviewed_bytes(everything), session.paths.root)
    change.append("audit.jsonl", audit)
    change.documents.append(_document_change(document_id, document, reviewed))
    return session.commit(change)


def split(data_dir: Path, db_path: Path, target: Target, cut: int, editor: str, note: str = "") -> dict:
    """Split a recommendation the engine merged, at a character of its text, into two reviewed ones."""
    first_text, second_text = target.text[:cut].rstrip(), target.text[cut:].lstrip()
    if not first_text or not second_text:
        raise CurationError("the split point must fall inside the text")
    with changes.session(data_dir, db_path) as session:
        current = _as_now(session, target)
        at = now()
        [document] = session.query("document_text", document_id=target.document_id)
        middle = _split_offset(document["text"], target, len(target.text) - len(second_text))
        reviewed = _reviewed_of(session, target.document)
        replaces = _engine_spans(target, reviewed)
        reviewed.pop((target.start, target.end), None)
        tagging = Tagging(tuple(current.current["audiences"]), current.current["approach"], tuple(current.current["themes"]))
        parts = []
        for start, end, text in ((target.start, _trimmed_end(document["text"], target.start, middle), first_text),
                                 (middle, target.end, second_text)):
            part = Target(f"{target.document_id}:{start}-{end}", target.document, start, end, text, target.heading,
                          current.current, current.version)
            reviewed[(start, end)] = _review_row(part, tagging, editor, note, "accepted", at, replaces=replaces, text=text,
                                                 origin="split", heading=target.heading)
            parts.append(part)
        audit = [_audit(editor, target, "split", "span", [target.start, target.end], [[p.start, p.end] for p in parts], note, at)]
        return _restructure(session, target.document, target.document_id, reviewed, audit)


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
    with changes.session(data_dir, db_path) as session:
        first, second = _as_now(session, first), _as_now(session, second)
        at = now()
        reviewed = _reviewed_of(session, first.document)
        replaces = _engine_spans(first, reviewed) + _engine_spans(second, reviewed)
        for target in (first, second):
            reviewed.pop((target.start, target.end), None)
        merged = Target(f"{first.document_id}:{first.start}-{second.end}", first.document, first.start, second.end,
                        f"{first.text} {second.text}", first.heading, first.current, first.version)
        tagging = Tagging(
            tuple(dict.fromkeys([*first.current["audiences"], *second.current["audiences"]])),
            _merged_approach(first.current["approach"], second.current["approach"]),
            tuple(dict.fromkeys([*first.current["themes"], *second.current["themes"]])),
        )
        reviewed[(merged.start, merged.end)] = _review_row(
            merged, tagging, editor, note, "accepted", at, replaces=replaces, text=merged.text, origin="merge", heading=first.heading
        )
        audit = [_audit(editor, merged, "merge", "span", [[first.start, first.end], [second.start, second.end]],
                        [merged.start, merged.end], note, at)]
        return _restructure(session, first.document, first.document_id, reviewed, audit)


# Document metadata ---------------------------------------------------------------------


def _csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=database.SOURCE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _validate_metadata(metadata: Metadata) -> None:
    try:
        database.check_metadata(metadata.__dict__)
    except ValueError as error:
        raise CurationError(str(error)) from None
    for name, value in metadata.__dict__.items():
        if len(value) > 500 or any(ord(character) < 32 for character in value):
            raise CurationError(f"{name} must be one line of at most 500 characters")


def metadata_of(row: dict) -> Metadata:
    """A document's metadata from its row of sources.csv or of the documents table, written
    one way (trimmed; platforms separated by "; "), so two readings of the same metadata are equal."""
    values = {name: "" if row[name] is None else str(row[name]).strip() if name != "platforms" else row[name]
              for name in Metadata.__dataclass_fields__}
    platforms = values["platforms"]
    values["platforms"] = "; ".join(platforms if isinstance(platforms, list) else database.split_list(platforms))
    return Metadata(**values)


def update_metadata(data_dir: Path, db_path: Path, document_id: str, new: Metadata, editor: str, note: str = "",
                    seen: Metadata | None = None) -> list[str]:
    """Complete or correct a stored document's metadata; returns the fields changed (none:
    nothing is written), each recorded in the audit trail. ``seen`` is the metadata as the
    editor saw it: if another editor changed it since, a ConflictError says who and what."""
    _validate_metadata(new)
    with changes.session(data_dir, db_path) as session:
        sources = database.read_sources(session.paths.sources_csv)
        row = next((source for source in sources if source["id"] == document_id), None)
        if row is None:
            raise CurationError(f"no document {document_id}")
        now_metadata, new = metadata_of(row), metadata_of(new.__dict__)
        seen = now_metadata if seen is None else metadata_of(seen.__dict__)
        if now_metadata != seen:
            [last] = session.query("latest_document_change", document=row["file"]) or [{"editor": None, "changed_at": None}]
            differences = [(name, getattr(seen, name), getattr(now_metadata, name)) for name in Metadata.__dataclass_fields__
                           if getattr(seen, name) != getattr(now_metadata, name)]
            who = f"{last['editor']} on {last['changed_at']}" if last["editor"] else "another editor"
            changed = "; ".join(f"{name}: {old or '-'} → {new or '-'}" for name, old, new in differences)
            raise ConflictError(f"Not saved: {who} changed this document's details ({changed}). "
                                "Your change is kept: apply it on top of theirs, or leave it.",
                                last["editor"], last["changed_at"], differences, now_metadata)
        changed = [name for name in Metadata.__dataclass_fields__ if getattr(new, name) != getattr(now_metadata, name)]
        if not changed:
            return []
        at = now()
        audit = [{"at": at, "editor": editor, "recommendation_id": "", "document": row["file"], "start": 0, "end": 0,
                  "action": "edit_metadata", "field": name, "old": getattr(now_metadata, name) or None,
                  "new": getattr(new, name) or None, "note": note} for name in changed]
        row.update({name: getattr(new, name) for name in changed})
        change = session.new_change()
        change.replace_file("sources.csv", _csv_bytes(sources), session.paths.root)
        change.append("audit.jsonl", audit)
        change.documents.append(_document_change(document_id, row["file"], _reviewed_of(session, row["file"]), source=row))
        session.commit(change)
    return changed


# Adding documents ----------------------------------------------------------------------


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def preview(name: str, data: bytes, data_dir: Path | None = None, budget: workers.Budget | None = None) -> Extraction:
    """Read an upload and find its recommendations, without saving anything: in a worker
    process, within the time and memory a document may use. What it finds is cached, so
    saving the upload does not extract it again."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise CurationError(f"{name}: file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    cache_root = default_cache_dir(Path(data_dir or database.default_data_dir()))
    digest = content_hash(data)
    cache = ExtractionCache(cache_root, engine_version(), reader_version())
    entry = cache.text(digest)
    extraction = cache.extraction(digest, name, entry["format"], entry["text"]) if entry else None
    if extraction is not None:
        return extraction
    [outcome] = workers.run([workers.Job(name, data=data, max_bytes=MAX_UPLOAD_BYTES, cache_root=str(cache_root))],
                            budget or workers.Budget.from_environment(workers=1))
    if outcome.refusal:
        raise CurationError(outcome.refusal)
    return outcome.extraction


REQUIRED_METADATA = ("title", "author", "year", "institution")


def metadata_from_file(name: str, data: bytes, data_dir: Path | None = None) -> Metadata:
    """The metadata a file states of itself (its PDF or DOCX metadata, its title page, as
    tracker.engine.metadata finds them), kept with its text when it was read; empty where it
    states nothing or cannot be read."""
    cache_root = default_cache_dir(Path(data_dir or database.default_data_dir()))
    entry = ExtractionCache(cache_root, engine_version(), reader_version()).text(content_hash(data))
    if entry is None:
        try:
            preview(name, data, data_dir)
        except CurationError:
            return Metadata()
        entry = ExtractionCache(cache_root, engine_version(), reader_version()).text(content_hash(data)) or {"stated": {}}
    return Metadata(**entry["stated"])


def _same_text(text: str, candidates: list[tuple[str, str, str]]) -> str | None:
    """Why a text is refused as a duplicate of one of the candidates (id, name, text), naming it; or None."""
    found = duplicates.same_text(text, [(document_id, other) for document_id, _, other in candidates])
    if not found:
        return None
    document_id, share = found
    name = next(name for candidate_id, name, _ in candidates if candidate_id == document_id)
    return f"the same text as the stored document {name} ({document_id}): {share:.0%} of its word shingles"


def _sketch_index(rows: list[dict]) -> SketchIndex:
    return SketchIndex([(row["id"], list(row["shingle_sketch"])) for row in rows])


def duplicate_of(db_path: Path, text: str) -> str | None:
    """If a stored document holds the same text (see tracker.engine.duplicates), why an upload
    is refused, naming that document; else None. Only stored documents whose sketch is close
    are read (sketches)."""
    if not Path(db_path).exists():
        return None
    connection = database.connect_read_only(Path(db_path))
    try:
        index = _sketch_index(database.fetch(connection, "document_sketches", {}))
        candidates = index.candidates(sketch(text))
        rows = database.fetch(connection, "documents_text_by_id", {"ids": candidates}) if candidates else []
    finally:
        connection.close()
    return _same_text(text, [(row["id"], row["name"], row["text"]) for row in rows]) if rows else None


def _next_number(sources: list[dict]) -> int:
    """The number the next document's id starts with: one more than the highest yet."""
    return max((int(row["id"].split("_")[0]) for row in sources if re.match(r"\d+_", row["id"])), default=-1) + 1


@dataclass(frozen=True)
class Upload:
    """A document to add: ``data`` (an upload's bytes) or a file at ``path``."""

    name: str
    data: bytes | None = None
    metadata: Metadata | None = None  # None: what the file states of itself (title page, file metadata)
    # Reviewed tags chosen in the preview, by (start, end) of the engine's recommendation;
    # None for a recommendation left out as not one.
    tags: tuple[tuple[tuple[int, int], Tagging | None], ...] = ()
    path: str | None = None


class Added(NamedTuple):
    """What add_documents did: ids added, duplicates skipped, files refused (one line each)."""

    added: list[str]
    skipped: list[str]
    refused: list[str]


def _upload_tags(document_id: str, file_name: str, extraction: Extraction, upload: Upload, editor: str, at: str) -> tuple[list, list]:
    """The reviewed rows and audit rows for the tags an editor chose in an upload's preview."""
    reviewed, audit = [], []
    chosen = dict(upload.tags)
    for item in extraction.recommendations:
        if (item.start, item.end) not in chosen:
            continue
        tagging = chosen[(item.start, item.end)]
        target = Target(f"{document_id}:{item.start}-{item.end}", file_name, item.start, item.end, item.text, item.heading,
                        {"audiences": item.audiences, "approach": item.approach, "themes": item.themes, "status": "engine"}, "engine")
        if tagging is None:
            engine_tags = Tagging(tuple(item.audiences), item.approach, tuple(item.themes))
            reviewed.append(_review_row(target, engine_tags, editor, "left out on upload", "rejected", at))
            audit.append(_audit(editor, target, "reject", "status", "engine", "rejected", "left out on upload", at))
            continue
        reviewed.append(_review_row(target, tagging, editor, "tagged on upload", "accepted", at))
        for name, old, new in (("audiences", item.audiences, list(tagging.audiences)), ("approach", item.approach, tagging.approach),
                               ("themes", item.themes, list(tagging.themes)), ("summary_en", "", tagging.summary_en)):
            if (old or None) != (new or None):
                audit.append(_audit(editor, target, "review", name, old, new, "tagged on upload", at))
    return reviewed, audit


def add_documents(data_dir: Path, db_path: Path, uploads: list[Upload], editor: str,
                  budget: workers.Budget | None = None, progress: Callable[[int, int, str], None] | None = None) -> Added:
    """Add documents: each is read and extracted in a worker (in parallel, each within its
    time and memory budget); a bad file is refused with one line and the rest go on; a file
    already present (same content) is skipped. What is added is saved together, or not at all."""
    result = Added([], [], [])
    budget = budget or workers.Budget.from_environment()
    workers.prestart(budget, len(uploads))
    with changes.session(data_dir, db_path, budget=budget) as session:
        change = session.new_change()
        change.staging.mkdir(parents=True, exist_ok=True)
        sources = database.read_sources(session.paths.sources_csv)
        known = {row["content_hash"]: row["id"] for row in session.query("document_hashes")}
        index = _sketch_index(session.query("document_sketches"))
        added: dict[str, tuple[str, str]] = {}  # this batch's documents, by id: (name, content hash)
        cache = ExtractionCache(Path(default_cache_dir(session.paths.root)), engine_version(), reader_version())
        cache_root = str(default_cache_dir(session.paths.root))
        accepted = []
        for number, upload in enumerate(uploads):
            suffix = Path(upload.name).suffix.lower()
            try:
                if suffix not in SUPPORTED_SUFFIXES:
                    raise CurationError(f"{upload.name}: unsupported file type '{suffix or '(none)'}'; use .txt, .md, .pdf or .docx")
                if upload.metadata is not None:
                    _validate_metadata(upload.metadata)
                for _, tagging in upload.tags:
                    if tagging is not None:
                        validate_tagging(tagging)
            except CurationError as error:
                result.refused.append(str(error))
                continue
            accepted.append((upload, workers.Job(upload.name, path=upload.path, data=upload.data, max_bytes=MAX_UPLOAD_BYTES,
                                                 stage_to=str(change.staging / f"{number}{suffix}"), cache_root=cache_root)))
        at = now()
        reviewed_rows, audit = [], []
        next_number = _next_number(sources)
        kept_characters = 0
        outcomes = workers.run((job for _, job in accepted), budget)
        for done, (outcome, (upload, job)) in enumerate(zip(outcomes, accepted), 1):
            if progress:
                progress(done, len(accepted), upload.name)
            if outcome.refusal:
                result.refused.append(outcome.refusal)
                continue
            digest = outcome.content_hash
            if digest in known:
                result.skipped.append(f"{upload.name}: already present as {known[digest]}")
                continue
            metadata = upload.metadata if upload.metadata is not None else Metadata(**outcome.stated)
            try:
                candidates = index.candidates(outcome.sketch)
                stored = [candidate for candidate in candidates if candidate not in added]
                texts = [(row["id"], row["name"], row["text"]) for row in session.query("documents_text_by_id", ids=stored)] if stored else []
                texts += [(candidate, added[candidate][0], cache.text(added[candidate][1])["text"])
                          for candidate in candidates if candidate in added]
                duplicate = _same_text(outcome.extraction.text, texts) if texts else None
                if duplicate:
                    raise CurationError(f"{upload.name}: {duplicate}")
                _validate_metadata(metadata)
                missing = [name for name in REQUIRED_METADATA if not getattr(metadata, name).strip()]
                if missing:
                    raise CurationError(f"{upload.name}: metadata missing: {', '.join(missing)} "
                                        "(title, author, year and institution are required)")
            except CurationError as error:
                result.refused.append(str(error))
                continue
            suffix = Path(upload.name).suffix.lower()
            document_id = f"{next_number:03d}_{digest[:16]}"
            next_number += 1
            file_name = document_id + suffix
            change.add_source_file(Path(job.stage_to).name, file_name)
            source = {"id": document_id, "file": file_name, **{name: value.strip() for name, value in metadata.__dict__.items()}}
            sources.append(source)
            known[digest] = document_id
            index.add(document_id, outcome.sketch)
            added[document_id] = (metadata.title or upload.name, digest)
            rows, upload_audit = _upload_tags(document_id, file_name, outcome.extraction, upload, editor, at)
            reviewed_rows.extend(rows)
            audit.extend(upload_audit)
            audit.append({"at": at, "editor": editor, "recommendation_id": "", "document": file_name, "start": 0, "end": 0,
                          "action": "add_document", "field": "document", "old": None, "new": upload.name, "note": ""})
            change.documents.append(_document_change(document_id, file_name, {(row["start"], row["end"]): row for row in rows},
                                                     source=source, content_hash=digest))
            if kept_characters < KEPT_CHARACTERS:  # beyond that, the database step reads them from the cache
                change.extractions[digest] = (outcome.extraction, outcome.sketch)
                kept_characters += len(outcome.extraction.text)
            result.added.append(document_id)
        if not result.added:
            shutil.rmtree(change.staging, ignore_errors=True)
            return result
        change.replace_file("sources.csv", _csv_bytes(sources), session.paths.root)
        if reviewed_rows:
            change.append("reviewed_tags.jsonl", reviewed_rows)
        change.append("audit.jsonl", audit)
        session.commit(change)
    return result
