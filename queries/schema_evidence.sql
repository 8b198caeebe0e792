-- Creates the evidence table: each cue behind a tag, with its offsets in the document's text as read.
-- Parameters: none.
CREATE TABLE evidence (
    recommendation_id VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    cue VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    negated BOOLEAN NOT NULL
)
