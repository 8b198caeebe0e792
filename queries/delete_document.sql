-- Removes a document's row, before a save writes it anew.
-- Parameters: $id (VARCHAR).
DELETE FROM documents WHERE id = $id
