-- Every document's content hash, to skip a file already present.
-- Returns content_hash, id.
-- Parameters: none.
SELECT content_hash, id FROM documents
