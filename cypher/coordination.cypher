// name: departmentsKnown
// Which of the given ids belong to departments (a filter naming anything else answers 404).
UNWIND $ids AS id
MATCH (d:Entity {id: id})
WHERE d:Department
RETURN collect(DISTINCT d.id) AS known;

// name: departmentsList
// Departments by name with their people and the networks those people lead or participate in, each list capped.
MATCH (d:Department)
WITH d
ORDER BY d.name, d.id
LIMIT $limit
CALL (d) {
  OPTIONAL MATCH (p:Person)-[:WORKS_IN]->(d)
  WITH DISTINCT p
  ORDER BY p.name, p.id
  RETURN collect(p {.id, .name, .title})[..$maxPeople] AS people
}
CALL (d) {
  OPTIONAL MATCH (d)<-[:WORKS_IN]-(:Person)-[:LEADS|PARTICIPATES_IN]->(n:Network)
  WITH DISTINCT n
  ORDER BY n.name, n.id
  RETURN collect(n {.id, .name})[..$maxNetworks] AS networks
}
RETURN d.id AS id, d.name AS name, people, networks;

// name: coordinationDepartments
// Every department by name: the rows and columns of the coordination matrix.
MATCH (d:Department)
RETURN d.id AS id, d.name AS name
ORDER BY d.name, d.id
LIMIT $limit;

// name: coordinationTies
// Person pairs tied by a shared network, a KNOWS or a shared training, summed per pair of their departments (same department included).
CALL () {
  MATCH (p:Person)-[:LEADS|PARTICIPATES_IN]->(x:Network)<-[:LEADS|PARTICIPATES_IN]-(q:Person)
  WHERE p.id < q.id
  RETURN DISTINCT p, q, x, 'network' AS via
  UNION ALL
  MATCH (p:Person)-[:COMPLETED]->(x:Training)<-[:COMPLETED]-(q:Person)
  WHERE p.id < q.id
  RETURN DISTINCT p, q, x, 'training' AS via
  UNION ALL
  // one row per relationship, whichever way it points, so knows counts relationships
  MATCH (p:Person)-[:KNOWS]-(q:Person)
  WHERE p.id < q.id
  RETURN p, q, null AS x, 'knows' AS via
}
// a person counts for one department only (the first by id), so each pair lands in one cell
CALL (p) {
  MATCH (p)-[:WORKS_IN]->(d:Department)
  RETURN d AS dp
  ORDER BY d.id
  LIMIT 1
}
CALL (q) {
  MATCH (q)-[:WORKS_IN]->(d:Department)
  RETURN d AS dq
  ORDER BY d.id
  LIMIT 1
}
WITH p, q, x, via,
     CASE WHEN dp.id <= dq.id THEN dp ELSE dq END AS a,
     CASE WHEN dp.id <= dq.id THEN dq ELSE dp END AS b
WITH a, b,
     count(DISTINCT [p.id, q.id]) AS ties,
     collect(DISTINCT CASE WHEN via = 'network' THEN x {.id, .name} END) AS networks,
     collect(DISTINCT CASE WHEN via = 'training' THEN x {.id, .name} END) AS trainings,
     sum(CASE WHEN via = 'knows' THEN 1 ELSE 0 END) AS knows,
     collect(DISTINCT p {.id, .name}) + collect(DISTINCT q {.id, .name}) AS people
RETURN a.id AS a, b.id AS b, ties, networks, trainings, knows, people;
