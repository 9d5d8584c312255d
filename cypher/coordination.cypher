// name: departmentsKnown
// Which of the given ids belong to departments (a filter naming anything else answers 404).
UNWIND $ids AS id
MATCH (d:Entity {id: id})
WHERE d:Department
RETURN collect(DISTINCT d.id) AS known;

// name: departmentsList
// Departments by name with their people and the networks those people lead or participate in, by the relations that held on day $at, each list capped.
// Every relation walked holds on day $at, by the rule in rings.cypher.
MATCH (d:Department)
WITH d
ORDER BY d.name, d.id
LIMIT $limit
CALL (d) {
  OPTIONAL MATCH (p:Person)-[r:WORKS_IN]->(d)
    WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
      AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  WITH DISTINCT p
  ORDER BY p.name, p.id
  RETURN collect(p {.id, .name, .title})[..$maxPeople] AS people
}
CALL (d) {
  OPTIONAL MATCH w = (d)<-[:WORKS_IN]-(:Person)-[:LEADS|PARTICIPATES_IN]->(n:Network)
    WHERE all(r IN relationships(w) WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
                                      AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
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
// Person pairs tied on day $at by a shared network, a KNOWS or a shared training, summed per pair of their departments then (same department included).
// Every relation walked holds on day $at, by the rule in rings.cypher (all(...) over the relations of one pattern).
CALL () {
  MATCH (p:Person)-[r1:LEADS|PARTICIPATES_IN]->(x:Network)<-[r2:LEADS|PARTICIPATES_IN]-(q:Person)
  WHERE p.id < q.id
    AND all(r IN [r1, r2] WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
                            AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
  RETURN DISTINCT p, q, x, 'network' AS via
  UNION ALL
  MATCH (p:Person)-[r1:COMPLETED]->(x:Training)<-[r2:COMPLETED]-(q:Person)
  WHERE p.id < q.id
    AND all(r IN [r1, r2] WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
                            AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
  RETURN DISTINCT p, q, x, 'training' AS via
  UNION ALL
  // one row per relationship, whichever way it points, so knows counts relationships
  MATCH (p:Person)-[r:KNOWS]-(q:Person)
  WHERE p.id < q.id
    AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  RETURN p, q, null AS x, 'knows' AS via
}
// a person counts for one department only (the first by id of those they worked in on day $at), so each pair lands in one cell
CALL (p) {
  MATCH (p)-[r:WORKS_IN]->(d:Department)
  WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  RETURN d AS dp
  ORDER BY d.id
  LIMIT 1
}
CALL (q) {
  MATCH (q)-[r:WORKS_IN]->(d:Department)
  WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
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
