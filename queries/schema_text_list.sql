-- Creates the macro text_list: a list stored as text (its items joined by the unit
-- separator, chr(31)) back as a list; NULL stays NULL and '' is the empty list.
-- recommendation_rows stores its lists this way because DuckDB rewrites a row whose list
-- column is updated at the end of its table, which would break the document order the list
-- pages are cut in (recommendations_page.sql); a text column is updated in place.
-- Parameters: none.
CREATE MACRO text_list(value) AS CASE WHEN value = '' THEN []::VARCHAR[] ELSE string_split(value, chr(31)) END
