-- How the engine's audiences and themes compare with reviewers', label by label, over the
-- same reviewed recommendations: for each label, how often each side gave it.
-- Returns kind ('audiences' or 'themes'), label, engine (BOOLEAN), reviewed (BOOLEAN), recommendations.
-- Parameters: none.
SELECT l.kind, l.id AS label,
       CASE WHEN l.kind = 'audiences' THEN list_contains(r.engine_audiences, l.id) ELSE list_contains(r.engine_themes, l.id) END AS engine,
       CASE WHEN l.kind = 'audiences' THEN list_contains(r.reviewed_audiences, l.id) ELSE list_contains(r.reviewed_themes, l.id) END AS reviewed,
       count(*) AS recommendations
FROM recommendations AS r
CROSS JOIN labels AS l
WHERE r.status = 'accepted' AND r.origin = 'engine' AND l.kind IN ('audiences', 'themes')
GROUP BY l.kind, l.id, l.position, engine, reviewed
ORDER BY l.kind, l.position, engine, reviewed
