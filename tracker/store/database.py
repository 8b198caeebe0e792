"""The DuckDB store: built from data/sources/, data/sources.csv, the codebook and the reviewed tags.

It is written two ways, each of which writes a copy beside the database and then puts the
copy in its place, so a reader never sees a half-written file and a failed or interrupted
write leaves the previous database working:

- ``build`` makes every table from the text files. Documents are read and extracted in
  worker processes (``workers``), reusing what the extraction cache holds (``cache``).
- ``apply_change`` applies one change a save made to the text files (``changes``): the
  documents it names are remade from their cached extraction and their rows updated in
  place, and its audit rows appended. Nothing else is read or written.

Both make a document's rows with ``rows.document_rows``, so the two always agree.
"""

import csv
import io
import json
import os
import re
import shutil
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa

from tracker.store import durable, queries, workers
from tracker.store.cache import ExtractionCache, default_cache_dir, engine_version, reader_version
from tracker.store.rows import SOURCE_COLUMNS, document_rows, split_list  # noqa: F401 (split_list: part of this module's API)
from tracker.engine.codebook import CODEBOOK_PATH, load_codebook
from tracker.engine.reading import DocumentError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# Tables with an insert_<name>.sql; recommendations are written through recommendation_rows.
SCHEMA = ("documents", "sections", "recommendations", "evidence", "audit", "labels", "platforms", "reviewed_tags", "build_info")
SCHEMA_STATEMENTS = (
    "text_list", "list_text", "documents", "sections", "recommendation_rows", "recommendations", "evidence",
    "audit", "labels", "platforms", "reviewed_tags", "build_info", "filtered_recommendations",
)
# The text files a database is made from besides the documents; their sizes and times are
# recorded in it, so a save can tell a database that no longer matches them.
TRACKED_FILES = ("sources.csv", "reviewed_tags.jsonl", "audit.jsonl")
MAX_PLATFORMS = 63
MEMORY_LIMIT = "1GB"
DOCUMENTS_PER_INSERT = 500
Progress = Callable[[int, int, str], None]


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
    resolved_sources = sources_dir.resolve()
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
        if not inside(resolved_sources, row["file"]):
            raise StoreError(f"{path}: line {number}: file {row['file'][:100]!r} is not inside {sources_dir}")
        try:
            check_metadata(row)
        except ValueError as error:
            raise StoreError(f"{path}: line {number}: {error}") from None
    return [row for _, row in rows]


def inside(folder: Path, name: str) -> bool:
    """Whether ``name``, taken relative to ``folder`` (already resolved), is a path inside it
    once links are followed."""
    if not name or Path(name).is_absolute() or "\x00" in name:
        return False
    if "/" not in name and name not in (".", "..") and not os.path.islink(folder / name):
        return True  # a plain name in the folder: one lstat instead of resolving every parent
    target = (folder / name).resolve()
    return target.is_relative_to(folder) and target != folder


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


def audit_row(entry: dict) -> dict:
    """A line of the audit trail as a row of the audit table."""
    return {
        "changed_at": entry["at"], "editor": entry["editor"], "recommendation_id": entry["recommendation_id"],
        "document": entry["document"], "action": entry["action"], "field": entry["field"],
        "old_value": json.dumps(entry["old"], ensure_ascii=False),
        "new_value": json.dumps(entry["new"], ensure_ascii=False),
        "note": entry.get("note") or None,
    }


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
        rows.append(audit_row(entry))
    return rows




def create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    for name in SCHEMA_STATEMENTS:
        queries.run(connection, f"schema_{name}")


def insert(connection: duckdb.DuckDBPyConnection, name: str, rows: pa.Table) -> None:
    """Append rows (an Arrow table whose columns are named as the table's) to a table."""
    connection.register(f"incoming_{name}", rows)
    try:
        queries.run(connection, f"insert_{name}")
    finally:
        connection.unregister(f"incoming_{name}")


def files_state(paths: DataPaths) -> dict[str, list[int] | None]:
    """Size and modification time of each tracked text file (None when absent)."""
    state = {}
    for name in TRACKED_FILES:
        try:
            info = (paths.root / name).stat()
            state[name] = [info.st_size, info.st_mtime_ns]
        except FileNotFoundError:
            state[name] = None
    return state


def build_info(path: Path) -> dict[str, str]:
    """The build_info table of a database file, or {} if there is none or it cannot be read."""
    if not path.exists():
        return {}
    try:
        connection = connect_read_only(path)
    except duckdb.Error:
        return {}
    try:
        return {row["key"]: row["value"] for row in fetch(connection, "build_info", {})}
    except duckdb.Error:
        return {}
    finally:
        connection.close()


def is_current(db_path: Path, paths: DataPaths, codebook_path: Path = CODEBOOK_PATH, info: dict | None = None) -> bool:
    """Whether the database (whose build_info is ``info``, if already read) was made from the
    text files as they are now, by this engine."""
    info = build_info(db_path) if info is None else info
    return (bool(info) and info.get("engine_version") == engine_version(Path(codebook_path))
            and json.loads(info.get("files_state", "null")) == files_state(paths))


def _put_in_place(temporary: Path, db_path: Path) -> None:
    """Flush a finished database file to disk and move it over the old one."""
    durable.sync_file(temporary)
    os.replace(temporary, db_path)
    durable.sync_directory(db_path.parent)


@contextmanager
def _new_version(db_path: Path, copy: bool):
    """A connection to a new version of the database, beside it: a copy of it, or an empty
    file. When the block ends without an error, the new version is written out and put in
    the old one's place; otherwise it is removed."""
    temporary = _temporary_path(db_path)
    try:
        if copy:
            shutil.copyfile(db_path, temporary)
        connection = duckdb.connect(str(temporary))
        try:
            queries.run(connection, "set_memory_limit", limit=MEMORY_LIMIT)
            yield connection
            queries.run(connection, "checkpoint")
        finally:
            connection.close()
        _put_in_place(temporary, db_path)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)


def _temporary_path(db_path: Path) -> Path:
    """A new file name beside the database; start-up removes any such file a killed process left."""
    return db_path.with_name(f"{db_path.name}.{uuid.uuid4().hex[:12]}.building")


def stale_build_files(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(f"{db_path.name}.*.building")) + sorted(db_path.parent.glob(f"{db_path.name}.*.building.wal"))


class _Writer:
    """Rows appended to a new database's tables in chunks, so memory stays bounded."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self.buffered: dict[str, list[dict]] = {}
        self.counts: Counter = Counter()

    def add(self, tables: dict[str, list[dict]]) -> None:
        for name, rows in tables.items():
            self.buffered.setdefault(name, []).extend(rows)
            self.counts[name] += len(rows)

    def flush(self) -> None:
        for name, rows in self.buffered.items():
            if rows:
                insert(self.connection, name, pa.Table.from_pylist(rows))
        self.buffered = {}


def _build_info_rows(codebook, codebook_path: Path, paths_state: dict, change: str) -> list[dict]:
    return [
        {"key": "built_at", "value": datetime.now(timezone.utc).isoformat(timespec="seconds")},
        {"key": "codebook_version", "value": str(codebook.data.get("version"))},
        {"key": "engine_version", "value": engine_version(Path(codebook_path))},
        {"key": "files_state", "value": json.dumps(paths_state)},
        {"key": "change", "value": change},
    ]


def _jobs_context(paths: DataPaths, codebook_path: Path) -> dict:
    return {"cache_root": str(default_cache_dir(paths.root)), "codebook_path": str(codebook_path)}


def build(db_path: Path | None = None, data_dir: Path | None = None, codebook_path: Path | None = None,
          budget: workers.Budget | None = None, progress: Progress | None = None) -> dict:
    """(Re)build the database from the text files; returns counts of what it holds and of
    the work done (``read``: documents parsed, ``tagged``: documents the engine ran on; the
    rest came from the extraction cache)."""
    db_path = Path(db_path or default_db_path())
    db_path.parent.mkdir(parents=True, exist_ok=True)
    paths = DataPaths(Path(data_dir or default_data_dir()))
    codebook_path = Path(codebook_path or CODEBOOK_PATH)
    state = files_state(paths)  # before reading, so an edit made meanwhile shows as a change
    codebook = load_codebook(codebook_path)
    sources = sorted(read_sources(paths.sources_csv), key=lambda row: row["id"])
    reviewed = read_reviewed_tags(paths.reviewed_tags)
    by_document: dict[str, list[dict]] = {}
    for row in reviewed.values():
        by_document.setdefault(row["document"], []).append(row)
    audit = read_audit(paths.audit)
    platform_names = sorted({name for source in sources for name in split_list(source["platforms"])})
    if len(platform_names) > MAX_PLATFORMS:
        raise StoreError(f"{len(platform_names)} platforms; the store holds at most {MAX_PLATFORMS}")
    platform_bits = {name: 1 << position for position, name in enumerate(platform_names)}
    # read_sources has checked that each file, links followed, is inside the sources folder.
    context = _jobs_context(paths, codebook_path)
    jobs = (workers.Job(source["file"], path=str((paths.sources / source["file"]).resolve()), **context) for source in sources)
    work: Counter = Counter()
    hashes = set()
    with _new_version(db_path, copy=False) as connection:
        create_schema(connection)
        writer = _Writer(connection)
        for done, (outcome, source) in enumerate(zip(workers.run(jobs, budget), sources), 1):
            if outcome.refusal:
                raise DocumentError(outcome.refusal)
            writer.add(document_rows(source, outcome.content_hash, outcome.extraction,
                                     by_document.get(source["file"], []), platform_bits, outcome.sketch))
            hashes.add(outcome.content_hash)
            work.update(read=outcome.read, tagged=outcome.tagged)
            if done % DOCUMENTS_PER_INSERT == 0:
                writer.flush()
            if progress:
                progress(done, len(sources), source["file"])
        writer.add({
            "audit": audit, "labels": label_rows(codebook),
            "platforms": [{"name": name, "position": position} for position, name in enumerate(platform_names)],
            "build_info": _build_info_rows(codebook, codebook_path, state, ""),
        })
        writer.flush()
    ExtractionCache(Path(context["cache_root"]), engine_version(codebook_path), reader_version()).keep_only(hashes)
    counts = {name: writer.counts[name] for name in ("documents", "recommendations", "evidence")}
    return {**counts, "read": work["read"], "tagged": work["tagged"]}


def _source_row(document: dict) -> dict:
    """A documents row back as its row of sources.csv."""
    row = {column: "" if document[column] is None else document[column] for column in SOURCE_COLUMNS}
    row["year"] = "" if document["year"] is None else str(document["year"])
    row["platforms"] = "; ".join(document["platforms"])
    return row


def _rows(connection: duckdb.DuckDBPyConnection, name: str, **params) -> list[dict]:
    result = queries.run(connection, name, **params)
    columns = [column[0] for column in result.description]
    return [dict(zip(columns, row)) for row in result.fetchall()]


def _extractions(paths: DataPaths, wanted: list[tuple[str, str]], codebook_path: Path,
                 budget: workers.Budget | None, work: Counter, known: dict | None = None) -> list[tuple]:
    """Each (file, content hash)'s (extraction, sketch): ``known`` (by content hash), else
    from the cache, else made by a worker."""
    context = _jobs_context(paths, codebook_path)
    cache = ExtractionCache(Path(context["cache_root"]), engine_version(codebook_path), reader_version())
    found, missing = {}, []
    for file, content_hash in wanted:
        if known and content_hash in known:
            found[file] = known[content_hash]
            continue
        entry = cache.text(content_hash)
        extraction = cache.extraction(content_hash, file, entry["format"], entry["text"]) if entry else None
        if extraction is None:
            missing.append(workers.Job(file, path=str((paths.sources / file).resolve()), content_hash=content_hash, **context))
        else:
            found[file] = (extraction, entry["sketch"])
    for outcome in workers.run(missing, budget):
        if outcome.refusal:
            raise DocumentError(outcome.refusal)
        found[outcome.job.name] = (outcome.extraction, outcome.sketch)
        work.update(read=outcome.read, tagged=outcome.tagged)
    return [found[file] for file, _ in wanted]


def apply_change(db_path: Path, data_dir: Path, change_id: str, documents: list[dict], audit: list[dict],
                 state: dict, codebook_path: Path | None = None, budget: workers.Budget | None = None,
                 extractions: dict | None = None) -> dict:
    """Apply one saved change to the database, touching only the rows it affects.

    ``documents`` are the documents the change touches, each {"id", "file", "source" (its
    new row of sources.csv, or None if unchanged), "content_hash" (for a new document),
    "reviewed" (its latest reviewed tags after the change)}; ``audit`` the audit lines the
    change appended; ``state`` the text files' state after it (see files_state);
    ``extractions`` what the change's own workers already made, (extraction, sketch) by
    content hash. The
    database must be current (is_current) as of before the change.
    """
    paths = DataPaths(Path(data_dir))
    codebook_path = Path(codebook_path or CODEBOOK_PATH)
    work: Counter = Counter()
    with _new_version(db_path, copy=True) as connection:
        ids = [document["id"] for document in documents]
        stored = {row["id"]: row for row in _rows(connection, "documents_by_id", ids=ids)}
        sources = [document["source"] or _source_row(stored[document["id"]]) for document in documents]
        hashes = [document.get("content_hash") or stored[document["id"]]["content_hash"] for document in documents]
        extractions = _extractions(paths, [(source["file"], content_hash) for source, content_hash in zip(sources, hashes)],
                                   codebook_path, budget, work, extractions)
        positions = [row["name"] for row in _rows(connection, "platform_positions")]
        platform_names = positions
        if any(document["source"] for document in documents):  # metadata may bring or drop a platform
            platform_names = sorted({row["platform"] for row in _rows(connection, "platforms_in_use", ids=ids)}
                                    | {name for source in sources for name in split_list(source["platforms"])})
            if len(platform_names) > MAX_PLATFORMS:
                raise StoreError(f"{len(platform_names)} platforms; the store holds at most {MAX_PLATFORMS}")
        platform_bits = {name: 1 << position for position, name in enumerate(platform_names)}
        connection.begin()
        appended: dict[str, list[dict]] = {}
        for document, source, content_hash, (extraction, sketch) in zip(documents, sources, hashes, extractions):
            tables = document_rows(source, content_hash, extraction, document["reviewed"], platform_bits, sketch)
            kept = tables.pop("recommendations")
            if source["id"] not in stored:  # a new document: nothing to replace
                slots = []
            else:
                slots = [row["id"] for row in _rows(connection, "recommendation_ids", id=source["id"])]
                # Rows that only follow from the document and its extraction change only with
                # its metadata; evidence only when its recommendations' spans change (a split
                # or merge).
                if document["source"]:
                    queries.run(connection, "delete_document", id=source["id"])
                    queries.run(connection, "delete_document_sections", id=source["id"])
                else:
                    del tables["documents"], tables["sections"]
                if slots != [row["id"] for row in kept]:
                    queries.run(connection, "delete_document_evidence", id=source["id"])
                else:
                    del tables["evidence"]
                queries.run(connection, "delete_document_reviewed_tags", file=source["file"])
            if kept[:len(slots)]:
                insert_as(connection, "update_recommendation_slots", "recommendations", kept[:len(slots)])
            if len(kept) < len(slots):
                queries.run(connection, "delete_recommendation_slots", id=source["id"], count=len(kept))
            appended.setdefault("recommendations", []).extend(kept[len(slots):])
            for name, rows in tables.items():
                appended.setdefault(name, []).extend(rows)
        new_rows = sorted(appended.pop("recommendations"), key=lambda row: (row["document_id"], row["position"]))
        if new_rows:
            last = _rows(connection, "last_recommendation_key")
            in_order = not last or (last[0]["document_id"], last[0]["position"]) < (new_rows[0]["document_id"], new_rows[0]["position"])
            insert(connection, "recommendations", pa.Table.from_pylist(new_rows))
            if not in_order:
                for name in ("order_recommendations_copy", "order_recommendations_clear", "order_recommendations_fill",
                             "order_recommendations_drop"):
                    queries.run(connection, name)
        appended["audit"] = [audit_row(entry) for entry in audit]
        for name, rows in appended.items():
            if rows:
                insert(connection, name, pa.Table.from_pylist(rows))
        if positions != platform_names:
            queries.run(connection, "delete_platforms")
            insert(connection, "platforms", pa.Table.from_pylist(
                [{"name": name, "position": position} for position, name in enumerate(platform_names)]))
            queries.run(connection, "update_platform_masks")
        queries.run(connection, "set_change", change=change_id, files_state=json.dumps(state))
        connection.commit()
    return {"documents": len(documents), "read": work["read"], "tagged": work["tagged"]}


def insert_as(connection: duckdb.DuckDBPyConnection, query: str, name: str, rows: list[dict]) -> None:
    """Run a named query that reads rows registered as incoming_<name>."""
    connection.register(f"incoming_{name}", pa.Table.from_pylist(rows))
    try:
        queries.run(connection, query)
    finally:
        connection.unregister(f"incoming_{name}")
