-- Copies the rows registered as incoming_build_info into the build_info table.
-- Parameters: none (the rows come from a registered relation named incoming_build_info).
INSERT INTO build_info BY NAME SELECT * FROM incoming_build_info
