"""Command line: python -m tracker extract | build | ingest | evaluate (see --help)."""

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from tracker.store import curation
from tracker.store import database
from tracker.engine import evaluate
from tracker.engine.codebook import CodebookError
from tracker.engine.extraction import Extraction, extract_file
from tracker.engine.reading import SUPPORTED_SUFFIXES, DocumentError
from tracker.store.database import StoreError


def _listing(extraction: Extraction) -> str:
    count = len(extraction.recommendations)
    lines = [f"{extraction.path}: {count} recommendation{'s' if count != 1 else ''} in {len(extraction.sections)} section(s)"]
    for section in extraction.sections:
        lines.append(f"  section '{section.heading}' at characters {section.start}-{section.end}")
    if not extraction.sections:
        lines.append("  no recommendations section found")
    for number, item in enumerate(extraction.recommendations, 1):
        review = "  NEEDS REVIEW: " + "; ".join(item.review_reasons) if item.needs_review else ""
        lines += [
            "",
            f"{number}. [{item.heading}] characters {item.start}-{item.end}",
            f"   audiences: {', '.join(item.audiences) or '-'} | approach: {item.approach}"
            f" | themes: {', '.join(item.themes) or '-'} | confidence {item.confidence:.2f}{review}",
            f"   \"{item.text}\"",
            "   evidence: " + "; ".join(f"{e.label}: '{e.cue}' ({e.source} {e.start}-{e.end})" for e in item.evidence),
        ]
    return "\n".join(lines)


def _files(paths: list[str]) -> list[Path]:
    found = []
    for given in map(Path, paths):
        if given.is_dir():
            found.extend(sorted(p for p in given.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            found.append(given)
    return found


def _ingest(paths: list[str], editor: str) -> int:
    files = _files(paths)
    uploads, unreadable = [], []
    for number, path in enumerate(files, 1):
        bar = "#" * (20 * number // max(len(files), 1))
        print(f"\r[{bar:<20}] {number}/{len(files)} {path.name[:40]:<40}", end="", file=sys.stderr, flush=True)
        try:
            if path.stat().st_size > curation.MAX_UPLOAD_BYTES:
                raise OSError(f"larger than {curation.MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
            uploads.append(curation.Upload(path.name, path.read_bytes()))
        except OSError as error:
            unreadable.append(f"{path}: {error.strerror or error}")
    print(file=sys.stderr)
    try:
        added, skipped, refused = curation.add_documents(database.default_data_dir(), database.default_db_path(), uploads, editor)
    except (StoreError, DocumentError, CodebookError, OSError) as error:
        print(f"error: nothing was added, the rebuild failed: {error}", file=sys.stderr)
        return 2
    for line in skipped:
        print(f"skipped (already present): {line}")
    for line in unreadable + refused:
        print(f"refused: {line}")
    print(f"added {len(added)}, skipped {len(skipped)}, refused {len(unreadable) + len(refused)}"
          + (f": {', '.join(added)}" if added else ""))
    return 0 if not (unreadable or refused) else 1


def _evaluate(folder: str, as_json: bool, write: str | None) -> int:
    try:
        figures = evaluate.evaluate(Path(folder))
    except (evaluate.GoldError, CodebookError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if write:
        measured = {
            "measured_on": date.today().isoformat(),
            "tuning_set": "the five seed documents and the development part of the team corpus; "
                          "the held-out part was written and annotated independently and no rule was tuned on it",
            "corpus": {key: figures[key] for key in evaluate.SUMMARY_KEYS},
            "held_out": figures["held_out"],
        }
        Path(write).write_text(json.dumps(measured, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, ensure_ascii=False, indent=2) if as_json else evaluate.listing(figures))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker", description="Policy-recommendation tracker")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="find and tag the recommendations in a document")
    extract.add_argument("file", help=".txt, .md, .pdf or .docx")
    extract.add_argument("--json", action="store_true", help="print JSON instead of a listing")
    build = commands.add_parser("build", help="(re)build the DuckDB database from data/")
    build.add_argument("--db", help="database path (default: $TRACKER_DB or data/tracker.duckdb)")
    ingest = commands.add_parser("ingest", help="add documents (files or folders) to data/ and rebuild")
    ingest.add_argument("paths", nargs="+", help="files or folders of .txt, .md, .pdf, .docx")
    ingest.add_argument("--editor", default=os.environ.get("USER") or "command line", help="name for the audit trail")
    scoring = commands.add_parser("evaluate", help="score the engine against a gold reading (default: the team corpus)")
    scoring.add_argument("gold", nargs="?", default=str(evaluate.DEFAULT_GOLD_DIR), help="folder of documents and NAME.gold.yaml files")
    scoring.add_argument("--json", action="store_true", help="print JSON instead of a report")
    scoring.add_argument("--write", metavar="FILE", help="also write the figures and today's date to FILE (data/accuracy.json)")
    arguments = parser.parse_args(argv)

    if arguments.command == "evaluate":
        return _evaluate(arguments.gold, arguments.json, arguments.write)

    if arguments.command == "ingest":
        return _ingest(arguments.paths, arguments.editor)

    if arguments.command == "build":
        try:
            counts = database.build(arguments.db)
        except (DocumentError, StoreError, CodebookError) as error:
            print(f"error: build failed, the previous database is unchanged: {error}", file=sys.stderr)
            return 2
        except OSError as error:  # the database's folder cannot be made or written
            print(f"error: build failed, the previous database is unchanged: {error.filename}: {error.strerror}", file=sys.stderr)
            return 2
        target = arguments.db or database.default_db_path()
        print(f"built {target}: " + ", ".join(f"{count} {name}" for name, count in counts.items()))
        return 0

    if arguments.command == "extract":
        try:
            extraction = extract_file(arguments.file)
        except DocumentError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        if arguments.json:
            # Indented for a person at a terminal; compact (and much faster) into a pipe or file.
            indent = 2 if sys.stdout.isatty() else None
            print(json.dumps(extraction.to_dict(), ensure_ascii=False, indent=indent))
        else:
            print(_listing(extraction))
    return 0
