-- Records in build_info the last change a save applied and the text files' state after it.
-- Parameters: $change (VARCHAR): the change's id; $files_state (VARCHAR): JSON, see database.files_state.
UPDATE build_info
SET value = CASE key WHEN 'change' THEN $change ELSE $files_state END
WHERE key IN ('change', 'files_state')
