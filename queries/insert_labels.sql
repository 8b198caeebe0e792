-- Copies the rows registered as incoming_labels into the labels table.
-- Parameters: none (the rows come from a registered relation named incoming_labels).
INSERT INTO labels BY NAME SELECT * FROM incoming_labels
