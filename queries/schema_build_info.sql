-- Creates the build_info table: when and from what the database was built.
-- Parameters: none.
CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)
