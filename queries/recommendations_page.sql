-- One page of the filtered recommendations with their citation, in document order.
-- Recommendations are stored in document order, so the page is cut from the filtered
-- rows as they are scanned (no sort of all of them); only the page itself is sorted.
-- Returns the recommendation's fields and the document's title, author, institution, city, year, url.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]),
-- $patterns, $needles (VARCHAR[]), $limit and $offset (INTEGER).
WITH page AS (
    SELECT *
    FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
    LIMIT $limit OFFSET $offset
)
SELECT r.id, r.document_id, r.position, r.text, r.start_offset, r.end_offset, r.page, r.heading,
       r.audiences, r.approach, r.themes, r.confidence, r.needs_review, r.review_reasons,
       r.tag_source, r.reviewer, r.reviewed_at, r.summary_en,
       d.file, d.title, d.author, d.institution, d.city, d.year, d.url, d.platforms
FROM page AS r
JOIN documents AS d ON d.id = r.document_id
ORDER BY r.document_id, r.position
