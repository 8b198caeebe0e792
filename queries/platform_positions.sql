-- Every platform with its bit in platform_mask.
-- Returns name, position.
-- Parameters: none.
SELECT name, position FROM platforms ORDER BY position
