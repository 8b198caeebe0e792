-- Copies the rows registered as incoming_recommendations (lists as lists) into
-- recommendation_rows (lists as text).
-- Parameters: none (the rows come from a registered relation named incoming_recommendations).
INSERT INTO recommendation_rows BY NAME
SELECT * REPLACE (
    list_text(audiences) AS audiences,
    list_text(themes) AS themes,
    list_text(engine_audiences) AS engine_audiences,
    list_text(engine_themes) AS engine_themes,
    list_text(reviewed_audiences) AS reviewed_audiences,
    list_text(reviewed_themes) AS reviewed_themes,
    list_text(review_reasons) AS review_reasons,
    list_text(platforms) AS platforms
)
FROM incoming_recommendations
