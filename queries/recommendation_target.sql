-- One recommendation as shown now, with what a reviewer needs to change it: its version
-- (which a save compares with the version its editor saw) and who reviewed it last.
-- Returns id, document_id, file, start_offset, end_offset, text, heading, audiences,
-- approach, themes, status, summary_en, version, reviewer, reviewed_at.
-- Parameters: $id (VARCHAR).
SELECT r.id, r.document_id, d.file, r.start_offset, r.end_offset, r.text, r.heading,
       r.audiences, r.approach, r.themes, r.status, r.summary_en, r.version, r.reviewer, r.reviewed_at
FROM recommendations AS r
JOIN documents AS d ON d.id = r.document_id
WHERE r.id = $id
