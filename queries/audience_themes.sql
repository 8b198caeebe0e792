-- The themes of the filtered recommendations, ranked by how many documents raise them.
-- (Called with the profiled audience as the audience filter.)
-- Returns theme, documents, recommendations.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]).
WITH raised AS (
    SELECT unnest(themes) AS theme, document_id
    FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
)
SELECT r.theme, count(DISTINCT r.document_id) AS documents, count(*) AS recommendations
FROM raised AS r
JOIN labels AS l ON l.kind = 'themes' AND l.id = r.theme
GROUP BY r.theme, l.position
ORDER BY documents DESC, recommendations DESC, l.position
