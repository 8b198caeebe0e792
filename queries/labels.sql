-- The codebook's labels with names, definitions and colours, in codebook order.
-- Returns kind, id, position, name_en, name_id, definition_en, definition_id, colour.
-- Parameters: none.
SELECT kind, id, position, name_en, name_id, definition_en, definition_id, colour
FROM labels
ORDER BY kind, position
