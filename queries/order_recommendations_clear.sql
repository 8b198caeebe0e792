-- Empties recommendation_rows (its rows wait in ordered_recommendation_rows).
-- Parameters: none.
DELETE FROM recommendation_rows
