-- Recommendations per audience and approach (a recommendation addressed to two audiences
-- counts once for each); those with no audience identified count under 'none', after the
-- codebook's audiences, so every recommendation is counted somewhere. With an audience
-- filter, only the chosen audiences (and 'none' if chosen) are counted.
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
audiences AS (
    SELECT id, position FROM labels WHERE kind = 'audiences'
    UNION ALL
    SELECT 'none', (SELECT count(*) FROM labels WHERE kind = 'audiences')
),
counted AS (
    SELECT a.id AS audience, g.approach, sum(g.recommendations) AS recommendations, sum(g.reviewed) AS reviewed
    FROM grouped AS g
    JOIN audiences AS a
      ON CASE WHEN a.id = 'none' THEN g.audience_mask = 0 ELSE (g.audience_mask & (1 << a.position)) <> 0 END
    GROUP BY a.id, g.approach
)
SELECT a.id AS audience, p.id AS approach, coalesce(c.recommendations, 0) AS recommendations,
       coalesce(c.reviewed, 0) AS reviewed
FROM audiences AS a
CROSS JOIN labels AS p
LEFT JOIN counted AS c ON c.audience = a.id AND c.approach = p.id
WHERE p.kind = 'approaches'
  AND (len($audience) = 0 OR list_contains($audience, a.id))
ORDER BY a.position, p.position
