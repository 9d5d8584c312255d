// name: nodeById
// One node by its id, through the :Entity id index, with its kind (the first known label).
MATCH (n:Entity {id: $id})
RETURN n.id AS id, [l IN $kinds WHERE l IN labels(n)][0] AS kind, n.name AS name, properties(n) AS properties;

// name: nodeRelations
// A node's direct relations, both directions, capped at $limit (one more is fetched to tell if it was cut).
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WHERE type(r) IN $types
RETURN type(r) AS type,
       CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       m.id AS id, [l IN $kinds WHERE l IN labels(m)][0] AS kind, m.name AS name,
       properties(r) AS properties
ORDER BY type, name
LIMIT $limit + 1;
