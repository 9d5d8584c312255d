// name: nodeById
// One node by its id, through the :Entity id index, with its kind (the first known label).
MATCH (n:Entity {id: $id})
RETURN n.id AS id, [l IN $kinds WHERE l IN labels(n)][0] AS kind, n.name AS name, properties(n) AS properties;

// name: nodeWithRelations
// One node by its id with its direct relations, both directions, all of them when $at is null or else those that held on day $at, by type then name, capped at $limit (one more is fetched to tell if it was cut): one round trip.
// A relation holds on day $at by the rule in rings.cypher.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]-(m:Entity)
  WHERE type(r) IN $types
    AND ($at IS NULL OR @holds(r, $at))
  WITH r, m, type(r) AS type, m.name AS name
  ORDER BY type, name
  LIMIT $limit + 1
  RETURN collect({type: type, direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
                  id: m.id, kind: [l IN $kinds WHERE l IN labels(m)][0], name: name, properties: properties(r)}) AS relations
}
RETURN n.id AS id, [l IN $kinds WHERE l IN labels(n)][0] AS kind, n.name AS name, properties(n) AS properties, relations;
