"""The extraction cache: what the engine made of each document, kept so a rebuild does not redo it.

Two kinds of entry, each keyed by the document's content hash and a version:

- the text as read (``text/<reader version>/<hash>.json``), with what the file states of
  itself (title, author, …) and its shingle sketch (``sketches``): reading a PDF or DOCX
  is the slow part, and none of this depends on the codebook, so a codebook change re-tags
  from it;
- the extraction (``extraction/<engine version>/<hash>.json``): sections and recommendations
  with their tags and evidence.

The versions are hashes of the code and data that produce each entry (the engine's source
files, the codebook and the section vocabulary, the reading libraries' versions), never a
number kept by hand: any change to them leaves the old entries unused, and a full build
removes them. The cache lives in the data folder (``.cache``, never committed) unless
``$TRACKER_CACHE`` names another folder; deleting it only makes the next build slower.
"""

import ast
import hashlib
import json
import os
import shutil
from dataclasses import is_dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from tracker.engine.codebook import CODEBOOK_PATH
from tracker.engine.extraction import Extraction
from tracker.engine.layout import STRUCTURE_PATH
from tracker.engine.sections import Recommendation, Section
from tracker.engine.tagging import Evidence

ENGINE_DIR = Path(__file__).resolve().parents[1] / "engine"
# What else makes a text entry: the metadata a file states, and its sketch.
TEXT_ENTRY_SOURCES = (ENGINE_DIR / "metadata.py", ENGINE_DIR / "duplicates.py", Path(__file__).with_name("sketches.py"))
READING_LIBRARIES = ("pypdfium2", "python-docx")


def default_cache_dir(data_dir: Path) -> Path:
    return Path(os.environ.get("TRACKER_CACHE") or Path(data_dir) / ".cache")


def _library_versions() -> bytes:
    return ";".join(f"{name}={metadata.version(name)}" for name in READING_LIBRARIES).encode()


def _files_digest(files: list[Path], extra: bytes) -> str:
    digest = hashlib.sha256(extra)
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _engine_imports(module: Path) -> set[Path]:
    """The engine's source files a module needs: itself and what it imports from the engine, in turn."""
    needed, pending = set(), [module]
    while pending:
        path = pending.pop()
        if path in needed:
            continue
        needed.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tracker.engine."):
                pending.append(ENGINE_DIR / (node.module.rsplit(".", 1)[1] + ".py"))
    return needed


@lru_cache(maxsize=1)
def reader_version() -> str:
    """A hash of what turns a file into a text entry: the reading module (and the engine
    modules it uses), what finds the metadata and the sketch, and the versions of the PDF
    and DOCX libraries."""
    sources = set().union(*(_engine_imports(path) for path in (ENGINE_DIR / "reading.py", *TEXT_ENTRY_SOURCES)))
    return _files_digest(sorted(sources), _library_versions())


@lru_cache(maxsize=8)
def engine_version(codebook_path: Path = CODEBOOK_PATH) -> str:
    """A hash of everything an extraction depends on: every engine source file, the codebook,
    the section vocabulary and the reading libraries' versions."""
    files = sorted(ENGINE_DIR.glob("*.py")) + [Path(codebook_path), STRUCTURE_PATH]
    return _files_digest(files, _library_versions())


def _plain(value) -> dict:
    """A dataclass, and the dataclasses in its lists, as dictionaries (asdict copies every
    value deeply, which made it a sixth of an ingest's work)."""
    values = dict(vars(value))
    for key, item in values.items():
        if isinstance(item, list) and item and is_dataclass(item[0]):
            values[key] = [_plain(element) for element in item]
    return values


def extraction_to_dict(extraction: Extraction) -> dict:
    return {
        "sections": [_plain(section) for section in extraction.sections],
        "recommendations": [_plain(item) for item in extraction.recommendations],
    }


def extraction_from_dict(entry: dict, path: str, format: str, text: str) -> Extraction:
    recommendations = [
        Recommendation(**{**item, "evidence": [Evidence(**evidence) for evidence in item["evidence"]]})
        for item in entry["recommendations"]
    ]
    return Extraction(path, format, text, [Section(**section) for section in entry["sections"]], recommendations)


class ExtractionCache:
    """Entries on disk, written whole (temporary file, then rename) so a reader never sees half of one."""

    def __init__(self, root: Path, engine: str, reader: str) -> None:
        self.root = Path(root)
        self.engine = engine
        self.reader = reader

    def _text_path(self, content_hash: str) -> Path:
        return self.root / "text" / self.reader / f"{content_hash}.json"

    def _extraction_path(self, content_hash: str) -> Path:
        return self.root / "extraction" / self.engine / f"{content_hash}.json"

    @staticmethod
    def _load(path: Path) -> dict | None:
        try:
            return json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except ValueError:  # torn by a crash mid-write of an older version: treat as absent
            return None

    @staticmethod
    def _store(path: Path, entry: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)

    def text(self, content_hash: str) -> dict | None:
        """{"format", "text" (as read), "stated" (what the file states of itself), "sketch"}, if cached."""
        return self._load(self._text_path(content_hash))

    def put_text(self, content_hash: str, entry: dict) -> None:
        self._store(self._text_path(content_hash), entry)

    def extraction(self, content_hash: str, path: str, format: str, text: str) -> Extraction | None:
        entry = self._load(self._extraction_path(content_hash))
        if entry is None:
            return None
        try:
            return extraction_from_dict(entry, path, format, text)
        except (KeyError, TypeError):
            return None

    def put_extraction(self, content_hash: str, extraction: Extraction) -> None:
        self._store(self._extraction_path(content_hash), extraction_to_dict(extraction))

    def keep_only(self, content_hashes: set[str]) -> int:
        """Remove every entry of another version or of a document no longer present; returns how many."""
        removed = 0
        for kind, current in (("text", self.reader), ("extraction", self.engine)):
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for version in folder.iterdir():
                if version.name != current:
                    removed += sum(1 for _ in version.glob("*.json"))
                    shutil.rmtree(version, ignore_errors=True)
                    continue
                for entry in version.iterdir():
                    if entry.name.split(".")[0] not in content_hashes:  # a temporary file's name starts with "." 
                        entry.unlink(missing_ok=True)
                        removed += 1
        return removed
