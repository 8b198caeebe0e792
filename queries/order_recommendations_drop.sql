-- Drops the temporary copy made by order_recommendations_copy.
-- Parameters: none.
DROP TABLE ordered_recommendation_rows
