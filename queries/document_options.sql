-- Documents whose title, file, city or institution contains the given text (any case),
-- for the document filter; at most $limit, in id order.
-- Returns id, title, file, institution, city, platforms.
-- Parameters: $q (VARCHAR; '' matches all), $limit (INTEGER).
SELECT id, title, file, institution, city, platforms
FROM documents
WHERE $q = ''
   OR contains(lower(coalesce(title, '') || ' ' || file || ' ' || coalesce(city, '') || ' ' || coalesce(institution, '')), lower($q))
ORDER BY id
LIMIT $limit
