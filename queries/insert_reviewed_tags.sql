-- Copies the rows registered as incoming_reviewed_tags into the reviewed_tags table.
-- Parameters: none (the rows come from a registered relation named incoming_reviewed_tags).
INSERT INTO reviewed_tags BY NAME SELECT * FROM incoming_reviewed_tags
