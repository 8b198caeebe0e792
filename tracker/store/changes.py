"""Saving a change to the data folder so that a crash at any moment loses nothing and half-saves nothing.

The text files under data/ are the record; the database is made from them. A change (a
review, a rejection, a split or merge, a metadata edit, added documents) is saved in
five steps, all under the data folder's lock:

1. Stage: new files (documents, a new sources.csv or reviewed_tags.jsonl) are written
   into ``.staging/<change>/``, with a hard link to each file they will replace, and
   flushed to disk (one flush of the file system for them all). Nothing the app reads
   has changed.
2. Commit: the journal ``.journal.json`` is written (to a temporary file, flushed, then
   renamed, and the folder flushed). It says everything the change does: files to move
   into place, lines to append to reviewed_tags.jsonl and audit.jsonl (and how long each
   file was before), the documents whose rows change. From here on the change happens.
3. Text files: staged files are renamed into place; each append first cuts its file back
   to its length before the change, then appends and flushes, so doing it twice is the
   same as doing it once.
4. Database: the change is applied to a copy of the database, which then replaces it
   (``database.apply_change``; a full build if the database did not match the files).
5. The journal and the staging folder are removed.

If step 3 or 4 fails with an error (a full disk, a document the engine refuses), the
text files are put back as they were (``undo``, itself journaled) and the error raised:
the editor is told nothing was saved, and nothing was.

A process killed before step 2 leaves only staged files, which the next start removes; one
killed after it leaves a journal, and the next process to take the lock (any save, build,
ingest or app start) does steps 3 to 5 again. Stale database copies (``*.building``) are
removed then too. So the text files and the database never disagree once the lock is free.
"""

import fcntl
import json
import os
import shutil
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tracker.engine.codebook import CODEBOOK_PATH
from tracker.store import database, durable, workers

JOURNAL = ".journal.json"
STAGING = ".staging"
APPENDABLE = ("reviewed_tags.jsonl", "audit.jsonl")
REPLACEABLE = ("sources.csv", "reviewed_tags.jsonl")

_held = threading.local()


@contextmanager
def data_lock(data_dir: Path, blocking: bool = True):
    """An exclusive lock on the data folder, held for a whole change; yields False if
    ``blocking`` is off and another process or thread holds it. Re-entrant in one thread."""
    data_dir = Path(data_dir).resolve()
    held = _held.__dict__.setdefault("folders", set())
    if data_dir in held:
        yield True
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        held.add(data_dir)
        try:
            yield True
        finally:
            held.discard(data_dir)
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class Change:
    """What one save does; built by curation, carried out by ``Session.commit``."""

    staging: Path
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    moves: list[tuple[str, str, str | None]] = field(default_factory=list)  # staged name, path under data/, backup
    appends: dict[str, str] = field(default_factory=dict)  # file name -> text to append
    documents: list[dict] = field(default_factory=list)  # see database.apply_change
    audit: list[dict] = field(default_factory=list)
    # What this change's workers made, by content hash, so the database step need not read it
    # back from the cache (not journaled: after a crash it comes from the cache).
    extractions: dict = field(default_factory=dict)

    def stage(self, name: str, content: bytes) -> Path:
        """Write a file into this change's staging folder (flushed to disk when it commits)."""
        self.staging.mkdir(parents=True, exist_ok=True)
        path = self.staging / name
        path.write_bytes(content)
        return path

    def replace_file(self, name: str, content: bytes, data_dir: Path) -> None:
        """Replace sources.csv or reviewed_tags.jsonl whole; the old file is kept (a hard
        link in the staging folder) until the change is complete, to put back if it fails."""
        assert name in REPLACEABLE
        self.stage(name, content)
        backup = None
        if (data_dir / name).exists():
            backup = f"{name}.before"
            os.link(data_dir / name, self.staging / backup)
        self.moves.append((name, name, backup))

    def add_source_file(self, staged_name: str, file_name: str) -> None:
        """Move a staged document into data/sources/."""
        self.moves.append((staged_name, f"sources/{file_name}", None))

    def append(self, name: str, records: list[dict]) -> None:
        assert name in APPENDABLE
        self.appends[name] = self.appends.get(name, "") + "".join(
            json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        if name == "audit.jsonl":
            self.audit.extend(records)


class Session:
    """The data folder under its lock, with its database current; changes are committed through it."""

    def __init__(self, data_dir: Path, db_path: Path, codebook_path: Path | None = None,
                 budget: workers.Budget | None = None) -> None:
        self.paths = database.DataPaths(Path(data_dir))
        self.db_path = Path(db_path)
        self.codebook_path = Path(codebook_path or CODEBOOK_PATH)
        self.budget = budget
        self.rebuilt: dict | None = None
        self._connection = None

    def query(self, name: str, **params) -> list[dict]:
        """Rows of a named query on the database as it is at the start of the change."""
        if self._connection is None:
            self._connection = database.connect_read_only(self.db_path)
        return database.fetch(self._connection, name, params)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def new_change(self) -> Change:
        change = Change(staging=self.paths.root / STAGING)
        change.staging = self.paths.root / STAGING / change.id
        return change

    def ensure_current(self) -> None:
        """Rebuild the database if it is missing or was made from other files or another engine."""
        try:
            info = {row["key"]: row["value"] for row in self.query("build_info")} if self.db_path.exists() else {}
        except duckdb.Error:  # not a database we can read: make it anew
            info = {}
        if not database.is_current(self.db_path, self.paths, self.codebook_path, info):
            self.close()
            self.rebuilt = database.build(self.db_path, self.paths.root, self.codebook_path, self.budget)

    def commit(self, change: Change) -> dict:
        """Carry out a change: write its journal (from then on it happens), then complete it."""
        journal = {
            "id": change.id,
            "db": str(self.db_path.resolve()),
            "before": database.files_state(self.paths),
            "moves": change.moves,
            "appends": {
                name: {"offset": (self.paths.root / name).stat().st_size if (self.paths.root / name).exists() else 0,
                       "existed": (self.paths.root / name).exists(), "text": text}
                for name, text in change.appends.items()
            },
            "documents": change.documents,
            "audit": change.audit,
        }
        if change.staging.exists():
            durable.sync_file_system(change.staging)  # staged files are on disk before the journal says to use them
        durable.replace_file(self.paths.root / JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
        try:
            return complete(self.paths, journal, self.codebook_path, self.budget, checked=True, extractions=change.extractions)
        except BaseException:
            # An error (a full disk, a document the engine refuses, Ctrl-C), not a crash: put
            # the text files back, so the editor's "nothing was saved" is true.
            if database.build_info(self.db_path).get("change") != change.id:
                undo(self.paths, journal)
            raise


def _apply_text(paths: database.DataPaths, journal: dict) -> None:
    staging = paths.root / STAGING / journal["id"]
    touched = {paths.root}
    for staged, target, _ in journal["moves"]:
        source = staging / staged
        if source.exists():  # else it was moved before a crash
            destination = paths.root / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, destination)
            touched.add(destination.parent)
    for name, append in journal["appends"].items():
        text = append["text"].encode("utf-8")
        path = paths.root / name
        with open(path, "a+b") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size < append["offset"]:
                raise database.StoreError(f"{path} is shorter than when the change {journal['id']} began; "
                                          f"restore it or remove {paths.root / JOURNAL} and rebuild")
            if size == append["offset"] + len(text):
                handle.seek(append["offset"])
                if handle.read() == text:
                    continue  # appended before a crash; left as it is, so its modification time stays
            handle.truncate(append["offset"])
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    for folder in touched:
        durable.sync_directory(folder)


def undo(paths: database.DataPaths, journal: dict) -> None:
    """Put the text files back as they were before a change; safe to run again after a crash."""
    if not journal.get("undo"):
        journal = {**journal, "undo": True}  # a crash from here on finishes the undo, not the change
        durable.replace_file(paths.root / JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
    staging = paths.root / STAGING / journal["id"]
    for name, append in journal["appends"].items():
        path = paths.root / name
        if not append["existed"]:
            path.unlink(missing_ok=True)
        elif path.exists() and path.stat().st_size > append["offset"]:
            with open(path, "r+b") as handle:
                handle.truncate(append["offset"])
                os.fsync(handle.fileno())
    for _, target, backup in journal["moves"]:
        destination = paths.root / target
        if backup and (staging / backup).exists():
            os.replace(staging / backup, destination)
        elif not backup:
            destination.unlink(missing_ok=True)  # a file the change created
    for folder in (paths.root, paths.sources):
        if folder.exists():
            durable.sync_directory(folder)
    (paths.root / JOURNAL).unlink()
    durable.sync_directory(paths.root)
    shutil.rmtree(staging, ignore_errors=True)


def complete(paths: database.DataPaths, journal: dict, codebook_path: Path = CODEBOOK_PATH,
             budget: workers.Budget | None = None, checked: bool = False, extractions: dict | None = None) -> dict:
    """Steps 3 to 5 of a journaled change; safe to run again after a crash at any point.
    ``checked``: the database is known to be current as of before the change (a session's commit)."""
    _apply_text(paths, journal)
    db_path = Path(journal["db"])
    info = {} if checked else database.build_info(db_path)
    if checked:
        result = database.apply_change(db_path, paths.root, journal["id"], journal["documents"], journal["audit"],
                                       database.files_state(paths), codebook_path, budget, extractions)
    elif info.get("change") == journal["id"] and database.is_current(db_path, paths, codebook_path):
        result = {"documents": len(journal["documents"]), "read": 0, "tagged": 0}
    elif (info and json.loads(info.get("files_state", "null")) == journal["before"]
          and info.get("engine_version") == database.engine_version(Path(codebook_path))):
        result = database.apply_change(db_path, paths.root, journal["id"], journal["documents"], journal["audit"],
                                       database.files_state(paths), codebook_path, budget)
    else:
        result = database.build(db_path, paths.root, codebook_path, budget)
    (paths.root / JOURNAL).unlink()
    durable.sync_directory(paths.root)
    shutil.rmtree(paths.root / STAGING / journal["id"], ignore_errors=True)
    return result


def recover(data_dir: Path, db_path: Path, codebook_path: Path | None = None) -> bool:
    """Finish a change a killed process left half done, and remove what it left behind.
    The caller holds the lock. Returns whether there was a change to finish."""
    paths = database.DataPaths(Path(data_dir))
    journal_path = paths.root / JOURNAL
    finished = False
    if journal_path.exists():
        try:
            journal = json.loads(journal_path.read_bytes())
        except ValueError:  # a torn temporary is never renamed into place, so this is not ours
            raise database.StoreError(f"{journal_path} is not a journal; remove it and rebuild") from None
        if journal.get("undo"):
            undo(paths, journal)
        else:
            complete(paths, journal, Path(codebook_path or CODEBOOK_PATH))
        finished = True
    shutil.rmtree(paths.root / STAGING, ignore_errors=True)
    for leftover in paths.root.glob(f".{JOURNAL}.*.tmp"):
        leftover.unlink(missing_ok=True)
    for leftover in database.stale_build_files(Path(db_path)):
        leftover.unlink(missing_ok=True)
    return finished


@contextmanager
def session(data_dir: Path, db_path: Path, codebook_path: Path | None = None, budget: workers.Budget | None = None):
    """Lock the data folder, finish any half-done change, make sure the database is current."""
    with data_lock(data_dir):
        recover(data_dir, db_path, codebook_path)
        current = Session(data_dir, db_path, codebook_path, budget)
        current.ensure_current()
        try:
            yield current
        finally:
            current.close()


def rebuild(data_dir: Path, db_path: Path, codebook_path: Path | None = None, budget: workers.Budget | None = None,
            progress: database.Progress | None = None) -> dict:
    """A full build under the lock, after finishing any half-done change."""
    with data_lock(data_dir):
        recover(data_dir, db_path, codebook_path)
        return database.build(db_path, data_dir, codebook_path, budget, progress)


def recover_if_idle(data_dir: Path, db_path: Path) -> bool:
    """At start-up: finish a killed process's change, unless another process is at work."""
    with data_lock(data_dir, blocking=False) as locked:
        return bool(locked) and recover(data_dir, db_path)
