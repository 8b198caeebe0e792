-- The filtered recommendations with what a profile or brief shows of each: quote, tags,
-- summary, review status, section and the document's citation fields; in document order,
-- at most $limit. (Called with the profiled audience as the audience filter.)
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]),
-- $limit (INTEGER).
WITH chosen AS (
    SELECT *
    FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
    LIMIT $limit
)
SELECT r.id, r.document_id, r.text, r.audiences, r.approach, r.themes, r.summary_en, r.tag_source, r.needs_review,
       r.heading, r.start_offset, r.page, d.file, d.title, d.author, d.institution, d.year, d.url, d.city, d.platforms
FROM chosen AS r
JOIN documents AS d ON d.id = r.document_id
ORDER BY r.document_id, r.position
