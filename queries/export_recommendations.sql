-- Every filtered recommendation with its document's citation fields, for download (the
-- Export page, `python -m tracker export`, briefs). Lists are joined with "; ".
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]), $patterns, $needles (VARCHAR[]).
SELECT r.id AS recommendation_id,
       r.text,
       array_to_string(r.audiences, '; ') AS audiences,
       r.approach,
       array_to_string(r.themes, '; ') AS themes,
       r.confidence,
       r.needs_review,
       array_to_string(r.review_reasons, '; ') AS review_reasons,
       r.tag_source,
       r.tag_source_note,
       r.summary_en,
       r.document_id,
       coalesce(d.title, d.file) AS document_title,
       d.title,
       d.author,
       d.institution,
       d.city,
       d.year,
       d.url,
       array_to_string(d.platforms, '; ') AS platforms,
       r.heading AS section_heading,
       r.page,
       d.file AS document_file,
       r.start_offset,
       r.end_offset
FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles) AS r
JOIN documents AS d ON d.id = r.document_id
ORDER BY r.document_id, r.position
