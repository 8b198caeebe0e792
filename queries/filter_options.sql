-- The platforms and years present in the data, for the filters.
-- Returns kind ('platform' or 'year'), value.
-- Parameters: none.
SELECT 'platform' AS kind, platform AS value
FROM (SELECT DISTINCT unnest(platforms) AS platform FROM documents)
UNION ALL
SELECT 'year', CAST(year AS VARCHAR)
FROM (SELECT DISTINCT year FROM documents WHERE year IS NOT NULL)
ORDER BY kind, value
