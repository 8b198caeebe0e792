-- Headline figures for the filtered recommendations: how many documents and
-- recommendations, how many of each approach, how many have no audience identified
-- or several audiences (which the audience chart counts once under each), and how many
-- have tags a person reviewed.
-- Parameters: $audience, $approach, $platform, $doc (VARCHAR[]), $year (INTEGER[]),
-- $patterns, $needles (VARCHAR[]); an empty list means no filter.
SELECT
    count(DISTINCT document_id) AS documents,
    count(*) AS recommendations,
    count(*) FILTER (WHERE approach = 'punitive') AS punitive,
    count(*) FILTER (WHERE approach = 'harm_reduction') AS harm_reduction,
    count(*) FILTER (WHERE approach = 'mixed') AS mixed,
    count(*) FILTER (WHERE approach = 'neither') AS neither,
    count(*) FILTER (WHERE audience_mask = 0) AS no_audience,
    count(*) FILTER (WHERE bit_count(audience_mask) > 1) AS several_audiences,
    count(*) FILTER (WHERE tag_source = 'review') AS reviewed
FROM filtered_recommendations($audience, $approach, $platform, $doc, $year, $patterns, $needles)
