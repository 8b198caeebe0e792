-- Approach mix per platform studied (a document about two platforms counts for both).
-- Rows are grouped by their platform bit set first and matched to platforms after.
-- Returns platform, approach, recommendations.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]).
WITH grouped AS (
    SELECT platform_mask, approach, count(*) AS recommendations
    FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
    GROUP BY platform_mask, approach
)
SELECT coalesce(p.name, '(not stated)') AS platform, g.approach, sum(g.recommendations) AS recommendations
FROM grouped AS g
LEFT JOIN platforms AS p ON (g.platform_mask & (1::BIGINT << p.position)) <> 0
GROUP BY platform, g.approach
ORDER BY platform, g.approach
