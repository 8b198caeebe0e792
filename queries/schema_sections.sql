-- Creates the sections table: the recommendations sections found in each document.
-- Parameters: none.
CREATE TABLE sections (
    document_id VARCHAR NOT NULL,
    heading VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL
)
