// name: elementNodes
// The nodes with the given ids, with what a graph drawing needs: name, kind and department.
MATCH (n:Entity)
WHERE n.id IN $ids
OPTIONAL MATCH (n)-[:WORKS_IN]->(d:Department)
WITH n, [l IN $kinds WHERE l IN labels(n)][0] AS kind, collect(d.id)[0] AS dept
RETURN n.id AS id, coalesce(n.name, n.id) AS name, kind, n.status AS status,
       CASE WHEN kind = 'Department' THEN n.id ELSE dept END AS department;

// name: elementEdges
// The relations among the given nodes, of the allowed types.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids AND type(r) IN $types
RETURN a.id AS source, type(r) AS type, b.id AS target
ORDER BY source, type, target;
