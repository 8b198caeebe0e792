-- Removes a document's reviewed tags, before a save writes them anew.
-- Parameters: $file (VARCHAR): the document's file name.
DELETE FROM reviewed_tags WHERE document = $file
