-- Every stored document's shingle sketch, to find one with the same text as a new document.
-- Returns id, shingle_sketch.
-- Parameters: none.
SELECT id, shingle_sketch FROM documents WHERE shingle_sketch IS NOT NULL
