-- Approach mix per publication year; documents whose year is not stated are grouped as NULL.
-- Returns year, approach, recommendations.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]).
SELECT year, approach, count(*) AS recommendations
FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
GROUP BY year, approach
ORDER BY year NULLS LAST, approach
