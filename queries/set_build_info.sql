-- Sets one value of build_info (a save records its change and the text files' state).
-- Parameters: $key, $value (VARCHAR).
UPDATE build_info SET value = $value WHERE key = $key
