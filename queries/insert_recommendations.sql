-- Copies the rows registered as incoming_recommendations into the recommendations table.
-- Parameters: none (the rows come from a registered relation named incoming_recommendations).
INSERT INTO recommendations BY NAME SELECT * FROM incoming_recommendations
