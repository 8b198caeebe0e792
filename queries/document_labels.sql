-- What names a document in lists and charts: its title, or for an untitled one its file,
-- platforms, city and institution.
-- Returns id, title, file, institution, city, platforms.
-- Parameters: none.
SELECT id, title, file, institution, city, platforms
FROM documents
ORDER BY id
