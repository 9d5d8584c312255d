// name: graphNodes
// Nodes of the asked kinds as they stood on day $at (no network started after it), kept by department and network status, counted, then the first $limit by kind and name with each one's departments (by id; the first is drawn).
// Every relation walked holds on day $at, and a network counts from its startedAt, by the rule in rings.cypher.
// A node's kind is the first of $allKinds among its labels. Asked for departments, the query starts from them rather
// than from every node (a large municipality has 50,000 people in a dozen departments): each part below finds the nodes
// of one kind, so that a node is kept by one part at most.
CALL () {
  UNWIND CASE WHEN $departments IS NULL THEN [true] ELSE [] END AS everyNode
  MATCH (n:Entity)
  WITH n, labels(n) AS labels
  WITH n, [k IN $allKinds WHERE k IN labels][0] AS kind
    WHERE kind IN $kinds
      AND (kind <> 'Network' OR $statuses IS NULL OR n.status IN $statuses)
      AND (kind <> 'Network' OR @holds(n, $at))
  RETURN n, kind
  UNION
  // The departments' people, read once: the people kept, and those whose networks are kept.
  UNWIND CASE WHEN $departments IS NOT NULL AND ('Person' IN $kinds OR 'Network' IN $kinds) THEN [true] ELSE [] END AS asked
  OPTIONAL MATCH (d:Department)<-[r:WORKS_IN]-(p:Person)
    WHERE d.id IN $departments
      AND @holds(r, $at)
  WITH collect(DISTINCT p) AS people
  CALL (people) {
    UNWIND CASE WHEN 'Person' IN $kinds THEN people ELSE [] END AS n
    WITH n, labels(n) AS labels
    WITH n, [k IN $allKinds WHERE k IN labels][0] AS kind
      WHERE kind = 'Person'
    RETURN n, kind
    UNION ALL
    // From the networks, which are few, to those of their people who are among the departments' people.
    UNWIND CASE WHEN 'Network' IN $kinds AND size(people) > 0 THEN [true] ELSE [] END AS networks
    MATCH (n:Network)<-[r:LEADS|PARTICIPATES_IN]-(p:Person)
      WHERE p IN people
        AND @holds(r, $at)
    WITH DISTINCT n
    WITH n, labels(n) AS labels
    WITH n, [k IN $allKinds WHERE k IN labels][0] AS kind
      WHERE kind = 'Network'
        AND ($statuses IS NULL OR n.status IN $statuses)
        AND @holds(n, $at)
    RETURN n, kind
  }
  RETURN n, kind
  UNION
  UNWIND CASE WHEN $departments IS NOT NULL AND 'Department' IN $kinds THEN [true] ELSE [] END AS departments
  MATCH (n:Department)
    WHERE n.id IN $departments
  WITH n, labels(n) AS labels
  WITH n, [k IN $allKinds WHERE k IN labels][0] AS kind
    WHERE kind = 'Department'
  RETURN n, kind
  UNION
  // The other kinds belong to no department, so asking for some leaves every node of them.
  UNWIND CASE WHEN $departments IS NOT NULL AND any(k IN $kinds WHERE NOT k IN ['Person', 'Department', 'Network'])
    THEN [true] ELSE [] END AS otherKinds
  MATCH (n:Entity)
  WITH n, labels(n) AS labels
  WITH n, [k IN $allKinds WHERE k IN labels][0] AS kind
    WHERE kind IN $kinds AND NOT kind IN ['Person', 'Department', 'Network']
  RETURN n, kind
}
WITH n, kind
ORDER BY [i IN range(0, size($allKinds) - 1) WHERE $allKinds[i] = kind][0], n.name, n.id
WITH collect({node: n, kind: kind}) AS rows
WITH size(rows) AS total, rows[..$limit] AS kept
UNWIND kept AS row
// Its properties read at once: a node deleted while this read runs (each write is seen as it commits) has none left
// by then, and is not shown.
WITH total, row.node AS n, row.kind AS kind
WITH total, n, kind, n {.id, .name, .status} AS p
  WHERE p.id IS NOT NULL
WITH total, n, p, kind,
     CASE kind
       WHEN 'Department' THEN [n.id]
       WHEN 'Person' THEN COLLECT {
         MATCH (n)-[r:WORKS_IN]->(d:Department)
         WHERE @holds(r, $at)
         RETURN d.id ORDER BY d.id
       }
       ELSE []
     END AS departments
RETURN total, p.id AS id, coalesce(p.name, p.id) AS label, kind, p.status AS status, departments[0] AS department, departments;

// name: graphEdges
// Relations among the given nodes, of the allowed types, that held on day $at, one per source, type and target, capped at $limit (one more tells it was cut).
// The far end is tested as one of the nodes found rather than by its id, which would read a property of every neighbour.
MATCH (a:Entity)
  WHERE a.id IN $ids
WITH collect(a) AS nodes
UNWIND nodes AS a
MATCH (a)-[r]->(b)
  WHERE b IN nodes AND type(r) IN $types
    AND @holds(r, $at)
WITH DISTINCT a.id AS source, type(r) AS type, b.id AS target
ORDER BY source, type, target
LIMIT $limit + 1
RETURN source, type, target;
