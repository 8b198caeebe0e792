-- Sets every recommendation's platform_mask from its platforms and the platforms table,
-- after a save changed which platforms are studied (and so their bits). In place: the
-- column is an integer.
-- Parameters: none.
UPDATE recommendation_rows AS r
SET platform_mask = coalesce((
    SELECT sum(1::BIGINT << p.position)::BIGINT FROM platforms AS p WHERE list_contains(text_list(r.platforms), p.name)
), 0)
