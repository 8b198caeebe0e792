-- Removes a document's recommendation rows from a position on (a merge left it fewer).
-- Parameters: $id (VARCHAR): the document; $count (INTEGER): the rows it keeps.
DELETE FROM recommendation_rows WHERE document_id = $id AND position >= $count
