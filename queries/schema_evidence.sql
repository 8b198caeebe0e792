-- Creates the evidence table: each cue behind a tag, with its offsets in the document's
-- text as read and in the cleaned text of its source (the recommendation, or its heading).
-- Parameters: none.
CREATE TABLE evidence (
    recommendation_id VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    cue VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    negated BOOLEAN NOT NULL,
    text_start INTEGER,
    text_end INTEGER
)
