"""The DuckDB store: built from data/sources/, data/sources.csv, the codebook and the reviewed tags.

A build writes a new database file beside the old one and then replaces it, so a failed or
interrupted build leaves the previous database working.
"""

import csv
import io
from concurrent.futures import ThreadPoolExecutor
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from tracker.store import queries
from tracker.engine.codebook import AUDIENCE_IDS, load_codebook
from tracker.engine.extraction import extract_text
from tracker.engine.reading import PAGE_BREAK, read_document

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SOURCE_COLUMNS = (
    "id", "file", "title", "author", "institution", "city", "year", "platforms",
    "discipline", "method", "language", "part", "url",
)
SCHEMA = ("documents", "sections", "recommendations", "evidence", "audit", "labels", "platforms", "build_info")
MAX_PLATFORMS = 63
MEMORY_LIMIT = "1GB"


class StoreError(ValueError):
    """The data the store is built from is malformed; the message says where."""


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def sources_csv(self) -> Path:
        return self.root / "sources.csv"

    @property
    def reviewed_tags(self) -> Path:
        return self.root / "reviewed_tags.jsonl"

    @property
    def audit(self) -> Path:
        return self.root / "audit.jsonl"


def default_data_dir() -> Path:
    """The data folder: $TRACKER_DATA, or data/ in the repository."""
    return Path(os.environ.get("TRACKER_DATA") or DATA_DIR)


def default_db_path() -> Path:
    return Path(os.environ.get("TRACKER_DB") or default_data_dir() / "tracker.duckdb")


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database file as it is now.

    duckdb.connect(path) would hand back a database this process already has open, which
    after a rebuild is the replaced file; attaching to a fresh in-memory connection does not.
    """
    connection = duckdb.connect()
    queries.run(connection, "set_memory_limit", limit=MEMORY_LIMIT)
    queries.run(connection, "attach_read_only", path=str(path))
    queries.run(connection, "use_attached")
    return connection


def cursor(connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor (for one thread) on a connection from connect_read_only."""
    new_cursor = connection.cursor()
    queries.run(new_cursor, "use_attached")
    return new_cursor


def fetch(connection: duckdb.DuckDBPyConnection, name: str, params: dict) -> list[dict]:
    """Rows of a named query as dictionaries, run on a new cursor (one per thread)."""
    result = queries.run(cursor(connection), name, **params)
    columns = [column[0] for column in result.description]
    return [dict(zip(columns, row)) for row in result.fetchall()]


def fetch_together(connection: duckdb.DuckDBPyConnection, jobs: tuple[tuple[str, dict], ...]) -> list[list[dict]]:
    """Several named queries at once. DuckDB lets go of the GIL while it works, so
    independent queries overlap on the machine's cores."""
    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        return list(pool.map(lambda job: fetch(connection, *job), jobs))


def split_list(value: str) -> list[str]:
    """A metadata cell holding several values, separated by semicolons or commas."""
    return [part.strip() for part in re.split(r"[;,]", value or "") if part.strip()]


YEARS = (1900, 2100)
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
# Start and end offsets are stored as 32-bit integers.
MAX_OFFSET = 2**31 - 1


def read_data_text(path: Path) -> str:
    """A data file's text (UTF-8, a BOM allowed); refused with the line of a byte that is not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise StoreError(f"{path}: line {line} is not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
                         "save the file as UTF-8") from None


def parse_year(value: str) -> int | None:
    """A year as four ASCII digits within YEARS; None for an empty value. ValueError otherwise."""
    value = value.strip()
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{4}", value) or not YEARS[0] <= int(value) <= YEARS[1]:
        raise ValueError(f"year {value!r} is not a year: write four digits from {YEARS[0]} to {YEARS[1]}")
    return int(value)


def check_metadata(row: dict[str, str]) -> None:
    """A document's metadata, as sources.csv and the add form take it; ValueError says what is wrong."""
    parse_year(row.get("year") or "")
    url = (row.get("url") or "").strip()
    if url and not re.match(r"https?://[^\s]+$", url):
        raise ValueError(f"url {url[:60]!r} is not a web address starting with http:// or https://")


def read_sources(path: Path) -> list[dict]:
    """The rows of sources.csv, each checked: every column, a unique plain id, a document
    file inside the sources folder (data/sources/ beside the CSV), a year, a web address."""
    sources_dir = path.parent / "sources"
    reader = csv.DictReader(io.StringIO(read_data_text(path), newline=""))
    rows = []
    try:
        if tuple(reader.fieldnames or ()) != SOURCE_COLUMNS:
            raise StoreError(f"{path}: line 1: the columns must be {', '.join(SOURCE_COLUMNS)}")
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as error:
        # DictReader updates its own line_num only after a good row; its reader's is current.
        raise StoreError(f"{path}: line {reader.reader.line_num}: not readable as CSV ({error})") from None
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for number, row in rows:
        fields = len(SOURCE_COLUMNS) + len(row.get(None, [])) - sum(1 for value in row.values() if value is None)
        if fields != len(SOURCE_COLUMNS):
            raise StoreError(f"{path}: line {number}: {fields} fields; expected {len(SOURCE_COLUMNS)}")
        if not row["id"] or not row["file"]:
            raise StoreError(f"{path}: line {number}: no id or no file")
        if not ID_PATTERN.fullmatch(row["id"]):
            raise StoreError(f"{path}: line {number}: id {row['id'][:60]!r} must be letters, digits, '_', '.' or '-' "
                             "(at most 100)")
        if row["id"] in seen_ids:
            raise StoreError(f"{path}: line {number}: repeats id {row['id']} (line {seen_ids[row['id']]})")
        if row["file"] in seen_files:
            raise StoreError(f"{path}: line {number}: repeats file {row['file']} (line {seen_files[row['file']]})")
        seen_ids[row["id"]], seen_files[row["file"]] = number, number
        if not inside(sources_dir, row["file"]):
            raise StoreError(f"{path}: line {number}: file {row['file'][:100]!r} is not inside {sources_dir}")
        try:
            check_metadata(row)
        except ValueError as error:
            raise StoreError(f"{path}: line {number}: {error}") from None
    return [row for _, row in rows]


def inside(folder: Path, name: str) -> bool:
    """Whether ``name``, taken relative to ``folder``, is a path inside it once links are followed."""
    if not name or Path(name).is_absolute() or "\x00" in name:
        return False
    base = folder.resolve()
    return (base / name).resolve().is_relative_to(base) and (base / name).resolve() != base


def _json_lines(path: Path):
    """(line number, JSON object) for every non-blank line of a JSON Lines file."""
    for number, line in enumerate(read_data_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as error:
            reason = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
            raise StoreError(f"{path}: line {number}: not JSON ({reason})") from None
        if not isinstance(row, dict):
            raise StoreError(f"{path}: line {number}: not a JSON object")
        yield number, row


def _is_offset(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_OFFSET


def _problem(row: dict, key: str, kind: str, optional: bool = False) -> str | None:
    """What is wrong with ``row[key]`` for a value of ``kind`` (text, offset, list), or None."""
    if key not in row:
        return None if optional else f"no {key!r}"
    value = row[key]
    if value is None and optional:
        return None
    if kind == "text" and not isinstance(value, str):
        return f"{key} must be text, not {json.dumps(value)[:40]}"
    if kind == "offset" and not _is_offset(value):
        return f"{key} must be a whole number from 0 to {MAX_OFFSET}, not {json.dumps(value)[:40]}"
    if kind == "list" and not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
        return f"{key} must be a list of ids, not {json.dumps(value)[:40]}"
    return None


def _review_problem(row: dict, known: dict[str, set[str]]) -> str | None:
    """What is wrong with one reviewed-tag record, or None."""
    checks = [("document", "text", False), ("start", "offset", False), ("end", "offset", False),
              ("audiences", "list", False), ("approach", "text", False), ("themes", "list", False),
              ("reviewer", "text", False), ("reviewed_at", "text", False), ("status", "text", True),
              ("summary_en", "text", True), ("note", "text", True), ("heading", "text", True),
              ("text", "text", True), ("origin", "text", True)]
    for key, kind, optional in checks:
        problem = _problem(row, key, kind, optional)
        if problem:
            return problem
    if row["end"] <= row["start"]:
        return f"end ({row['end']}) must come after start ({row['start']})"
    for key, kind in (("audiences", "audiences"), ("themes", "themes")):
        unknown = [value for value in row[key] if value not in known[kind]]
        if unknown:
            return f"{kind[:-1]} {unknown[0]!r} is not in the codebook"
    if row["approach"] not in known["approaches"]:
        return f"approach {row['approach']!r} is not in the codebook"
    if row.get("status", "accepted") not in ("accepted", "rejected"):
        return f"status {row['status']!r} must be accepted or rejected"
    replaces = row.get("replaces")
    if replaces:
        if not isinstance(replaces, list) or not all(
            isinstance(span, list) and len(span) == 2 and all(map(_is_offset, span)) for span in replaces
        ):
            return "replaces must be a list of [start, end] pairs"
        if not isinstance(row.get("text"), str):
            return "a split or merge needs its text"
    return None


def read_reviewed_tags(path: Path) -> dict[tuple[str, int, int], dict]:
    """The latest reviewed tags per recommendation, keyed by (document file, start, end);
    every record checked (its keys, their types, labels the codebook knows)."""
    reviewed: dict[tuple[str, int, int], dict] = {}
    if not path.exists():
        return reviewed
    codebook = load_codebook()
    known = {kind: {label["id"] for label in codebook.labels(kind)} for kind in ("audiences", "approaches", "themes")}
    for number, row in _json_lines(path):
        problem = _review_problem(row, known)
        if problem:
            raise StoreError(f"{path}: line {number}: {problem}")
        reviewed[(row["document"], row["start"], row["end"])] = row
    return reviewed


def label_rows(codebook) -> list[dict]:
    rows = []
    for kind in ("audiences", "approaches", "themes"):
        for position, label in enumerate(codebook.labels(kind)):
            rows.append({
                "kind": kind, "id": label["id"], "position": position,
                "name_en": label["name_en"], "name_id": label["name_id"],
                "definition_en": label["definition_en"], "definition_id": label["definition_id"],
                "colour": label.get("colour"),
            })
    return rows


def _candidates(source: dict, extraction, reviewed_rows: list[dict]) -> list[dict]:
    """The document's recommendations before reviewed tags: the engine's, with those a
    reviewer split or merged replaced by the reviewer's spans."""
    engine = [
        {
            "start": item.start, "end": item.end, "text": item.text, "heading": item.heading,
            "engine_audiences": item.audiences, "engine_approach": item.approach, "engine_themes": item.themes,
            "confidence": item.confidence, "needs_review": item.needs_review,
            "review_reasons": item.review_reasons, "evidence": item.evidence, "origin": "engine",
        }
        for item in extraction.recommendations
    ]
    replaced = {tuple(span) for row in reviewed_rows for span in row.get("replaces", [])}
    kept = [candidate for candidate in engine if (candidate["start"], candidate["end"]) not in replaced]
    for row in reviewed_rows:
        if not row.get("replaces"):
            continue
        sources = [candidate for candidate in engine if [candidate["start"], candidate["end"]] in row["replaces"]]
        if not sources:
            continue  # the engine no longer finds what was split or merged; the review stays in the file
        first = sources[0]
        kept.append({
            **first,
            "start": row["start"], "end": row["end"], "text": row["text"],
            "heading": row.get("heading") or first["heading"],
            "confidence": min(candidate["confidence"] for candidate in sources),
            "review_reasons": [],
            # Evidence keeps its offsets in the document; its place in the new text is unknown.
            "evidence": [
                replace(evidence, text_start=None, text_end=None)
                for candidate in sources for evidence in candidate["evidence"]
                if row["start"] <= evidence.start and evidence.end <= row["end"]
            ],
            "origin": row.get("origin", "split"),
        })
    return sorted(kept, key=lambda candidate: candidate["start"])


def collect_rows(paths: DataPaths) -> dict[str, list[dict]]:
    """Every row of every table, from the data files."""
    codebook = load_codebook()
    reviewed = read_reviewed_tags(paths.reviewed_tags)
    by_document: dict[str, list[dict]] = {}
    for row in reviewed.values():
        by_document.setdefault(row["document"], []).append(row)
    tables: dict[str, list[dict]] = {name: [] for name in SCHEMA}
    for source in read_sources(paths.sources_csv):
        document_path = paths.sources / source["file"]
        document = read_document(document_path)
        extraction = extract_text(document, codebook)
        year = int(source["year"]) if source["year"] else None
        platforms = split_list(source["platforms"])
        tables["documents"].append({
            **{column: source[column] or None for column in SOURCE_COLUMNS},
            "year": year,
            "platforms": platforms,
            "format": document.format,
            "content_hash": hashlib.sha256(document_path.read_bytes()).hexdigest(),
            "characters": len(document.text),
            "text": document.text,
        })
        for section in extraction.sections:
            tables["sections"].append({
                "document_id": source["id"], "heading": section.heading,
                "start_offset": section.start, "end_offset": section.end,
            })
        for position, item in enumerate(_candidates(source, extraction, by_document.get(source["file"], []))):
            recommendation_id = f"{source['id']}:{item['start']}-{item['end']}"
            review = reviewed.get((source["file"], item["start"], item["end"]))
            shown = review or {"audiences": item["engine_audiences"], "approach": item["engine_approach"], "themes": item["engine_themes"]}
            tables["recommendations"].append({
                "id": recommendation_id,
                "document_id": source["id"],
                "position": position,
                "text": item["text"],
                "start_offset": item["start"],
                "end_offset": item["end"],
                # A PDF's pages are joined by form feeds in the text as read.
                "page": document.text.count(PAGE_BREAK, 0, item["start"]) + 1 if document.format == "pdf" else None,
                "heading": item["heading"],
                "audiences": shown["audiences"],
                "approach": shown["approach"],
                "themes": shown["themes"],
                "status": review.get("status", "accepted") if review else "engine",
                "origin": item["origin"],
                "summary_en": (review.get("summary_en") or None) if review else None,
                "tag_source": "review" if review else "engine",
                "tag_source_note": (
                    f"reviewed by {review['reviewer']} on {review['reviewed_at'][:10]}" if review
                    else "engine tags; not yet reviewed"
                ),
                "engine_audiences": item["engine_audiences"],
                "engine_approach": item["engine_approach"],
                "engine_themes": item["engine_themes"],
                "reviewed_audiences": review["audiences"] if review else None,
                "reviewed_approach": review["approach"] if review else None,
                "reviewed_themes": review["themes"] if review else None,
                "reviewer": review["reviewer"] if review else None,
                "reviewed_at": review["reviewed_at"] if review else None,
                "review_note": (review.get("note") or None) if review else None,
                "confidence": item["confidence"],
                "needs_review": item["needs_review"] and not review,
                "review_reasons": item["review_reasons"],
                "year": year,
                "platforms": platforms,
            })
            for evidence in item["evidence"]:
                tables["evidence"].append({
                    "recommendation_id": recommendation_id, "label": evidence.label, "cue": evidence.cue,
                    "start_offset": evidence.start, "end_offset": evidence.end,
                    "source": evidence.source, "negated": evidence.negated,
                    "text_start": evidence.text_start, "text_end": evidence.text_end,
                })
    platform_names = sorted({name for row in tables["documents"] for name in row["platforms"]})
    if len(platform_names) > MAX_PLATFORMS:
        raise StoreError(f"{len(platform_names)} platforms; the store holds at most {MAX_PLATFORMS}")
    tables["platforms"] = [{"name": name, "position": position} for position, name in enumerate(platform_names)]
    audience_bits = {audience: 1 << position for position, audience in enumerate(AUDIENCE_IDS)}
    platform_bits = {name: 1 << position for position, name in enumerate(platform_names)}
    for row in tables["recommendations"]:
        row["audience_mask"] = sum(audience_bits[audience] for audience in set(row["audiences"]))
        row["platform_mask"] = sum(platform_bits[name] for name in set(row["platforms"]))
    # Stored in document order, so pages of the list can be cut without sorting (recommendations_page.sql).
    tables["documents"].sort(key=lambda row: row["id"])
    tables["recommendations"].sort(key=lambda row: (row["document_id"], row["position"]))
    tables["audit"] = read_audit(paths.audit)
    tables["labels"] = label_rows(codebook)
    tables["build_info"] = [
        {"key": "built_at", "value": datetime.now(timezone.utc).isoformat(timespec="seconds")},
        {"key": "codebook_version", "value": str(codebook.data.get("version"))},
    ]
    return tables


def read_audit(path: Path) -> list[dict]:
    """The audit trail: one change per line, oldest first; values kept as JSON text."""
    rows = []
    if not path.exists():
        return rows
    for number, entry in _json_lines(path):
        for key in ("at", "editor", "recommendation_id", "document", "action", "field", "note"):
            problem = _problem(entry, key, "text", optional=key == "note")
            if problem:
                raise StoreError(f"{path}: line {number}: {problem}")
        missing = [key for key in ("old", "new") if key not in entry]
        if missing:
            raise StoreError(f"{path}: line {number}: no {missing[0]!r}")
        rows.append({
            "changed_at": entry["at"], "editor": entry["editor"], "recommendation_id": entry["recommendation_id"],
            "document": entry["document"], "action": entry["action"], "field": entry["field"],
            "old_value": json.dumps(entry["old"], ensure_ascii=False),
            "new_value": json.dumps(entry["new"], ensure_ascii=False),
            "note": entry.get("note") or None,
        })
    return rows


def create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    for name in SCHEMA:
        queries.run(connection, f"schema_{name}")
    queries.run(connection, "schema_filtered_recommendations")


def insert(connection: duckdb.DuckDBPyConnection, name: str, rows: pa.Table) -> None:
    """Append rows (an Arrow table whose columns are named as the table's) to a table."""
    connection.register(f"incoming_{name}", rows)
    try:
        queries.run(connection, f"insert_{name}")
    finally:
        connection.unregister(f"incoming_{name}")


def write_database(tables: dict[str, list[dict]], target: Path) -> None:
    """Write the tables to a new database file at ``target`` (which must not exist)."""
    connection = duckdb.connect(str(target))
    try:
        queries.run(connection, "set_memory_limit", limit=MEMORY_LIMIT)
        create_schema(connection)
        for name in SCHEMA:
            if tables[name]:
                insert(connection, name, pa.Table.from_pylist(tables[name]))
        queries.run(connection, "checkpoint")
    finally:
        connection.close()


def build(db_path: Path | None = None, data_dir: Path | None = None) -> dict:
    """(Re)build the database atomically; returns counts of what it holds."""
    db_path = Path(db_path or default_db_path())
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tables = collect_rows(DataPaths(Path(data_dir or default_data_dir())))
    handle, temporary = tempfile.mkstemp(prefix=db_path.name + ".", suffix=".building", dir=db_path.parent)
    os.close(handle)
    os.unlink(temporary)  # DuckDB creates the file itself
    try:
        write_database(tables, Path(temporary))
        os.replace(temporary, db_path)
    finally:
        for leftover in (Path(temporary), Path(temporary + ".wal")):
            if leftover.exists():
                leftover.unlink()
    return {name: len(rows) for name, rows in tables.items() if name in ("documents", "recommendations", "evidence")}
