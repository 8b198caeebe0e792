-- The document with this content (an upload already present), if any.
-- Returns id.
-- Parameters: $content_hash (VARCHAR).
SELECT id FROM documents WHERE content_hash = $content_hash
