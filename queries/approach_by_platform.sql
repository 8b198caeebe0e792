-- Approach mix per platform studied (a document about two platforms counts for both).
-- Counts are grouped by each recommendation's platform list first and only then split
-- into platforms, so the expensive unnesting touches a few groups, not every row.
-- Returns platform, approach, recommendations.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]).
WITH grouped AS (
    SELECT platforms, approach, count(*) AS recommendations
    FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
    GROUP BY platforms, approach
)
SELECT platform, approach, sum(recommendations) AS recommendations
FROM grouped,
     unnest(CASE WHEN len(platforms) = 0 THEN ['(not stated)'] ELSE platforms END) AS t(platform)
GROUP BY platform, approach
ORDER BY platform, approach
