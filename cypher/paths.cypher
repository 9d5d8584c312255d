// name: shortestPaths
// Every shortest path between two nodes on day $at (at most 8 hops, model relationships that held that day only, never through a petal), then those one step longer where the join finds them, the first ten by length and their nodes' ids, with the facts of each step (its relation's type, direction, dates, wording and via).
// Up to four steps the paths are found by joining the two ends' neighbourhoods in the middle (USING JOIN), walking
// two steps from the end with fewer relations, which at 50,000 people takes half the time of a search; past that,
// or with hubs (more than $hub relations) at the ends, Neo4j's bidirectional search (allShortestPaths) with every
// predicate written as all(...), so it is checked while searching. A relation that did not hold on day $at (the
// rule in rings.cypher) is never walked, nor a network before its startedAt (the same file's rule; with such a network
// at an end there is no path). The joins list every path of their length, so the shortest come with the
// paths one step longer, which are the best detours there are: paths/service.ts takes them before it searches for
// detours. Those must visit each node once, which is checked: walking a node twice takes a self-loop or more steps.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WITH a, b, COUNT { (a)--() } AS degreeA, COUNT { (b)--() } AS degreeB
// the joins walk two steps from the end with fewer relations (s); four steps walk two from each end, so both count
WITH degreeA <= degreeB AS fromA, a, b, degreeA, degreeB
WITH fromA, CASE WHEN fromA THEN a ELSE b END AS s, CASE WHEN fromA THEN b ELSE a END AS e,
     CASE WHEN fromA THEN degreeA ELSE degreeB END <= $hub AS joined,
     CASE WHEN fromA THEN degreeB ELSE degreeA END <= $hub AS bothJoined
// a path needs both ends to hold on day $at
WITH fromA, s, e, joined, bothJoined, (NOT s:Network OR @holds(s, $at))
     AND (NOT e:Network OR @holds(e, $at)) AS live
WITH fromA, s, e, joined AND live AS joined, bothJoined AND live AS bothJoined, live
OPTIONAL CALL (s, e, joined) {
  WITH s, e WHERE joined
  MATCH p = (s)-[r]-(e)
  WHERE type(r) IN $types
    AND @holds(r, $at)
  RETURN p
  UNION ALL
  WITH s, e WHERE joined
  MATCH p = (s)-[r]-(x:Entity)-[t]-(e)
  USING JOIN ON x
  WHERE NOT x:Outcome
    AND (NOT x:Network OR @holds(x, $at))
    AND type(r) IN $types
    AND @holds(r, $at)
    AND type(t) IN $types
    AND @holds(t, $at)
  RETURN p
  UNION ALL
  WITH s, e WHERE joined
  MATCH p = (s)-[r]-(x:Entity)-[u]-(y)-[t]-(e)
  USING JOIN ON y
  WHERE NOT x:Outcome
    AND (NOT x:Network OR @holds(x, $at))
    AND type(r) IN $types
    AND @holds(r, $at)
    AND type(t) IN $types
    AND @holds(t, $at)
    // u is checked after the join, where only the relations that close a path are left
    AND all(rel IN [u, t] WHERE type(rel) IN $types
      AND @holds(rel, $at)
      AND y:Entity AND NOT y:Outcome AND (NOT y:Network OR @holds(y, $at)))
  RETURN p
}
WITH fromA, s, e, bothJoined, live, collect(p) AS near
WITH fromA, s, e, bothJoined, live, near, reduce(m = 4, q IN near | CASE WHEN length(q) < m THEN length(q) ELSE m END) AS least
// distinct ways of three steps when those are the shortest, as paths/service.ts counts them: KNOWS both ways is one way
WITH fromA, s, e, bothJoined, live, near, least, COUNT {
  UNWIND CASE WHEN least = 3 THEN near ELSE [] END AS q
  RETURN DISTINCT [n IN nodes(q) | elementId(n)] AS ns, [rel IN relationships(q) | type(rel)] AS ts
} AS threes
// four steps when nothing is nearer, or as the next longest when fewer than $max ways of three steps are found
CALL (s, e, bothJoined, near, least, threes) {
  WITH s, e WHERE bothJoined AND (size(near) = 0 OR (least = 3 AND threes < $max))
  MATCH p = (s)-[r]-(x:Entity)-[u]-(z)-[v]-(y:Entity)-[t]-(e)
  USING JOIN ON z
  WHERE NOT x:Outcome AND NOT y:Outcome
    AND (NOT x:Network OR @holds(x, $at))
    AND (NOT y:Network OR @holds(y, $at))
    AND type(r) IN $types
    AND @holds(r, $at)
    AND type(t) IN $types
    AND @holds(t, $at)
    AND all(rel IN [u, v] WHERE type(rel) IN $types
      AND @holds(rel, $at)
      AND z:Entity AND NOT z:Outcome AND (NOT z:Network OR @holds(z, $at)))
  RETURN collect(p) AS four
}
CALL (s, e, near, four, live) {
  WITH s, e WHERE live AND size(near) = 0 AND size(four) = 0
  MATCH p = allShortestPaths((s)-[rs*1..8]-(e))
  WHERE all(r IN rs WHERE type(r) IN $types
            AND @holds(r, $at))
    AND all(n IN nodes(p) WHERE n:Entity AND (NOT n:Outcome OR n.id IN [$from, $to])
            AND (NOT n:Network OR @holds(n, $at)))
  RETURN collect(p) AS far
}
WITH fromA, near + four + far AS found
WITH fromA, found, reduce(m = 9, q IN found | CASE WHEN length(q) < m THEN length(q) ELSE m END) AS least
// only a self-loop lets a walk one step longer than the shortest visit a node twice, and such a walk is no path
UNWIND [p IN found WHERE length(p) <= least + 1
          AND size(reduce(once = [], n IN nodes(p) | CASE WHEN n IN once THEN once ELSE once + n END)) = size(nodes(p))] AS p
WITH p, CASE WHEN fromA THEN nodes(p) ELSE reverse(nodes(p)) END AS ns,
     CASE WHEN fromA THEN relationships(p) ELSE reverse(relationships(p)) END AS rs
ORDER BY length(p), [n IN ns | n.id], [rel IN rs | type(rel)], [rel IN rs | startNode(rel).id]
LIMIT 10
RETURN [n IN ns | {ref: elementId(n), id: n.id, kind: [l IN $kinds WHERE l IN labels(n)][0], name: n.name,
                   projectKind: CASE WHEN n:Project THEN n.kind END}] AS nodes,
       [rel IN rs | {ref: elementId(rel), type: type(rel), start: startNode(rel).id, since: rel.since, until: rel.until,
         wording: rel.wording,
         via: CASE WHEN type(rel) = 'KNOWS' AND rel.via IS NOT NULL THEN
                COLLECT { MATCH (v:Entity {id: rel.via})
                          RETURN {id: v.id, kind: [l IN $kinds WHERE l IN labels(v)][0], name: v.name} }[0]
              END}] AS relations;

// name: detourPaths
// For one spur of Yen's algorithm, a shortest path from the spur node to $to on day $at that leaves out the spur's relations and nodes, by the rules of shortestPaths.
// The service builds the spurs from the shortest paths when there are fewer of them than asked: each path's
// step i is left out, with the same step of every path that shares the first i nodes, and the nodes before
// the spur, so each spur path makes a detour of its own (paths/service.ts puts the root and the spur together).
// Relations and nodes to avoid are given by element id, which the search checks without reading a property.
// One path per spur (shortestPath, not allShortestPaths): a detour is one of several, and listing them all costs.
WITH $spur AS spur
MATCH (s:Entity {id: spur.from}), (b:Entity {id: $to})
MATCH p = shortestPath((s)-[rs*1..8]-(b))
WHERE all(r IN rs WHERE type(r) IN $types AND NOT elementId(r) IN spur.avoidRelations
          AND @holds(r, $at))
  AND all(n IN nodes(p) WHERE n:Entity AND (NOT n:Outcome OR n.id IN [$from, $to]) AND NOT elementId(n) IN spur.avoidNodes
          AND (NOT n:Network OR @holds(n, $at)))
RETURN [n IN nodes(p) | {ref: elementId(n), id: n.id, kind: [l IN $kinds WHERE l IN labels(n)][0], name: n.name,
                         projectKind: CASE WHEN n:Project THEN n.kind END}] AS nodes,
       [rel IN relationships(p) | {ref: elementId(rel), type: type(rel), start: startNode(rel).id, since: rel.since, until: rel.until,
         wording: rel.wording,
         via: CASE WHEN type(rel) = 'KNOWS' AND rel.via IS NOT NULL THEN
                COLLECT { MATCH (v:Entity {id: rel.via})
                          RETURN {id: v.id, kind: [l IN $kinds WHERE l IN labels(v)][0], name: v.name} }[0]
              END}] AS relations;
