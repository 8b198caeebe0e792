-- Creates the labels table: the codebook's audiences, approaches and themes with their
-- names and definitions in English and Indonesian and their chart colour.
-- Parameters: none.
CREATE TABLE labels (
    kind VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    name_en VARCHAR NOT NULL,
    name_id VARCHAR NOT NULL,
    definition_en VARCHAR NOT NULL,
    definition_id VARCHAR NOT NULL,
    colour VARCHAR
)
