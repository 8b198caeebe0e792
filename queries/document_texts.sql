-- Every stored document's text as read, with what names it, for finding duplicates by content.
-- Returns id, title, file, text.
-- Parameters: none.
SELECT id, title, file, text
FROM documents
ORDER BY id
