-- Where each recommendation of one document stands in its text, with its approach.
-- Returns id, start_offset, end_offset, approach, audiences.
-- Parameters: $document_id (VARCHAR).
SELECT id, start_offset, end_offset, approach, audiences
FROM recommendations
WHERE document_id = $document_id
ORDER BY start_offset
