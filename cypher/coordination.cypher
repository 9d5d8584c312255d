// name: departmentsKnown
// Which of the given ids belong to departments (a filter naming anything else answers 404).
UNWIND $ids AS id
MATCH (d:Entity {id: id})
WHERE d:Department
RETURN collect(DISTINCT d.id) AS known;

// name: departmentsList
// Departments by name with their people and the networks those people lead or participate in, by the relations that held on day $at, each list capped.
// Every relation walked holds on day $at, and a network counts from its startedAt, by the rules in rings.cypher.
MATCH (d:Department)
WITH d
ORDER BY d.name, d.id
LIMIT $limit
CALL (d) {
  OPTIONAL MATCH (p:Person)-[r:WORKS_IN]->(d)
    WHERE @holds(r, $at)
  WITH DISTINCT p
  ORDER BY p.name, p.id
  RETURN collect(p {.id, .name, .title})[..$maxPeople] AS people
}
CALL (d) {
  OPTIONAL MATCH w = (d)<-[:WORKS_IN]-(:Person)-[:LEADS|PARTICIPATES_IN]->(n:Network)
    WHERE all(r IN relationships(w) WHERE @holds(r, $at))
      AND (NOT n:Network OR @holds(n, $at))
  WITH DISTINCT n
  ORDER BY n.name, n.id
  RETURN collect(n {.id, .name})[..$maxNetworks] AS networks
}
RETURN d.id AS id, d.name AS name, people, networks;
