// name: networksList
// Networks of the asked kind, status, phase and department as they stood on day $at (none started after it), in kind order then by name, each with leaders, departments and outcome count.
// Every relation walked holds on day $at, and a network counts from its startedAt, by the rule in rings.cypher.
MATCH (n:Network)
WHERE n.kind IN $networkKinds
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($status IS NULL OR n.status = $status)
  AND ($phase IS NULL OR n.phase = $phase)
  AND @holds(n, $at)
  AND ($department IS NULL OR EXISTS {
    MATCH w = (n)<-[:LEADS|PARTICIPATES_IN]-(:Person)-[:WORKS_IN]->(:Department {id: $department})
    WHERE all(r IN relationships(w) WHERE @holds(r, $at))
  })
WITH n, [i IN range(0, size($networkKinds) - 1) WHERE $networkKinds[i] = n.kind][0] AS kindOrder
ORDER BY kindOrder, n.name, n.id
LIMIT $limit
CALL (n) {
  OPTIONAL MATCH (p:Person)-[r:LEADS]->(n)
    WHERE @holds(r, $at)
  WITH DISTINCT p
  ORDER BY p.name, p.id
  RETURN collect(p {.id, .name})[..$maxRefs] AS leaders
}
CALL (n) {
  OPTIONAL MATCH w = (n)<-[:LEADS|PARTICIPATES_IN]-(:Person)-[:WORKS_IN]->(d:Department)
    WHERE all(r IN relationships(w) WHERE @holds(r, $at))
  WITH DISTINCT d
  ORDER BY d.name, d.id
  RETURN collect(d {.id, .name})[..$maxRefs] AS departments
}
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.theme AS theme, n.status AS status, n.phase AS phase,
       n.inferred AS inferred, leaders, departments,
       COUNT { (n)-[r:CREATED]->(:Outcome)
               WHERE @holds(r, $at) } AS outcomes;

// name: networkFlower
// One network by id (only a network of a known kind, as the list shows) with its leaders, partners and petals (outcomes) by the relations that held on day $at, each list by name.
// Every relation walked holds on day $at, by the rule in rings.cypher.
MATCH (n:Entity {id: $id})
WHERE n:Network AND n.kind IN $networkKinds
CALL (n) {
  OPTIONAL MATCH (p:Person)-[r:LEADS]->(n)
    WHERE @holds(r, $at)
  WITH DISTINCT p
  ORDER BY p.name, p.id
  RETURN collect(p {.id, .name})[..$maxRefs] AS leaders
}
CALL (n) {
  OPTIONAL MATCH (n)-[r:COLLABORATES_WITH]->(x:Partner)
    WHERE @holds(r, $at)
  WITH DISTINCT x
  ORDER BY x.name, x.id
  RETURN collect(x {.id, .name})[..$maxRefs] AS partners
}
CALL (n) {
  OPTIONAL MATCH (n)-[r:CREATED]->(o:Outcome)
    WHERE @holds(r, $at)
  WITH DISTINCT o
  ORDER BY o.name, o.id
  RETURN collect(o {.id, .name, .perspective, .inferred})[..$maxRefs] AS petals
}
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.theme AS theme, n.status AS status, n.phase AS phase,
       n.remarks AS remarks, n.inferred AS inferred, leaders, partners, petals;
