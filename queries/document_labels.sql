-- What names the given documents in lists and charts: title, or file, platforms, city and
-- institution for an untitled one. Unknown ids are simply not returned.
-- Returns id, title, file, institution, city, platforms.
-- Parameters: $ids (VARCHAR[]).
SELECT id, title, file, institution, city, platforms
FROM documents
WHERE list_contains($ids, id)
ORDER BY id
