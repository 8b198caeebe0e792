-- Overwrites recommendation rows in place with the rows registered as
-- incoming_recommendations (lists as lists), matched by document and position. Every
-- column is text or a number, so DuckDB updates each row where it is and the table stays
-- in document order. Names every column of recommendation_rows (tests check that).
-- Parameters: none (the rows come from a registered relation named incoming_recommendations).
UPDATE recommendation_rows AS r
SET id = n.id,
    text = n.text,
    start_offset = n.start_offset,
    end_offset = n.end_offset,
    page = n.page,
    heading = n.heading,
    audiences = list_text(n.audiences),
    approach = n.approach,
    themes = list_text(n.themes),
    status = n.status,
    origin = n.origin,
    summary_en = n.summary_en,
    tag_source = n.tag_source,
    tag_source_note = n.tag_source_note,
    engine_audiences = list_text(n.engine_audiences),
    engine_approach = n.engine_approach,
    engine_themes = list_text(n.engine_themes),
    reviewed_audiences = list_text(n.reviewed_audiences),
    reviewed_approach = n.reviewed_approach,
    reviewed_themes = list_text(n.reviewed_themes),
    reviewer = n.reviewer,
    reviewed_at = n.reviewed_at,
    review_note = n.review_note,
    version = n.version,
    confidence = n.confidence,
    needs_review = n.needs_review,
    review_reasons = list_text(n.review_reasons),
    year = n.year,
    platforms = list_text(n.platforms),
    audience_mask = n.audience_mask,
    platform_mask = n.platform_mask
FROM incoming_recommendations AS n
WHERE r.document_id = n.document_id AND r.position = n.position
