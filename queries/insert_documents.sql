-- Copies the rows registered as incoming_documents into the documents table.
-- Parameters: none (the rows come from a registered relation named incoming_documents).
INSERT INTO documents BY NAME SELECT * FROM incoming_documents
