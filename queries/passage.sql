-- A stretch of a document's text as read, for showing a recommendation in its surroundings.
-- Returns passage (VARCHAR) and passage_start (the offset of its first character).
-- Parameters: $document_id (VARCHAR), $start and $length (INTEGER, 0-based start).
SELECT substr(text, greatest($start, 0) + 1, $length) AS passage, greatest($start, 0) AS passage_start
FROM documents
WHERE id = $document_id
