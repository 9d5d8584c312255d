// name: elementNodes
// The nodes with the given ids, with what a graph drawing needs: name, kind and the departments they worked in on day $at (one is drawn), and their element ids.
MATCH (n:Entity)
WHERE n.id IN $ids
// every relation walked holds on day $at, by the rule in rings.cypher
OPTIONAL MATCH (n)-[w:WORKS_IN]->(d:Department)
  WHERE @holds(w, $at)
WITH n, [l IN $kinds WHERE l IN labels(n)][0] AS kind, collect(d.id) AS depts
RETURN elementId(n) AS ref, n.id AS id, coalesce(n.name, n.id) AS name, kind, n.status AS status,
       CASE WHEN kind = 'Department' THEN n.id ELSE depts[0] END AS department,
       CASE WHEN kind = 'Department' THEN [n.id] ELSE depts END AS departments;

// name: elementEdges
// The relations among the given nodes, of the allowed types, that held on day $at.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids AND type(r) IN $types
  AND @holds(r, $at)
RETURN a.id AS source, type(r) AS type, b.id AS target
ORDER BY source, type, target;
