-- How many recommendation rows a document has now.
-- Returns slots.
-- Parameters: $id (VARCHAR): the document.
SELECT count(*) AS slots FROM recommendation_rows WHERE document_id = $id
