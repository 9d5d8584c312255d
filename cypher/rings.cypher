// Rings are grown in one read transaction and address nodes by elementId(), which holds within a
// transaction: a seek by element id reads no index and no property, where a seek by `id` reads both.
// The centre comes from elementNodes (elements.cypher), which gives its element id too.
//
// The rule of time, in every query that reads a day: @holds(x, $at), "x holds on day $at", a fragment that the
// query loader expands (server/common/queries.ts) into a comparison of the day with x's firstDay and lastDay,
// Neo4j dates that every writer stores beside what was written (server/common/days.ts); an end x has none of
// is open.
// - A relation holds from its since to its until, both days included; a partial date ('2014', '2014-05') covers
//   its whole year or month: since '2014' gives the firstDay 2014-01-01, until '2024-02' the lastDay 2024-02-29.
// - A network holds from its startedAt, read the same way: (NOT n:Network OR @holds(n, $at)), the label tested
//   first so that no other node's properties are read. Before it started a network is left out everywhere: it is
//   not drawn, ties no one, and no path or ripple goes through it. Its endedAt does not end it: a finished
//   network stays in the graph as finished, and its people's parts in it end by their own until.

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
    AND @holds(r, $at)
    AND (NOT m:Network OR @holds(m, $at))
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
  WHERE @holds(w, $at)
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
  AND @holds(r, $at)
RETURN elementId(a) AS source, type(r) AS type, elementId(b) AS target;
