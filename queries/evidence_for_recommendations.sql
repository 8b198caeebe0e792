-- The evidence behind the given recommendations, in text order.
-- Returns recommendation_id, label, cue, start_offset, end_offset, source, negated, text_start, text_end.
-- Parameters: $ids (VARCHAR[]): recommendation ids.
SELECT recommendation_id, label, cue, start_offset, end_offset, source, negated, text_start, text_end
FROM evidence
WHERE list_contains($ids, recommendation_id)
ORDER BY recommendation_id, start_offset, label
