-- The values the filters can take: platforms, years and documents present in the data.
-- Returns kind ('platform', 'year' or 'doc'), value, label.
-- Parameters: none.
SELECT 'platform' AS kind, platform AS value, platform AS label
FROM (SELECT DISTINCT unnest(platforms) AS platform FROM documents)
UNION ALL
SELECT 'year', CAST(year AS VARCHAR), CAST(year AS VARCHAR)
FROM (SELECT DISTINCT year FROM documents WHERE year IS NOT NULL)
UNION ALL
SELECT 'doc', id, coalesce(title, file) FROM documents
ORDER BY kind, value
