-- A document's metadata as sources.csv holds it, for the editing form.
-- Returns id, file, title, author, institution, city, year, platforms, discipline, method,
-- language, part, url.
-- Parameters: $id (VARCHAR).
SELECT id, file, title, author, institution, city, year, platforms, discipline, method, language, part, url
FROM documents
WHERE id = $id
