-- Writes everything to the database file, so it is complete before it replaces the old one.
-- Parameters: none.
CHECKPOINT
