-- Caps the memory DuckDB may use on this connection (its buffer cache and intermediates),
-- so the app and builds stay well inside the machine.
-- Parameters: $limit (VARCHAR, such as '1GB').
SET memory_limit = $limit
