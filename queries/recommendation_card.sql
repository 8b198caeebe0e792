-- One recommendation with its citation, as the list shows it (for the review page).
-- Returns the same columns as recommendations_page.
-- Parameters: $id (VARCHAR).
SELECT r.id, r.document_id, r.position, r.text, r.start_offset, r.end_offset, r.page, r.heading,
       r.audiences, r.approach, r.themes, r.confidence, r.needs_review, r.review_reasons,
       r.tag_source, r.reviewer, r.reviewed_at, r.summary_en,
       d.file, d.title, d.author, d.institution, d.city, d.year, d.url, d.platforms
FROM recommendations AS r
JOIN documents AS d ON d.id = r.document_id
WHERE r.id = $id
