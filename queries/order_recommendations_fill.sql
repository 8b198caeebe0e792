-- Writes the rows kept in ordered_recommendation_rows back, in document order.
-- Parameters: none.
INSERT INTO recommendation_rows SELECT * FROM ordered_recommendation_rows ORDER BY document_id, position
