-- A document's recommendation ids in document order (its rows in recommendation_rows now).
-- Returns id.
-- Parameters: $id (VARCHAR): the document.
SELECT id FROM recommendation_rows WHERE document_id = $id ORDER BY position
