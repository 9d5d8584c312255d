// name: shortestPaths
// The shortest paths between two nodes on day $at (at most 8 hops, model relationships that held that day only, never through a petal, none of $avoidRelations and $avoidNodes, by element id), the first $limit by their nodes' ids, with what each step's sentence needs.
// Up to four steps the paths are found by joining the two ends' neighbourhoods in the middle (USING JOIN), walking
// two steps from the end with fewer relations: at 50,000 people that takes half the time of a search. Relations in
// the middle are checked after the join, where only those that close a path are left. Past four steps, or with
// hubs (more than $hub relations) at both ends, Neo4j's bidirectional search with every predicate written as
// all(...), so it is checked while searching: all shortest paths, or for $limit 1 (a detour of Yen's algorithm,
// paths/service.ts) the first it finds. A relation that did not hold on day $at (the rule in rings.cypher) is never
// walked. Only the shortest of the joined paths are kept, and those visit each node once.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WITH a, b, COUNT { (a)--() } <= COUNT { (b)--() } AS fromA
WITH a, b, fromA, CASE WHEN fromA THEN a ELSE b END AS s, CASE WHEN fromA THEN b ELSE a END AS e
WITH fromA, s, e, COUNT { (s)--() } <= $hub AS joined
OPTIONAL CALL (s, e, joined) {
  WITH s, e WHERE joined
  MATCH p = (s)-[r]-(e)
  WHERE type(r) IN $types AND NOT elementId(r) IN $avoidRelations
    AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  RETURN p
  UNION ALL
  WITH s, e WHERE joined
  MATCH p = (s)-[r]-(x:Entity)-[t]-(e)
  USING JOIN ON x
  WHERE NOT x:Outcome AND NOT elementId(x) IN $avoidNodes
    AND type(r) IN $types AND NOT elementId(r) IN $avoidRelations
    AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
    AND type(t) IN $types AND NOT elementId(t) IN $avoidRelations
    AND (t.since IS NULL OR left($at, size(toString(t.since))) >= toString(t.since))
    AND (t.until IS NULL OR left($at, size(toString(t.until))) <= toString(t.until))
  RETURN p
  UNION ALL
  WITH s, e WHERE joined
  MATCH p = (s)-[r]-(x:Entity)-[u]-(y)-[t]-(e)
  USING JOIN ON y
  WHERE NOT x:Outcome AND NOT elementId(x) IN $avoidNodes
    AND type(r) IN $types AND NOT elementId(r) IN $avoidRelations
    AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
    AND type(t) IN $types AND NOT elementId(t) IN $avoidRelations
    AND (t.since IS NULL OR left($at, size(toString(t.since))) >= toString(t.since))
    AND (t.until IS NULL OR left($at, size(toString(t.until))) <= toString(t.until))
    AND all(rel IN [u, t] WHERE type(rel) IN $types AND NOT elementId(rel) IN $avoidRelations
      AND (rel.since IS NULL OR left($at, size(toString(rel.since))) >= toString(rel.since))
      AND (rel.until IS NULL OR left($at, size(toString(rel.until))) <= toString(rel.until))
      AND y:Entity AND NOT y:Outcome AND NOT elementId(y) IN $avoidNodes)
  RETURN p
}
WITH fromA, s, e, joined, collect(p) AS near
WITH fromA, s, e, joined, [p IN near WHERE length(p) = reduce(m = 4, q IN near | CASE WHEN length(q) < m THEN length(q) ELSE m END)] AS near
CALL (s, e, joined, near) {
  WITH s, e WHERE joined AND size(near) = 0 AND COUNT { (e)--() } <= $hub
  MATCH p = (s)-[r]-(x:Entity)-[u]-(z)-[v]-(y:Entity)-[t]-(e)
  USING JOIN ON z
  WHERE NOT x:Outcome AND NOT elementId(x) IN $avoidNodes AND NOT y:Outcome AND NOT elementId(y) IN $avoidNodes
    AND type(r) IN $types AND NOT elementId(r) IN $avoidRelations
    AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
    AND type(t) IN $types AND NOT elementId(t) IN $avoidRelations
    AND (t.since IS NULL OR left($at, size(toString(t.since))) >= toString(t.since))
    AND (t.until IS NULL OR left($at, size(toString(t.until))) <= toString(t.until))
    AND all(rel IN [u, v] WHERE type(rel) IN $types AND NOT elementId(rel) IN $avoidRelations
      AND (rel.since IS NULL OR left($at, size(toString(rel.since))) >= toString(rel.since))
      AND (rel.until IS NULL OR left($at, size(toString(rel.until))) <= toString(rel.until))
      AND z:Entity AND NOT z:Outcome AND NOT elementId(z) IN $avoidNodes)
  RETURN collect(p) AS four
}
OPTIONAL CALL (s, e, near, four) {
  WITH s, e WHERE size(near) = 0 AND size(four) = 0 AND $limit > 1
  MATCH p = allShortestPaths((s)-[rs*1..8]-(e))
  WHERE all(r IN rs WHERE type(r) IN $types AND NOT elementId(r) IN $avoidRelations
            AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
            AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
    AND all(n IN nodes(p) WHERE n:Entity AND (NOT n:Outcome OR n.id IN [$from, $to]) AND NOT elementId(n) IN $avoidNodes)
  RETURN p
  UNION ALL
  WITH s, e WHERE size(near) = 0 AND size(four) = 0 AND $limit = 1
  MATCH p = shortestPath((s)-[rs*1..8]-(e))
  WHERE all(r IN rs WHERE type(r) IN $types AND NOT elementId(r) IN $avoidRelations
            AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
            AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
    AND all(n IN nodes(p) WHERE n:Entity AND (NOT n:Outcome OR n.id IN [$from, $to]) AND NOT elementId(n) IN $avoidNodes)
  RETURN p
}
WITH fromA, near, four, collect(p) AS far
UNWIND near + four + far AS p
WITH CASE WHEN fromA THEN nodes(p) ELSE reverse(nodes(p)) END AS ns,
     CASE WHEN fromA THEN relationships(p) ELSE reverse(relationships(p)) END AS rs
ORDER BY [n IN ns | n.id], [rel IN rs | type(rel)], [rel IN rs | startNode(rel).id]
LIMIT $limit
RETURN [n IN ns | {ref: elementId(n), id: n.id, kind: [l IN $kinds WHERE l IN labels(n)][0], name: n.name,
                   projectKind: CASE WHEN n:Project THEN n.kind END}] AS nodes,
       [rel IN rs | {ref: elementId(rel), type: type(rel), start: startNode(rel).id, wording: rel.wording,
         via: CASE WHEN type(rel) = 'KNOWS' AND rel.via IS NOT NULL THEN
                COLLECT { MATCH (v:Entity {id: rel.via})
                          RETURN {id: v.id, kind: [l IN $kinds WHERE l IN labels(v)][0], name: v.name} }[0]
              END}] AS relations;
