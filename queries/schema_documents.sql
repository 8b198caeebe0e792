-- Creates the documents table: one row per source document, with its metadata and text as read.
-- Parameters: none.
CREATE TABLE documents (
    id VARCHAR PRIMARY KEY,
    file VARCHAR NOT NULL,
    title VARCHAR,
    author VARCHAR,
    institution VARCHAR,
    city VARCHAR,
    year INTEGER,
    platforms VARCHAR[] NOT NULL,
    discipline VARCHAR,
    method VARCHAR,
    language VARCHAR,
    part VARCHAR,
    url VARCHAR,
    format VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    characters INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    -- The smallest 128 hashes of the text's five-word shingles (tracker/store/sketches.py):
    -- what finds a stored document with the same text without reading every text.
    shingle_sketch BIGINT[]
)
