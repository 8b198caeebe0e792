-- How many of the engine's recommendations reviewers kept, rejected, split or merged.
-- Returns outcome, recommendations.
-- Parameters: none.
SELECT CASE WHEN status = 'rejected' THEN 'rejected' WHEN origin <> 'engine' THEN origin ELSE 'kept' END AS outcome,
       count(*) AS recommendations
FROM recommendations
WHERE status IN ('accepted', 'rejected')
GROUP BY outcome
ORDER BY outcome
