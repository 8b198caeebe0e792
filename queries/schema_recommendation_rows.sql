-- Creates the recommendation_rows table, which the recommendations view shows: every
-- recommendation with the engine's tags, the reviewed tags (if any) and the tags shown
-- (reviewed win), plus the document fields the filters need, so filtering needs no join.
-- status: engine (not reviewed), accepted or rejected (by a reviewer: not a
-- recommendation). origin: engine, split or merge. version: a hash of the reviewed tags
-- ('engine' before any review), which a save compares with the version its editor saw.
-- Rows are stored in document order (document_id, position), and a save updates them in
-- place, so their lists are kept as text (see text_list) and id has no index (an update
-- of an indexed column moves the row too).
-- Parameters: none.
CREATE TABLE recommendation_rows (
    id VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    page INTEGER,  -- the PDF page the recommendation starts on; NULL for other formats
    heading VARCHAR,
    audiences VARCHAR NOT NULL,
    approach VARCHAR NOT NULL,
    themes VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    summary_en VARCHAR,
    tag_source VARCHAR NOT NULL,
    tag_source_note VARCHAR NOT NULL,
    engine_audiences VARCHAR NOT NULL,
    engine_approach VARCHAR NOT NULL,
    engine_themes VARCHAR NOT NULL,
    reviewed_audiences VARCHAR,
    reviewed_approach VARCHAR,
    reviewed_themes VARCHAR,
    reviewer VARCHAR,
    reviewed_at VARCHAR,
    review_note VARCHAR,
    version VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL,
    needs_review BOOLEAN NOT NULL,
    review_reasons VARCHAR NOT NULL,
    year INTEGER,
    platforms VARCHAR NOT NULL,
    -- The audiences and platforms again as bit sets (bit i: the label at position i in
    -- labels, the platform at position i in platforms): filtering and grouping on an
    -- integer is many times faster than on a list.
    audience_mask INTEGER NOT NULL,
    platform_mask BIGINT NOT NULL
)
