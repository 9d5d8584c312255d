// The tie graph among people on day $at, read in one transaction and worked out in TypeScript
// (server/ties/): the coordination matrix and the brokers both come from it, so they always agree.
// Two people are tied when they share a network (lead or take part) or a completed training, or a
// KNOWS joins them. Every relation walked holds on day $at, and a network ties its people only from its
// startedAt (@holds, the rule in rings.cypher).

// name: tiesFingerprint
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

// name: tiesPeople
// Every person by id, with the departments they work in on day $at, by id (a tie counts for each: server/ties/departments.ts), and whether they are still there on the day (as contacts' rosters count them).
MATCH (p:Person)
WHERE p.id IS NOT NULL
CALL (p) {
  OPTIONAL MATCH (p)-[r:WORKS_IN]->(d:Department)
    WHERE @holds(r, $at)
  WITH DISTINCT d
  ORDER BY d.id
  RETURN collect(d {.id, .name}) AS departments
}
RETURN p.id AS id, p.name AS name, (p.leftOn IS NULL OR p.leftOn > $at) AS present, departments
ORDER BY id;

// name: tiesGroups
// Each network people lead or take part in (started by day $at), and each training they completed, on day $at, with its people: a shared group ties them all (one person alone ties no one, but is kept, so a second joining is one change: server/ties/kept.ts).
CALL () {
  MATCH (p:Person)-[r:LEADS|PARTICIPATES_IN]->(x:Network)
  WHERE @holds(r, $at)
    AND (NOT x:Network OR @holds(x, $at))
  RETURN p, x
  UNION ALL
  MATCH (p:Person)-[r:COMPLETED]->(x:Training)
  WHERE @holds(r, $at)
  RETURN p, x
}
WITH x, collect(DISTINCT p.id) AS people
RETURN x.id AS id, x.name AS name, CASE WHEN x:Network THEN 'network' ELSE 'training' END AS via, people;

// name: tiesKnows
// Each person with the people their KNOWS relations that hold on day $at point to (one entry per relationship): grouped, so far fewer rows travel.
MATCH (p:Person)-[r:KNOWS]->(q:Person)
WHERE p <> q
  AND @holds(r, $at)
WITH p, collect(q.id) AS known
RETURN p.id AS id, known;

// name: tiesDepartments
// Every department by name, as the coordination matrix lists them.
MATCH (d:Department)
RETURN d.id AS id, d.name AS name
ORDER BY d.name, d.id
LIMIT $limit;

// name: tiesChanges
// The changes recorded at or after $since (an ISO time), oldest first, at most $limit, each with its id and whether it came after $seen (the newest change already seen, or null): what a kept tie graph has not yet been told (server/ties/kept.ts).
MATCH (c:Change)
WHERE c.at >= datetime($since)
RETURN c.id AS id, c.action AS action, c.targetKind AS targetKind, c.targetId AS targetId,
       ($seen IS NULL OR c.at > datetime($seen)) AS fresh
ORDER BY c.at
LIMIT $limit;

// name: tiesPeopleOf
// The people among $ids as tiesPeople reads them on day $at, with whether they are still there on the day (as contacts' rosters count them), the networks (started by $at) and trainings they are in on the day, and the other end of each KNOWS relation that holds on the day, either way, one per relationship.
UNWIND $ids AS id
MATCH (p:Person {id: id})
CALL (p) {
  OPTIONAL MATCH (p)-[r:WORKS_IN]->(d:Department)
    WHERE @holds(r, $at)
  WITH DISTINCT d
  ORDER BY d.id
  RETURN collect(d {.id, .name}) AS departments
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:LEADS|PARTICIPATES_IN]->(x:Network)
    WHERE @holds(r, $at) AND @holds(x, $at)
  RETURN collect(DISTINCT x.id) AS networks
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:COMPLETED]->(x:Training)
    WHERE @holds(r, $at)
  RETURN collect(DISTINCT x.id) AS trainings
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:KNOWS]-(q:Person)
    WHERE p <> q AND @holds(r, $at)
  RETURN collect(q.id) AS knows
}
RETURN p.id AS id, p.name AS name, (p.leftOn IS NULL OR p.leftOn > $at) AS present, departments,
       networks + trainings AS groups, knows;

// name: tiesGroupsOf
// The networks and trainings among $ids with their people on day $at, as tiesGroups reads them.
UNWIND $ids AS id
MATCH (x:Entity {id: id})
WHERE x:Network OR x:Training
CALL (x) {
  OPTIONAL MATCH (p:Person)-[r:LEADS|PARTICIPATES_IN]->(x:Network)
    WHERE @holds(r, $at) AND @holds(x, $at)
  RETURN collect(DISTINCT p.id) AS leading
}
CALL (x) {
  OPTIONAL MATCH (p:Person)-[r:COMPLETED]->(x:Training)
    WHERE @holds(r, $at)
  RETURN collect(DISTINCT p.id) AS completed
}
RETURN x.id AS id, x.name AS name, CASE WHEN x:Network THEN 'network' ELSE 'training' END AS via,
       leading + completed AS people;
