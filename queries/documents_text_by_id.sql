-- The text as read of the documents named, with what names each (its title, else its file).
-- Returns id, name, text.
-- Parameters: $ids (VARCHAR[]).
SELECT id, coalesce(title, file) AS name, text FROM documents WHERE list_contains($ids, id) ORDER BY id
