// Rings are grown in one read transaction and address nodes by elementId(), which holds within a
// transaction: a seek by element id reads no index and no property, where a seek by `id` reads both.
// The centre comes from elementNodes (elements.cypher), which gives its element id too.
//
// A relation holds on day $at from its since to its until, both days included; a partial date ('2014', '2014-05')
// covers its whole year or month, hence the comparison of $at cut to the stored date's length. toString() also
// reads a since stored as a Neo4j date, as older data may hold.
//
// A network holds on day $at from its startedAt, by the same reading of a partial date:
//   (NOT n:Network OR n.startedAt IS NULL OR left($at, size(toString(n.startedAt))) >= toString(n.startedAt))
// Before that it is left out everywhere: it is not drawn, ties no one, and no path or ripple goes through it. Its
// endedAt does not end it: a finished network stays in the graph as finished, and its people's parts in it end by
// their own until. Every query that meets a network repeats this fragment, with its own variable, and points here
// (test/rules.test.ts checks that each is written alike).

// name: ringsNext
// The next ring on day $at: neighbours of the $frontier not $seen, how many (estimated past hubs), the first $take as drawn nodes (as elementNodes draws them).
// Each frontier node gives at most $cap + 1 neighbours, so a department of thousands costs no more than a small one;
// past the cap its degree stands in for the rest, and the ring is marked approximate. Neighbours reached other than
// through such a hub come first, then by name: a person's networks and acquaintances before a sample of colleagues.
UNWIND $frontier AS ref
MATCH (f) WHERE elementId(f) = ref
CALL (f) {
  MATCH (f)-[r]-(m:Entity)
  WHERE type(r) IN $types AND NOT elementId(m) IN $seen
    AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
    AND (NOT m:Network OR m.startedAt IS NULL OR left($at, size(toString(m.startedAt))) >= toString(m.startedAt))
  WITH DISTINCT m
  LIMIT $cap + 1
  RETURN m
}
WITH f, collect(m) AS found
WITH found, size(found) > $cap AS hub, CASE WHEN size(found) > $cap THEN COUNT { (f)--() } - size(found) ELSE 0 END AS beyond
WITH collect({found: found, hub: hub}) AS steps, sum(beyond) AS beyond, sum(CASE WHEN hub THEN 1 ELSE 0 END) > 0 AS approximate
UNWIND steps AS step
UNWIND step.found AS m
WITH beyond, approximate, m, min(CASE WHEN step.hub THEN 1 ELSE 0 END) AS viaHub
ORDER BY viaHub, m.name, m.id
WITH beyond, approximate, collect(m) AS ms
UNWIND ms[0..$take] AS n
OPTIONAL MATCH (n)-[w:WORKS_IN]->(d:Department)
  WHERE (w.since IS NULL OR left($at, size(toString(w.since))) >= toString(w.since))
    AND (w.until IS NULL OR left($at, size(toString(w.until))) <= toString(w.until))
WITH beyond, approximate, size(ms) AS found, n, [l IN $kinds WHERE l IN labels(n)][0] AS kind, collect(d.id) AS depts
RETURN found + beyond AS total, approximate,
       collect({ref: elementId(n), id: n.id, name: coalesce(n.name, n.id), kind: kind, status: n.status,
                department: CASE WHEN kind = 'Department' THEN n.id ELSE depts[0] END,
                departments: CASE WHEN kind = 'Department' THEN [n.id] ELSE depts END}) AS nodes;

// name: ringsEdges
// The relations among the drawn nodes (by element id) of the allowed types that held on day $at.
// Each drawn node's outgoing relations are joined with the drawn nodes by a hash join on the far end, rather
// than each far end looked up in $refs: the outgoing relations of a few hundred nodes are thousands.
MATCH (a)-[r]->(b)
USING JOIN ON b
WHERE elementId(a) IN $refs AND elementId(b) IN $refs AND type(r) IN $types
  AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
  AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
RETURN elementId(a) AS source, type(r) AS type, elementId(b) AS target;
