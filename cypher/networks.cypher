// name: networksList
// Networks of the asked kind, status, phase and department, in kind order then by name, each with leaders, departments and outcome count.
MATCH (n:Network)
WHERE n.kind IN $networkKinds
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($status IS NULL OR n.status = $status)
  AND ($phase IS NULL OR toLower(coalesce(n.phase, '')) CONTAINS toLower($phase))
  AND ($department IS NULL OR EXISTS {
    (n)<-[:LEADS|PARTICIPATES_IN]-(:Person)-[:WORKS_IN]->(:Department {id: $department})
  })
WITH n, [i IN range(0, size($networkKinds) - 1) WHERE $networkKinds[i] = n.kind][0] AS kindOrder
ORDER BY kindOrder, n.name, n.id
LIMIT $limit
CALL (n) {
  OPTIONAL MATCH (p:Person)-[:LEADS]->(n)
  WITH DISTINCT p
  ORDER BY p.name, p.id
  RETURN collect(p {.id, .name})[..$maxRefs] AS leaders
}
CALL (n) {
  OPTIONAL MATCH (n)<-[:LEADS|PARTICIPATES_IN]-(:Person)-[:WORKS_IN]->(d:Department)
  WITH DISTINCT d
  ORDER BY d.name, d.id
  RETURN collect(d {.id, .name})[..$maxRefs] AS departments
}
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.theme AS theme, n.status AS status, n.phase AS phase,
       n.inferred AS inferred, leaders, departments, COUNT { (n)-[:CREATED]->(:Outcome) } AS outcomes;

// name: networkFlower
// One network by id (only a network of a known kind, as the list shows) with its leaders, partners and petals (outcomes), each list by name.
MATCH (n:Entity {id: $id})
WHERE n:Network AND n.kind IN $networkKinds
CALL (n) {
  OPTIONAL MATCH (p:Person)-[:LEADS]->(n)
  WITH DISTINCT p
  ORDER BY p.name, p.id
  RETURN collect(p {.id, .name})[..$maxRefs] AS leaders
}
CALL (n) {
  OPTIONAL MATCH (n)-[:COLLABORATES_WITH]->(x:Partner)
  WITH DISTINCT x
  ORDER BY x.name, x.id
  RETURN collect(x {.id, .name})[..$maxRefs] AS partners
}
CALL (n) {
  OPTIONAL MATCH (n)-[:CREATED]->(o:Outcome)
  WITH DISTINCT o
  ORDER BY o.name, o.id
  RETURN collect(o {.id, .name, .perspective, .inferred})[..$maxRefs] AS petals
}
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.theme AS theme, n.status AS status, n.phase AS phase,
       n.remarks AS remarks, n.inferred AS inferred, leaders, partners, petals;
