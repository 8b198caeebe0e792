-- The last recommendation in document order: rows appended after it keep the table in order.
-- Returns document_id, position.
-- Parameters: none.
SELECT document_id, position FROM recommendation_rows ORDER BY document_id DESC, position DESC LIMIT 1
