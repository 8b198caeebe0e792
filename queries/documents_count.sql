-- How many documents pass the document filters (platform, doc, year), for paging.
-- Parameters: $platform, $doc (VARCHAR[]), $year (INTEGER[]).
SELECT count(*) AS documents
FROM documents AS d
WHERE (len($platform) = 0 OR list_has_any(d.platforms, $platform))
  AND (len($doc) = 0 OR list_contains($doc, d.id))
  AND (len($year) = 0 OR list_contains($year, d.year))
