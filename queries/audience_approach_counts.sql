-- Recommendations per audience and approach (a recommendation addressed to two audiences
-- counts once for each). With an audience filter, only the chosen audiences are counted.
-- Rows are grouped by their audience bit set first and matched to audiences after, so
-- the expensive part touches a few groups, not every row.
-- Returns audience, approach, recommendations and how many of them a person reviewed
-- (tag_source 'review'); every audience x approach pair, zeros included.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]).
WITH grouped AS (
    SELECT audience_mask, approach, count(*) AS recommendations, count(*) FILTER (WHERE tag_source = 'review') AS reviewed
    FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
    GROUP BY audience_mask, approach
),
counted AS (
    SELECT a.id AS audience, g.approach, sum(g.recommendations) AS recommendations, sum(g.reviewed) AS reviewed
    FROM grouped AS g
    JOIN labels AS a ON a.kind = 'audiences' AND (g.audience_mask & (1 << a.position)) <> 0
    GROUP BY a.id, g.approach
)
SELECT a.id AS audience, p.id AS approach, coalesce(c.recommendations, 0) AS recommendations,
       coalesce(c.reviewed, 0) AS reviewed
FROM labels AS a
CROSS JOIN labels AS p
LEFT JOIN counted AS c ON c.audience = a.id AND c.approach = p.id
WHERE a.kind = 'audiences' AND p.kind = 'approaches'
  AND (len($audience) = 0 OR list_contains($audience, a.id))
ORDER BY a.position, p.position
