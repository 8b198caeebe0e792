-- One page of the documents passing the document filters (platform, doc, year), with its metadata and
-- the count and approach mix of its recommendations that pass all filters.
-- Returns the document's metadata and recommendations, punitive, harm_reduction, mixed, neither, sections.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]),
-- $patterns, $needles (VARCHAR[]), $limit and $offset (INTEGER): one page of documents.
WITH mix AS (
    SELECT document_id,
           count(*) AS recommendations,
           count(*) FILTER (WHERE approach = 'punitive') AS punitive,
           count(*) FILTER (WHERE approach = 'harm_reduction') AS harm_reduction,
           count(*) FILTER (WHERE approach = 'mixed') AS mixed,
           count(*) FILTER (WHERE approach = 'neither') AS neither
    FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
    GROUP BY document_id
)
SELECT d.id, d.file, d.title, d.author, d.institution, d.city, d.year, d.platforms,
       d.discipline, d.method, d.language, d.part, d.url, d.format, d.characters,
       coalesce(m.recommendations, 0) AS recommendations,
       coalesce(m.punitive, 0) AS punitive,
       coalesce(m.harm_reduction, 0) AS harm_reduction,
       coalesce(m.mixed, 0) AS mixed,
       coalesce(m.neither, 0) AS neither,
       (SELECT count(*) FROM sections AS s WHERE s.document_id = d.id) AS sections
FROM documents AS d
LEFT JOIN mix AS m ON m.document_id = d.id
WHERE (len($platform) = 0 OR list_has_any(d.platforms, $platform))
  AND (len($doc) = 0 OR list_contains($doc, d.id))
  AND (len($year) = 0 OR list_contains($year, d.year))
ORDER BY d.id
LIMIT $limit OFFSET $offset
