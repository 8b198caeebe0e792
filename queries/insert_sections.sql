-- Copies the rows registered as incoming_sections into the sections table.
-- Parameters: none (the rows come from a registered relation named incoming_sections).
INSERT INTO sections BY NAME SELECT * FROM incoming_sections
