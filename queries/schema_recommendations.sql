-- Creates the recommendations view: recommendation_rows with its lists as lists. Every
-- query reads recommendations; only the build and saves write recommendation_rows.
-- Parameters: none.
CREATE VIEW recommendations AS
SELECT * REPLACE (
    text_list(audiences) AS audiences,
    text_list(themes) AS themes,
    text_list(engine_audiences) AS engine_audiences,
    text_list(engine_themes) AS engine_themes,
    text_list(reviewed_audiences) AS reviewed_audiences,
    text_list(reviewed_themes) AS reviewed_themes,
    text_list(review_reasons) AS review_reasons,
    text_list(platforms) AS platforms
)
FROM recommendation_rows
