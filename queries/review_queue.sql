-- The review queue: filtered recommendations not rejected; those with no audience
-- identified first, then those needing review, then the least confident, then those not
-- yet reviewed.
-- Returns id, document_id, position, text, audiences, approach, confidence, needs_review, status.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]),
-- $patterns, $needles (VARCHAR[]), $limit (INTEGER).
SELECT id, document_id, position, text, audiences, approach, confidence, needs_review, status
FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
ORDER BY audience_mask = 0 DESC, needs_review DESC, confidence ASC, (status = 'engine') DESC, document_id, position
LIMIT $limit
