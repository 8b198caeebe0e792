-- Attaches a tracker database file, read-only, as the catalog "tracker" of an in-memory
-- connection. Opening through ATTACH always reads the file as it is now, even when this
-- process still holds an older version of the same path open.
-- Parameters: $path (VARCHAR): the database file.
ATTACH $path AS tracker (READ_ONLY)
