-- How many recommendations pass the filters (for paging).
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]).
SELECT count(*) AS recommendations
FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
