-- The audit trail of one recommendation (and of the spans it was split from or merged
-- out of, which share its document), newest first.
-- Returns changed_at, editor, action, field, old_value, new_value, note.
-- Parameters: $id (VARCHAR).
SELECT changed_at, editor, action, field, old_value, new_value, note
FROM audit
WHERE recommendation_id = $id
ORDER BY changed_at DESC
