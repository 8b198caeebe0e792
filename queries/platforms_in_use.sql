-- The platforms of every document but those named, sorted: with the platforms of the
-- documents a save changes, the platforms the database must hold after it.
-- Returns platform.
-- Parameters: $ids (VARCHAR[]): the documents left out.
SELECT DISTINCT unnest(platforms) AS platform FROM documents WHERE NOT list_contains($ids, id) ORDER BY platform
