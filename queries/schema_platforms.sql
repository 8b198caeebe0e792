-- Creates the platforms table: every platform studied, with its bit in platform_mask.
-- Parameters: none.
CREATE TABLE platforms (name VARCHAR PRIMARY KEY, position INTEGER NOT NULL)
