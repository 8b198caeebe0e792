-- Creates the table macro filtered_recommendations: the recommendations that pass the
-- dashboard's filters, leaving out those a reviewer rejected. Every list argument that is
-- empty means "no filter".
-- Arguments: audience VARCHAR[] (any of), approach VARCHAR[] (any of), platform VARCHAR[]
-- (any of), doc VARCHAR[] (document ids), year INTEGER[], patterns VARCHAR[] (regular
-- expressions that must all match the text; built from the search box, words escaped).
-- Parameters: none.
CREATE MACRO filtered_recommendations(audience, approach, platform, doc, year, patterns) AS TABLE
SELECT *
FROM recommendations AS r
WHERE r.status <> 'rejected'
  AND (len(audience) = 0 OR list_has_any(r.audiences, audience))
  AND (len(approach) = 0 OR list_contains(approach, r.approach))
  AND (len(platform) = 0 OR list_has_any(r.platforms, platform))
  AND (len(doc) = 0 OR list_contains(doc, r.document_id))
  AND (len(year) = 0 OR list_contains(year, r.year))
  AND (len(patterns) = 0 OR len(list_filter(patterns, lambda p: NOT regexp_matches(r.text, p))) = 0)
