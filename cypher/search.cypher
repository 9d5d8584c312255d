// name: search
// Full-text hits of the Danish index, of the asked kinds, with the facts a result list shows under each name; never a person who has left by day $today, and a unit responsible for a typed KLE number ($numbers) first.
// A unit is also found by a typed KLE number exactly (its kleNumbers), so the number finds it whatever the index
// made of its kleText. A person's department is their first by name that day; a unit's is its own or its
// nearest ancestor's (ROLLS_UP_TO, the mapping the admin edits).
CALL () {
  CALL db.index.fulltext.queryNodes('ringe_search', $lucene, {limit: $fetch}) YIELD node, score
  RETURN node, score
  UNION
  UNWIND $numbers AS number
  MATCH (node:Unit)
  WHERE number IN node.kleNumbers
  RETURN node, 0.0 AS score
}
WITH node, max(score) AS score
WITH node, score, [l IN $kinds WHERE l IN labels(node)][0] AS kind
WHERE kind IS NOT NULL
  AND NOT (node:Person AND node.leftOn IS NOT NULL AND node.leftOn <= $today)
WITH node, score, kind, node:Unit AND any(n IN coalesce(node.kleNumbers, []) WHERE n IN $numbers) AS exact
ORDER BY exact DESC, score DESC, node.name
LIMIT $limit
RETURN node.id AS id, kind, node.name AS name, score,
       node.title AS title,
       CASE
         WHEN node:Unit THEN COLLECT { MATCH up = (node)-[:PART_OF*0..30]->(:Unit)-[:ROLLS_UP_TO]->(d:Department)
                                       RETURN d.name ORDER BY length(up), d.name LIMIT 1 }[0]
         ELSE COLLECT { MATCH (node)-[w:WORKS_IN]->(d:Department)
                        WHERE @holds(w, $today)
                        RETURN d.name ORDER BY d.name LIMIT 1 }[0]
       END AS department,
       node.kind AS networkKind, node.status AS status,
       node.perspective AS perspective, node.type AS partnerType
ORDER BY exact DESC, score DESC, name;
