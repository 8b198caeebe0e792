-- Creates the recommendations table: every recommendation with the engine's tags, the
-- reviewed tags (if any) and the tags shown (reviewed win), plus the document fields the
-- filters need, so filtering needs no join. status: engine (not reviewed), accepted or
-- rejected (by a reviewer: not a recommendation). origin: engine, split or merge.
-- Parameters: none.
CREATE TABLE recommendations (
    id VARCHAR PRIMARY KEY,
    document_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    page INTEGER,  -- the PDF page the recommendation starts on; NULL for other formats
    heading VARCHAR,
    audiences VARCHAR[] NOT NULL,
    approach VARCHAR NOT NULL,
    themes VARCHAR[] NOT NULL,
    status VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    summary_en VARCHAR,
    tag_source VARCHAR NOT NULL,
    tag_source_note VARCHAR NOT NULL,
    engine_audiences VARCHAR[] NOT NULL,
    engine_approach VARCHAR NOT NULL,
    engine_themes VARCHAR[] NOT NULL,
    reviewed_audiences VARCHAR[],
    reviewed_approach VARCHAR,
    reviewed_themes VARCHAR[],
    reviewer VARCHAR,
    reviewed_at VARCHAR,
    review_note VARCHAR,
    confidence DOUBLE NOT NULL,
    needs_review BOOLEAN NOT NULL,
    review_reasons VARCHAR[] NOT NULL,
    year INTEGER,
    platforms VARCHAR[] NOT NULL,
    -- The audiences and platforms again as bit sets (bit i: the label at position i in
    -- labels, the platform at position i in platforms): filtering and grouping on an
    -- integer is many times faster than on a list.
    audience_mask INTEGER NOT NULL,
    platform_mask BIGINT NOT NULL
)
