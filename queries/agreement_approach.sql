-- How the engine's approach compares with reviewers' over reviewed recommendations the
-- engine found as they stand (not split, merged or rejected): a confusion table.
-- Returns engine, reviewed, recommendations.
-- Parameters: none.
SELECT engine_approach AS engine, reviewed_approach AS reviewed, count(*) AS recommendations
FROM recommendations
WHERE status = 'accepted' AND origin = 'engine'
GROUP BY engine_approach, reviewed_approach
ORDER BY engine_approach, reviewed_approach
