-- Copies the rows registered as incoming_audit into the audit table.
-- Parameters: none (the rows come from a registered relation named incoming_audit).
INSERT INTO audit BY NAME SELECT * FROM incoming_audit
