-- Creates the audit table: every change a reviewer or editor made, oldest first, from data/audit.jsonl.
-- old_value and new_value hold JSON text.
-- Parameters: none.
CREATE TABLE audit (
    changed_at VARCHAR NOT NULL,
    editor VARCHAR NOT NULL,
    recommendation_id VARCHAR NOT NULL,
    document VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    old_value VARCHAR,
    new_value VARCHAR,
    note VARCHAR
)
