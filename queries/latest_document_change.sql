-- The last change to a document's metadata (or its addition): who made it and when.
-- Returns editor, changed_at.
-- Parameters: $document (VARCHAR): the document's file name.
SELECT editor, changed_at FROM audit
WHERE document = $document AND action IN ('edit_metadata', 'add_document')
ORDER BY changed_at DESC
LIMIT 1
