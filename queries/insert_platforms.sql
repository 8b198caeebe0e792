-- Copies the rows registered as incoming_platforms into the platforms table.
-- Parameters: none (the rows come from a registered relation named incoming_platforms).
INSERT INTO platforms BY NAME SELECT * FROM incoming_platforms
