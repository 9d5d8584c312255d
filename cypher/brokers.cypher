// Brokers and silos: the tie graph among people on day $at, read in one transaction and built in
// TypeScript (server/brokers/service.ts). Every relation walked holds on day $at:
// (r.since IS NULL OR left($at, size(since)) >= since) AND (r.until IS NULL OR left($at, size(until)) <= until),
// with since and until read as text (a partial date covers its whole year or month).

// name: brokersFingerprint
// What changes when the graph does, cheaply: the newest recorded change and how many people and relationships there are.
CALL () {
  MATCH (p:Person)
  RETURN count(p) AS people
}
CALL () {
  MATCH ()-[r]->()
  RETURN count(r) AS relationships
}
CALL () {
  // ORDER BY with LIMIT reads the newest entry of the change_at index instead of every change.
  OPTIONAL MATCH (c:Change)
  WHERE c.at IS NOT NULL
  RETURN c.at AS lastChange
  ORDER BY c.at DESC
  LIMIT 1
}
RETURN people, relationships, lastChange;

// name: brokersPeople
// Every person by id, with the departments they work in on day $at (by id; the first is the one they count for).
MATCH (p:Person)
WHERE p.id IS NOT NULL
CALL (p) {
  OPTIONAL MATCH (p)-[r:WORKS_IN]->(d:Department)
    WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
      AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  WITH DISTINCT d
  ORDER BY d.id
  RETURN collect(d {.id, .name}) AS departments
}
RETURN p.id AS id, p.name AS name, departments
ORDER BY id;

// name: brokersGroups
// Each network people lead or take part in, and each training they completed, on day $at, with its people when more than one: a shared group ties them all.
CALL () {
  MATCH (p:Person)-[r:LEADS|PARTICIPATES_IN]->(x:Network)
  WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  RETURN p, x
  UNION ALL
  MATCH (p:Person)-[r:COMPLETED]->(x:Training)
  WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  RETURN p, x
}
WITH x, collect(DISTINCT p.id) AS people
WHERE size(people) > 1
RETURN people;

// name: brokersKnows
// Pairs of different people joined by a KNOWS that holds on day $at, one row per relationship.
MATCH (p:Person)-[r:KNOWS]->(q:Person)
WHERE p <> q
  AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
  AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
RETURN p.id AS a, q.id AS b;

// name: brokersDepartments
// Every department by name, as the coordination matrix lists them.
MATCH (d:Department)
RETURN d.id AS id, d.name AS name
ORDER BY d.name, d.id
LIMIT $limit;
