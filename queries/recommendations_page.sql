-- One page of the filtered recommendations with their citation, in document order.
-- Returns the recommendation's fields and the document's title, author, institution, city, year.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]),
-- $patterns (VARCHAR[]), $limit and $offset (INTEGER).
SELECT r.id, r.document_id, r.position, r.text, r.start_offset, r.end_offset, r.heading,
       r.audiences, r.approach, r.themes, r.confidence, r.needs_review, r.review_reasons,
       r.tag_source, r.tag_source_note,
       d.file, d.title, d.author, d.institution, d.city, d.year, d.platforms
FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns) AS r
JOIN documents AS d ON d.id = r.document_id
ORDER BY r.document_id, r.position
LIMIT $limit OFFSET $offset
