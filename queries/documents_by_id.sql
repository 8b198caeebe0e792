-- Documents by id, with what a save needs to remake their rows: their metadata as in
-- sources.csv and their content hash.
-- Returns every column of documents but text.
-- Parameters: $ids (VARCHAR[]).
SELECT * EXCLUDE (text) FROM documents WHERE list_contains($ids, id)
