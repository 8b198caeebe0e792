-- Approach mix per document for the filtered recommendations.
-- Returns document_id, document (display title), approach, recommendations.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns (VARCHAR[]).
SELECT r.document_id,
       coalesce(d.title, d.file) AS document,
       r.approach,
       count(*) AS recommendations
FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns) AS r
JOIN documents AS d ON d.id = r.document_id
GROUP BY r.document_id, document, r.approach
ORDER BY r.document_id, r.approach
