-- The other recommendations of the same document (for merging), in text order.
-- Returns id, position, text.
-- Parameters: $document_id (VARCHAR), $id (VARCHAR): the recommendation to leave out.
SELECT id, position, text
FROM recommendations
WHERE document_id = $document_id AND id <> $id AND status <> 'rejected'
ORDER BY start_offset
