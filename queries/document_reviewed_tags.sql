-- A document's latest reviewed tags, as the lines of data/reviewed_tags.jsonl hold them.
-- Returns record (JSON text).
-- Parameters: $document (VARCHAR): the document's file name.
SELECT record FROM reviewed_tags WHERE document = $document ORDER BY start_offset, end_offset
