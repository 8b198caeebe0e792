"""Command line: python -m tracker extract | build | ingest | evaluate | export | brief (see --help)."""

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from tracker.analysis import brief, brief_files, export, profile
from tracker.analysis.accuracy import load_accuracy
from tracker.analysis.labels import Labels
from tracker.app.documents import document_label
from tracker.app.i18n import LANGUAGES, text
from tracker.store import curation
from tracker.store import database
from tracker.store.filters import LIST_NAMES, Filters
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
            data = path.read_bytes()
            uploads.append(curation.Upload(path.name, data, curation.metadata_from_file(path.name, data)))
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


class ViewError(ValueError):
    """A filter value the data does not hold; the message names it and what is known."""


def _add_view_arguments(command: argparse.ArgumentParser, audience: bool = True) -> None:
    names = (("audience", "audience id"),) if audience else ()
    for name, meaning in names + (("approach", "approach id"), ("platform", "platform name"), ("doc", "document id"), ("year", "year")):
        command.add_argument(f"--{name}", nargs="+", action="extend", default=[], metavar=name.upper(),
                             help=f"keep recommendations with any of these ({meaning}); repeat or list several")
    command.add_argument("--q", default="", help="text search: every word must occur")
    command.add_argument("--lang", choices=list(LANGUAGES), default="en", help="language of names and text")
    command.add_argument("--db", help="database path (default: $TRACKER_DB or data/tracker.duckdb)")


def _connect(db: str | None):
    path = Path(db or database.default_db_path())
    if not path.exists():
        database.build(path)
    return database.connect_read_only(path)


def _view(arguments, connection) -> Filters:
    """The filters asked for on the command line, each value checked against the data."""
    labels = Labels(tuple(database.fetch(connection, "labels", {})))
    options = database.fetch(connection, "filter_options", {})
    requested = {name: [part.strip() for value in getattr(arguments, name) for part in value.split(",") if part.strip()]
                 for name in LIST_NAMES}
    known = {
        "audience": labels.ids("audiences"),
        "approach": labels.ids("approaches"),
        "platform": [row["value"] for row in options if row["kind"] == "platform"],
        "year": [row["value"] for row in options if row["kind"] == "year"],
        "doc": [row["id"] for row in database.fetch(connection, "document_labels", {"ids": requested["doc"]})],
    }
    for name, values in requested.items():
        for value in values:
            if value not in known[name]:
                listed = f"; known: {', '.join(known[name])}" if name != "doc" else ""
                raise ViewError(f"unknown {name} {value!r}{listed}")
    query = " ".join(arguments.q.split())
    return Filters(q=query, lang=arguments.lang, **{name: tuple(dict.fromkeys(values)) for name, values in requested.items()})


def _export(arguments) -> int:
    kind = arguments.format
    connection = _connect(arguments.db)
    try:
        view = _view(arguments, connection)
        rows = database.fetch(connection, "export_recommendations", view.sql_params())
        labels = Labels(tuple(database.fetch(connection, "labels", {})))
        info = {row["key"]: row["value"] for row in database.fetch(connection, "build_info", {})}
        titles = {row["id"]: document_label(row, view.lang) for row in database.fetch(connection, "document_labels", {"ids": list(view.doc)})}
    finally:
        connection.close()
    name, data = export.export_file(kind, rows, labels, view, titles, info, lambda key, **v: text(key, view.lang, **v), date.today())
    out = Path(arguments.out) if arguments.out else Path(name)
    out.write_bytes(data)
    print(f"wrote {out}: {len(rows)} recommendation{'s' if len(rows) != 1 else ''}")
    return 0


BRIEF_WRITERS = {".docx": brief_files.docx_bytes, ".pdf": brief_files.pdf_bytes}


def _brief(arguments) -> int:
    out = Path(arguments.out)
    if out.suffix.lower() not in BRIEF_WRITERS:
        raise ViewError(f"{out.name}: a brief is written as .docx or .pdf")
    arguments.audience = [arguments.brief_audience]
    connection = _connect(arguments.db)
    try:
        view = _view(arguments, connection)
        made = brief_for(view, lambda name, params: database.fetch(connection, name, params), database.default_data_dir())
    finally:
        connection.close()
    out.write_bytes(BRIEF_WRITERS[out.suffix.lower()](made))
    print(f"wrote {out}")
    return 0


def brief_for(view: Filters, fetch, data_dir: Path) -> brief.Brief:
    """The brief on the view's (one) audience."""
    labels = Labels(tuple(fetch("labels", {})))
    params = view.sql_params()
    audience_profile = profile.build(view.audience[0], params, fetch)
    chart_rows = fetch("audience_approach_counts", {**params, "audience": []})
    info = {row["key"]: row["value"] for row in fetch("build_info", {})}
    titles = {row["id"]: document_label(row, view.lang) for row in fetch("document_labels", {"ids": list(view.doc)})}
    return brief.build(audience_profile, chart_rows, labels, view, titles, info, load_accuracy(data_dir / "accuracy.json"),
                       lambda key, **v: text(key, view.lang, **v), date.today())


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
    export_command = commands.add_parser("export", help="write the recommendations of a view as CSV, XLSX or Parquet")
    export_command.add_argument("--format", choices=list(export.FORMATS), required=True)
    _add_view_arguments(export_command)
    export_command.add_argument("--out", help="file to write (default: a name that carries the view, in this folder)")
    brief_command = commands.add_parser("brief", help="write a 2-4 page brief on what the documents ask of one audience")
    brief_command.add_argument("--audience", dest="brief_audience", required=True, metavar="ID", help="the audience (id)")
    _add_view_arguments(brief_command, audience=False)
    brief_command.add_argument("--out", required=True, help="FILE.docx or FILE.pdf")
    scoring = commands.add_parser("evaluate", help="score the engine against a gold reading (default: the team corpus)")
    scoring.add_argument("gold", nargs="?", default=str(evaluate.DEFAULT_GOLD_DIR), help="folder of documents and NAME.gold.yaml files")
    scoring.add_argument("--json", action="store_true", help="print JSON instead of a report")
    scoring.add_argument("--write", metavar="FILE", help="also write the figures and today's date to FILE (data/accuracy.json)")
    arguments = parser.parse_args(argv)

    if arguments.command == "evaluate":
        return _evaluate(arguments.gold, arguments.json, arguments.write)

    if arguments.command in ("export", "brief"):
        try:
            return (_export if arguments.command == "export" else _brief)(arguments)
        except (ViewError, StoreError, DocumentError, CodebookError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2

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
