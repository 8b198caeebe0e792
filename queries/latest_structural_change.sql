-- The last split or merge in a document: who made it and when.
-- Returns editor, changed_at.
-- Parameters: $document (VARCHAR): the document's file name.
SELECT editor, changed_at FROM audit
WHERE document = $document AND action IN ('split', 'merge')
ORDER BY changed_at DESC
LIMIT 1
