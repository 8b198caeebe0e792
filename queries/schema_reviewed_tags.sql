-- Creates the reviewed_tags table: the latest reviewed tags of each recommendation, as in
-- data/reviewed_tags.jsonl (record holds the line's JSON), so a save can remake one
-- document's rows without reading the whole file.
-- Parameters: none.
CREATE TABLE reviewed_tags (
    document VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    record VARCHAR NOT NULL
)
