-- Empties the platforms table, before a save that changes which platforms are studied writes it anew.
-- Parameters: none.
DELETE FROM platforms
