-- Removes a document's sections, before a save writes them anew.
-- Parameters: $id (VARCHAR): the document.
DELETE FROM sections WHERE document_id = $id
