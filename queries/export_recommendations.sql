-- Every filtered recommendation with citation columns, for download.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]).
SELECT r.id AS recommendation_id,
       r.text,
       array_to_string(r.audiences, '; ') AS audiences,
       r.approach,
       array_to_string(r.themes, '; ') AS themes,
       r.confidence,
       r.needs_review,
       r.tag_source,
       r.tag_source_note,
       coalesce(d.title, d.file) AS document_title,
       d.author,
       d.institution,
       d.city,
       d.year,
       array_to_string(d.platforms, '; ') AS platforms,
       r.heading AS section_heading,
       d.file AS document_file,
       r.start_offset,
       r.end_offset
FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles) AS r
JOIN documents AS d ON d.id = r.document_id
ORDER BY r.document_id, r.position
