// name: search
// Full-text hits of the Danish index, of the asked kinds, with the facts a result list shows under each name.
CALL db.index.fulltext.queryNodes('ringe_search', $lucene, {limit: $fetch}) YIELD node, score
WITH node, score, [l IN $kinds WHERE l IN labels(node)][0] AS kind
WHERE kind IS NOT NULL
WITH node, score, kind
ORDER BY score DESC
LIMIT $limit
OPTIONAL MATCH (node)-[:WORKS_IN]->(d:Department)
RETURN node.id AS id, kind, node.name AS name, score,
       node.title AS title, d.name AS department,
       node.kind AS networkKind, node.status AS status,
       node.perspective AS perspective, node.type AS partnerType
ORDER BY score DESC, name;
