// name: networksList
// Networks of the asked kind, status, phase and department as they stood on day $at (none started after it), in kind order then by name, each with leaders, departments and outcome count.
// Every relation walked holds on day $at, and a network counts from its startedAt, by the rule in rings.cypher.
// Asked for a department, its people on the day (read from the department) are joined by hash with the networks' roles
// (read from the networks, which keep their relations by type): a person's relations are read whole to find one type,
// so walking out from each of a department's thousands of people to their roles cost more (78,000 database hits
// against 52,000 for the largest department at 50,000 people; USING JOIN says so to the planner); no list of the department's people is carried along in the query (tens of thousands in a region).
// Each network's relations are walked once for its people and outcomes, and its people's departments only for roles that held.
CALL () {
  MATCH (n:Network)
  WHERE $department IS NULL
  RETURN n
  UNION
  MATCH (:Department {id: $department})<-[w:WORKS_IN]-(p:Person)-[r:LEADS|PARTICIPATES_IN]->(n:Network)
  USING JOIN ON p
  WHERE @holds(w, $at) AND @holds(r, $at)
  RETURN n
}
WITH n
WHERE n.kind IN $networkKinds
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($status IS NULL OR n.status = $status)
  AND ($phase IS NULL OR n.phase = $phase)
  AND @holds(n, $at)
WITH n, [i IN range(0, size($networkKinds) - 1) WHERE $networkKinds[i] = n.kind][0] AS kindOrder
ORDER BY kindOrder, n.name, n.id
LIMIT $limit
CALL (n) {
  // The network's relations read in one walk: its people whose role held, each once, and its outcomes.
  OPTIONAL MATCH (n)-[r:LEADS|PARTICIPATES_IN|CREATED]-(x)
    WHERE @holds(r, $at)
  WITH n, r, x, type(r) AS type
  WITH collect(DISTINCT CASE WHEN type <> 'CREATED' AND endNode(r) = n AND x:Person THEN x END) AS people,
       collect(DISTINCT CASE WHEN type = 'LEADS' AND endNode(r) = n AND x:Person THEN x END) AS leading,
       count(CASE WHEN type = 'CREATED' AND startNode(r) = n AND x:Outcome THEN r END) AS outcomes
  CALL (leading) {
    UNWIND leading AS p
    WITH p
    ORDER BY p.name, p.id
    RETURN collect(p {.id, .name})[..$maxRefs] AS leaders
  }
  CALL (people) {
    UNWIND people AS p
    MATCH (p)-[w:WORKS_IN]->(d:Department)
    WHERE @holds(w, $at)
    WITH DISTINCT d
    ORDER BY d.name, d.id
    RETURN collect(d {.id, .name})[..$maxRefs] AS departments
  }
  RETURN leaders, departments, outcomes
}
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.theme AS theme, n.status AS status, n.phase AS phase,
       n.inferred AS inferred, leaders, departments, outcomes;

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

// name: networkLeavers
// One network by id (of a known kind) with the roles (LEADS, PARTICIPATES_IN) in it still held by people who have left by day $today: the person's leftOn on or before it, the role open or ending on or after leftOn, and not handed to anyone (handedTo); by name, at most $limit.
// The role's days are compared as stored (lastDay, by the rule in rings.cypher); leftOn is the first day they no longer worked here.
MATCH (n:Entity {id: $id})
WHERE n:Network AND n.kind IN $networkKinds
RETURN n.id AS id, n.name AS name,
       COLLECT { MATCH (p:Person)-[r:LEADS|PARTICIPATES_IN]->(n)
                 WHERE p.leftOn <= $today AND r.handedTo IS NULL
                   AND (r.lastDay IS NULL OR r.lastDay >= date(p.leftOn))
                 WITH p, r
                 ORDER BY p.name, p.id, type(r)
                 LIMIT $limit
                 RETURN {id: p.id, name: p.name, role: type(r), since: r.since, until: r.until, leftOn: p.leftOn,
                         version: coalesce(r.version, 1)} } AS roles;

// name: networksWithLeavers
// Networks (of a known kind) where someone who has left by day $today still holds a role no one has taken over (as networkLeavers), with how many such roles, by name, at most $limit.
MATCH (p:Person)-[r:LEADS|PARTICIPATES_IN]->(n:Network)
WHERE p.leftOn <= $today AND r.handedTo IS NULL
  AND (r.lastDay IS NULL OR r.lastDay >= date(p.leftOn))
  AND n.kind IN $networkKinds
WITH n, count(r) AS roles
ORDER BY n.name, n.id
LIMIT $limit
RETURN n.id AS id, n.name AS name, roles;

// name: networkHandoverParties
// What a handover in network $id needs to know: whether the network is one (of a known kind), the leaver's name and leftOn (null when no such person), and the successor's kind, name and leftOn (null when no such node).
OPTIONAL MATCH (n:Entity {id: $id})
  WHERE n:Network AND n.kind IN $networkKinds
OPTIONAL MATCH (l:Entity {id: $leaver})
  WHERE l:Person
OPTIONAL MATCH (s:Entity {id: $successor})
RETURN n IS NOT NULL AS networkExists, n.name AS networkName,
       l IS NOT NULL AS leaverExists, l.name AS leaverName, l.leftOn AS leaverLeftOn,
       CASE WHEN s IS NULL THEN null WHEN s:Person THEN 'Person' ELSE 'other' END AS successorKind,
       s.name AS successorName, s.leftOn AS successorLeftOn;

// name: networkHandoversPseudonymise
// Erasure: the roles handed to the erased person ($id in handedTo, an id being a slug of a name) name the pseudonym instead, as the history does; the role stays handed over.
MATCH (:Person)-[r:LEADS|PARTICIPATES_IN {handedTo: $id}]->(:Network)
SET r.handedTo = $pseudonym, r.version = coalesce(r.version, 1) + 1
RETURN count(r) AS roles;
