-- Creates the macro list_text: a list as text, its items joined by the unit separator
-- (chr(31), which no label id, platform or review reason holds); the inverse of text_list.
-- Parameters: none.
CREATE MACRO list_text(value) AS array_to_string(value, chr(31))
