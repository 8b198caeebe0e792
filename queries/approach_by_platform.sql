-- Approach mix per platform studied (a document about two platforms counts for both).
-- Returns platform, approach, recommendations.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns (VARCHAR[]).
SELECT platform, approach, count(*) AS recommendations
FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns),
     unnest(CASE WHEN len(platforms) = 0 THEN ['(not stated)'] ELSE platforms END) AS t(platform)
GROUP BY platform, approach
ORDER BY platform, approach
