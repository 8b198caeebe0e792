"""A document's rows in the database, made from its metadata, its extraction and its reviewed tags.

A full build and an incremental save both make a document's rows here, so a database kept
up to date save by save holds what a rebuild from the text files would.
"""

import hashlib
import json
import re
from dataclasses import replace

from tracker.engine.codebook import AUDIENCE_IDS
from tracker.engine.extraction import Extraction
from tracker.engine.reading import PAGE_BREAK

SOURCE_COLUMNS = (
    "id", "file", "title", "author", "institution", "city", "year", "platforms",
    "discipline", "method", "language", "part", "url",
)
AUDIENCE_BITS = {audience: 1 << position for position, audience in enumerate(AUDIENCE_IDS)}


def split_list(value: str) -> list[str]:
    """A metadata cell holding several values, separated by semicolons or commas."""
    return [part.strip() for part in re.split(r"[;,]", value or "") if part.strip()]


def review_version(review: dict | None) -> str:
    """What a recommendation's reviewed state is now, as a short hash: an editor's save names
    the version it started from, and a save on top of another editor's change is refused."""
    if not review:
        return "engine"
    return hashlib.sha256(json.dumps(review, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def candidates(extraction: Extraction, reviewed_rows: list[dict]) -> list[dict]:
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


def document_rows(source: dict, content_hash: str, extraction: Extraction, reviewed_rows: list[dict],
                  platform_bits: dict[str, int], sketch: list[int]) -> dict[str, list[dict]]:
    """The rows of the documents, sections, recommendations, evidence and reviewed_tags tables for one document.

    ``source`` is its row of sources.csv; ``reviewed_rows`` the latest reviewed tags of its
    recommendations; ``platform_bits`` each platform's bit in platform_mask; ``sketch`` its
    text's shingle sketch (see sketches).
    """
    year = int(source["year"]) if source["year"] else None
    platforms = split_list(source["platforms"])
    tables: dict[str, list[dict]] = {
        "documents": [{
            **{column: source[column] or None for column in SOURCE_COLUMNS},
            "year": year,
            "platforms": platforms,
            "format": extraction.format,
            "content_hash": content_hash,
            "characters": len(extraction.text),
            "text": extraction.text,
            "shingle_sketch": sketch,
        }],
        "sections": [
            {"document_id": source["id"], "heading": section.heading, "start_offset": section.start, "end_offset": section.end}
            for section in extraction.sections
        ],
        "recommendations": [],
        "evidence": [],
        "reviewed_tags": [
            {"document": row["document"], "start_offset": int(row["start"]), "end_offset": int(row["end"]),
             "record": json.dumps(row, ensure_ascii=False, sort_keys=True)}
            for row in reviewed_rows
        ],
    }
    reviewed = {(int(row["start"]), int(row["end"])): row for row in reviewed_rows}
    platform_mask = sum(platform_bits[name] for name in set(platforms))
    for position, item in enumerate(candidates(extraction, reviewed_rows)):
        recommendation_id = f"{source['id']}:{item['start']}-{item['end']}"
        review = reviewed.get((item["start"], item["end"]))
        shown = review or {"audiences": item["engine_audiences"], "approach": item["engine_approach"], "themes": item["engine_themes"]}
        tables["recommendations"].append({
            "id": recommendation_id,
            "document_id": source["id"],
            "position": position,
            "text": item["text"],
            "start_offset": item["start"],
            "end_offset": item["end"],
            # A PDF's pages are joined by form feeds in the text as read.
            "page": extraction.text.count(PAGE_BREAK, 0, item["start"]) + 1 if extraction.format == "pdf" else None,
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
            "version": review_version(review),
            "confidence": item["confidence"],
            "needs_review": item["needs_review"] and not review,
            "review_reasons": item["review_reasons"],
            "year": year,
            "platforms": platforms,
            "audience_mask": sum(AUDIENCE_BITS[audience] for audience in set(shown["audiences"])),
            "platform_mask": platform_mask,
        })
        for evidence in item["evidence"]:
            tables["evidence"].append({
                "recommendation_id": recommendation_id, "label": evidence.label, "cue": evidence.cue,
                "start_offset": evidence.start, "end_offset": evidence.end,
                "source": evidence.source, "negated": evidence.negated,
                "text_start": evidence.text_start, "text_end": evidence.text_end,
            })
    return tables
