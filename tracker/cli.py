"""Command line: python -m tracker extract | build | ingest | evaluate | export | brief (see --help)."""

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

from tracker.analysis import brief, brief_files, export, profile
from tracker.analysis.accuracy import load_accuracy
from tracker.analysis.labels import Labels
from tracker.app.documents import document_label
from tracker.app.i18n import LANGUAGES, text
from tracker.store import changes, curation, database, workers
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


def _files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The files to add, and a refusal for each symbolic link met (given, or inside a given
    folder) and each file that resolves outside the folder it was found in."""
    found, refused = [], []
    for given in map(Path, paths):
        if given.is_symlink():
            refused.append(f"{given}: is a symbolic link; only regular files are added")
        elif given.is_dir():
            root = given.resolve()
            for folder, folders, names in os.walk(given):
                for name in sorted(folders):
                    if (Path(folder) / name).is_symlink():
                        refused.append(f"{Path(folder) / name}: is a symbolic link; only regular files are added")
                folders[:] = sorted(name for name in folders if not (Path(folder) / name).is_symlink())
                for name in sorted(names):
                    path = Path(folder) / name
                    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                        continue
                    if path.is_symlink():
                        refused.append(f"{path}: is a symbolic link; only regular files are added")
                    elif not path.resolve().is_relative_to(root):
                        refused.append(f"{path}: resolves outside {given}")
                    else:
                        found.append(path)
        else:
            found.append(given)
    return found, refused


class _ProgressBar:
    """A one-line progress bar on stderr; remembers when the last step was done."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = False
        self.started = self.last = time.perf_counter()

    def __call__(self, done: int, total: int, name: str) -> None:
        now = time.perf_counter()
        if done == total or now - self.last >= 0.1:  # at most ten updates a second
            bar = "#" * (20 * done // max(total, 1))
            print(f"\r{self.label} [{bar:<20}] {done}/{total} {name[:40]:<40}", end="", file=sys.stderr, flush=True)
            self.shown = True
        self.last = now

    def close(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def _ingest(paths: list[str], editor: str, workers_wanted: int | None) -> int:
    files, unreadable = _files(paths)
    uploads = [curation.Upload(path.name, path=str(path.absolute())) for path in files]
    progress = _ProgressBar("reading")
    budget = workers.Budget.from_environment(workers_wanted)
    try:
        added, skipped, refused = curation.add_documents(database.default_data_dir(), database.default_db_path(), uploads,
                                                         editor, budget=budget, progress=progress)
    except (StoreError, DocumentError, CodebookError, OSError) as error:
        progress.close()
        print(f"error: nothing was added: {error}", file=sys.stderr)
        return 2
    progress.close()
    finished = time.perf_counter()
    print(f"read {len(uploads)} file(s) in {progress.last - progress.started:.1f} s with {budget.workers} worker(s), "
          f"saved in {finished - progress.last:.1f} s", file=sys.stderr)
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
    for command in (build, ingest):
        command.add_argument("--workers", type=int, help="worker processes (default: $TRACKER_WORKERS or one per core)")
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
        return _ingest(arguments.paths, arguments.editor, arguments.workers)

    if arguments.command == "build":
        target = Path(arguments.db) if arguments.db else database.default_db_path()
        progress = _ProgressBar("building")
        try:
            counts = changes.rebuild(database.default_data_dir(), target, budget=workers.Budget.from_environment(arguments.workers),
                                     progress=progress)
        except (DocumentError, StoreError, CodebookError) as error:
            progress.close()
            print(f"error: build failed, the previous database is unchanged: {error}", file=sys.stderr)
            return 2
        except OSError as error:  # the database's folder cannot be made or written
            progress.close()
            print(f"error: build failed, the previous database is unchanged: {error.filename}: {error.strerror}", file=sys.stderr)
            return 2
        progress.close()
        print(f"built {target}: " + ", ".join(f"{counts[name]} {name}" for name in ("documents", "recommendations", "evidence")))
        print(f"{counts['read']} documents read, {counts['tagged']} tagged, the rest from the extraction cache", file=sys.stderr)
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
