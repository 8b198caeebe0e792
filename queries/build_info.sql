-- When and from what the database was built.
-- Returns key, value.
-- Parameters: none.
SELECT key, value FROM build_info ORDER BY key
