-- Copies the rows registered as incoming_evidence into the evidence table.
-- Parameters: none (the rows come from a registered relation named incoming_evidence).
INSERT INTO evidence BY NAME SELECT * FROM incoming_evidence
