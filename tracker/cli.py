"""Command line: python -m tracker extract FILE [--json] | build [--db PATH]."""

import argparse
import json
import sys

from tracker import store
from tracker.codebook import CodebookError
from tracker.engine import Extraction, extract_file
from tracker.reading import DocumentError
from tracker.store import StoreError


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker", description="Policy-recommendation tracker")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="find and tag the recommendations in a document")
    extract.add_argument("file", help=".txt, .md, .pdf or .docx")
    extract.add_argument("--json", action="store_true", help="print JSON instead of a listing")
    build = commands.add_parser("build", help="(re)build the DuckDB database from data/")
    build.add_argument("--db", help="database path (default: $TRACKER_DB or data/tracker.duckdb)")
    arguments = parser.parse_args(argv)

    if arguments.command == "build":
        try:
            counts = store.build(arguments.db)
        except (DocumentError, StoreError, CodebookError) as error:
            print(f"error: build failed, the previous database is unchanged: {error}", file=sys.stderr)
            return 2
        target = arguments.db or store.default_db_path()
        print(f"built {target}: " + ", ".join(f"{count} {name}" for name, count in counts.items()))
        return 0

    if arguments.command == "extract":
        try:
            extraction = extract_file(arguments.file)
        except DocumentError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        if arguments.json:
            print(json.dumps(extraction.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(_listing(extraction))
    return 0
