-- Creates the table macro filtered_recommendations: the recommendations that pass the
-- dashboard's filters, leaving out those a reviewer rejected. Every list argument that is
-- empty means "no filter".
-- Arguments: audience VARCHAR[] (any of; 'none' keeps those with no audience identified), approach VARCHAR[] (any of), platform VARCHAR[]
-- (any of), doc VARCHAR[] (document ids), year INTEGER[], and for the search box, up to
-- five words as patterns VARCHAR[] (regular expressions that must all match the text,
-- words escaped) and needles VARCHAR[] (for each, a lower-case substring every match
-- contains, tested first because it is far cheaper).
-- Parameters: none.
CREATE MACRO filtered_recommendations(audience, approach, platform, doc, year, patterns, needles) AS TABLE
SELECT *
FROM recommendations AS r
WHERE r.status <> 'rejected'
  -- Any of the chosen audiences and platforms, as one bit test against their bit set; an
  -- empty audience set is what 'none' (audience not identified) asks for.
  AND (len(audience) = 0
       OR (r.audience_mask & (
        SELECT coalesce(sum(1 << l.position), 0)::INTEGER FROM labels AS l
        WHERE l.kind = 'audiences' AND list_contains(audience, l.id))) <> 0
       OR (r.audience_mask = 0 AND list_contains(audience, 'none')))
  AND (len(approach) = 0 OR list_contains(approach, r.approach))
  AND (len(platform) = 0 OR (r.platform_mask & (
        SELECT coalesce(sum(1::BIGINT << p.position), 0)::BIGINT FROM platforms AS p
        WHERE list_contains(platform, p.name))) <> 0)
  AND (len(doc) = 0 OR list_contains(doc, r.document_id))
  AND (len(year) = 0 OR list_contains(year, r.year))
  -- One clause per word: a pattern taken from a list by position stays a constant, so it is
  -- compiled once, not per row as it would be inside a lambda.
  AND (len(patterns) < 1 OR (contains(lower(r.text), needles[1]) AND regexp_matches(r.text, patterns[1])))
  AND (len(patterns) < 2 OR (contains(lower(r.text), needles[2]) AND regexp_matches(r.text, patterns[2])))
  AND (len(patterns) < 3 OR (contains(lower(r.text), needles[3]) AND regexp_matches(r.text, patterns[3])))
  AND (len(patterns) < 4 OR (contains(lower(r.text), needles[4]) AND regexp_matches(r.text, patterns[4])))
  AND (len(patterns) < 5 OR (contains(lower(r.text), needles[5]) AND regexp_matches(r.text, patterns[5])))
