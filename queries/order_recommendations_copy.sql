-- Copies recommendation_rows in document order into a temporary table; with
-- order_recommendations_clear and order_recommendations_fill it puts the rows back in
-- order after a save appended some that belong before others (a split, or a document
-- whose id sorts before the last).
-- Parameters: none.
CREATE TEMP TABLE ordered_recommendation_rows AS SELECT * FROM recommendation_rows ORDER BY document_id, position
