-- One document's text as read.
-- Parameters: $document_id (VARCHAR).
SELECT text FROM documents WHERE id = $document_id
