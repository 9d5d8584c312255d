// name: readyCheck
// Whether the schema has been applied: the search index exists and is online.
SHOW INDEXES YIELD name, state
WHERE name = 'ringe_search'
RETURN state = 'ONLINE' AS schemaReady;
