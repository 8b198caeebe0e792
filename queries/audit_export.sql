-- The whole audit trail for download, oldest first.
-- Parameters: none.
SELECT changed_at, editor, recommendation_id, document, action, field, old_value, new_value, note
FROM audit
ORDER BY changed_at, recommendation_id
