// name: graphNodes
// Nodes of the asked kinds, kept by department and network status, counted, then the first $limit by kind and name with each one's department.
MATCH (n:Entity)
WITH n, [k IN $allKinds WHERE k IN labels(n)][0] AS kind
WHERE kind IN $kinds
  AND (kind <> 'Network' OR $statuses IS NULL OR n.status IN $statuses)
  AND ($departments IS NULL OR CASE kind
    WHEN 'Person' THEN EXISTS { (n)-[:WORKS_IN]->(d:Department) WHERE d.id IN $departments }
    WHEN 'Department' THEN n.id IN $departments
    WHEN 'Network' THEN EXISTS {
      (n)<-[:LEADS|PARTICIPATES_IN]-(:Person)-[:WORKS_IN]->(d:Department) WHERE d.id IN $departments
    }
    ELSE true
  END)
WITH n, kind
ORDER BY [i IN range(0, size($allKinds) - 1) WHERE $allKinds[i] = kind][0], n.name, n.id
WITH collect({node: n, kind: kind}) AS rows
WITH size(rows) AS total, rows[..$limit] AS kept
UNWIND kept AS row
WITH total, row.node AS n, row.kind AS kind
RETURN total, n.id AS id, coalesce(n.name, n.id) AS label, kind, n.status AS status,
       CASE kind
         WHEN 'Department' THEN n.id
         WHEN 'Person' THEN COLLECT { MATCH (n)-[:WORKS_IN]->(d:Department) RETURN d.id ORDER BY d.id }[0]
         ELSE null
       END AS department;

// name: graphEdges
// Relations among the given nodes, of the allowed types, one per source, type and target, capped at $limit (one more tells it was cut).
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE type(r) IN $types AND b.id IN $ids
WITH DISTINCT a.id AS source, type(r) AS type, b.id AS target
ORDER BY source, type, target
LIMIT $limit + 1
RETURN source, type, target;
