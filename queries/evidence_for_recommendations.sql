-- The evidence behind the given recommendations, in text order.
-- Returns recommendation_id, label, cue, start_offset, end_offset, source, negated.
-- Parameters: $ids (VARCHAR[]): recommendation ids.
SELECT recommendation_id, label, cue, start_offset, end_offset, source, negated
FROM evidence
WHERE list_contains($ids, recommendation_id)
ORDER BY recommendation_id, start_offset, label
