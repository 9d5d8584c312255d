// name: graphNodes
// Nodes of the asked kinds as they stood on day $at (no network started after it), kept by department and network status, counted, then the first $limit by kind and name with each one's departments (by id; the first is drawn).
// Every relation walked holds on day $at, and a network counts from its startedAt, by the rule in rings.cypher.
MATCH (n:Entity)
WITH n, [k IN $allKinds WHERE k IN labels(n)][0] AS kind
WHERE kind IN $kinds
  AND (kind <> 'Network' OR $statuses IS NULL OR n.status IN $statuses)
  AND (kind <> 'Network' OR @holds(n, $at))
  AND ($departments IS NULL OR CASE kind
    WHEN 'Person' THEN EXISTS {
      MATCH (n)-[r:WORKS_IN]->(d:Department)
      WHERE d.id IN $departments
        AND @holds(r, $at)
    }
    WHEN 'Department' THEN n.id IN $departments
    WHEN 'Network' THEN EXISTS {
      MATCH w = (n)<-[:LEADS|PARTICIPATES_IN]-(:Person)-[:WORKS_IN]->(d:Department)
      WHERE d.id IN $departments
        AND all(r IN relationships(w) WHERE @holds(r, $at))
    }
    ELSE true
  END)
WITH n, kind
ORDER BY [i IN range(0, size($allKinds) - 1) WHERE $allKinds[i] = kind][0], n.name, n.id
WITH collect({node: n, kind: kind}) AS rows
WITH size(rows) AS total, rows[..$limit] AS kept
UNWIND kept AS row
WITH total, row.node AS n, row.kind AS kind
WITH total, n, kind,
     CASE kind
       WHEN 'Department' THEN [n.id]
       WHEN 'Person' THEN COLLECT {
         MATCH (n)-[r:WORKS_IN]->(d:Department)
         WHERE @holds(r, $at)
         RETURN d.id ORDER BY d.id
       }
       ELSE []
     END AS departments
RETURN total, n.id AS id, coalesce(n.name, n.id) AS label, kind, n.status AS status, departments[0] AS department, departments;

// name: graphEdges
// Relations among the given nodes, of the allowed types, that held on day $at, one per source, type and target, capped at $limit (one more tells it was cut).
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE type(r) IN $types AND b.id IN $ids
  AND @holds(r, $at)
WITH DISTINCT a.id AS source, type(r) AS type, b.id AS target
ORDER BY source, type, target
LIMIT $limit + 1
RETURN source, type, target;
