-- Recommendations per audience and approach (a recommendation addressed to two audiences
-- counts once for each). With an audience filter, only the chosen audiences are counted.
-- Rows are grouped by audience list first and split into audiences after, so unnesting
-- touches a few groups, not every row.
-- Returns audience, approach, recommendations; every audience x approach pair, zeros included.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]).
WITH grouped AS (
    SELECT audiences, approach, count(*) AS recommendations
    FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
    GROUP BY audiences, approach
),
counted AS (
    SELECT audience, approach, sum(recommendations) AS recommendations
    FROM grouped, unnest(audiences) AS t(audience)
    WHERE len($audience) = 0 OR list_contains($audience, audience)
    GROUP BY audience, approach
)
SELECT a.id AS audience, p.id AS approach, coalesce(c.recommendations, 0) AS recommendations
FROM labels AS a
CROSS JOIN labels AS p
LEFT JOIN counted AS c ON c.audience = a.id AND c.approach = p.id
WHERE a.kind = 'audiences' AND p.kind = 'approaches'
  AND (len($audience) = 0 OR list_contains($audience, a.id))
ORDER BY a.position, p.position
