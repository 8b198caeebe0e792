-- Removes the evidence of a document's recommendations, before a save writes it anew.
-- Parameters: $id (VARCHAR): the document.
DELETE FROM evidence WHERE recommendation_id IN (SELECT id FROM recommendation_rows WHERE document_id = $id)
