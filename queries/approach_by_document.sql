-- Approach mix of the documents with the most filtered recommendations (at most $limit
-- documents, most first), with what names each document.
-- Returns document_id, title, file, institution, city, platforms, approach, recommendations.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]),
-- $patterns, $needles (VARCHAR[]), $limit (INTEGER).
WITH filtered AS (
    SELECT document_id, approach
    FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
),
top AS (
    SELECT document_id, count(*) AS total
    FROM filtered
    GROUP BY document_id
    ORDER BY total DESC, document_id
    LIMIT $limit
)
SELECT f.document_id, d.title, d.file, d.institution, d.city, d.platforms, f.approach, count(*) AS recommendations
FROM filtered AS f
JOIN top AS t ON t.document_id = f.document_id
JOIN documents AS d ON d.id = f.document_id
GROUP BY f.document_id, d.title, d.file, d.institution, d.city, d.platforms, f.approach, t.total
ORDER BY t.total DESC, f.document_id, f.approach
