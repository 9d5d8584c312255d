// name: shortestPaths
// Every shortest path between two nodes on day $at (at most 8 hops, model relationships that held that day only, never through a petal), the first ten by their nodes' ids, with what each step's sentence needs.
// Neo4j's bidirectional breadth-first search (shortestPath) with every predicate on the path's nodes and
// relationships written as all(...), so it is checked while searching and never needs the slow fallback;
// a relation that did not hold on day $at (the rule in rings.cypher) is never walked. Shortest paths visit
// each node once by nature.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[rs*1..8]-(b))
WHERE all(r IN rs WHERE type(r) IN $types
          AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
          AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
  AND all(n IN nodes(p) WHERE n:Entity AND (NOT n:Outcome OR n.id IN [$from, $to]))
WITH p
ORDER BY [n IN nodes(p) | n.id], [rel IN relationships(p) | type(rel)], [rel IN relationships(p) | startNode(rel).id]
LIMIT 10
RETURN [n IN nodes(p) | {ref: elementId(n), id: n.id, kind: [l IN $kinds WHERE l IN labels(n)][0], name: n.name,
                         projectKind: CASE WHEN n:Project THEN n.kind END}] AS nodes,
       [rel IN relationships(p) | {ref: elementId(rel), type: type(rel), start: startNode(rel).id, wording: rel.wording,
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
          AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
          AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
  AND all(n IN nodes(p) WHERE n:Entity AND (NOT n:Outcome OR n.id IN [$from, $to]) AND NOT elementId(n) IN spur.avoidNodes)
RETURN [n IN nodes(p) | {ref: elementId(n), id: n.id, kind: [l IN $kinds WHERE l IN labels(n)][0], name: n.name,
                         projectKind: CASE WHEN n:Project THEN n.kind END}] AS nodes,
       [rel IN relationships(p) | {ref: elementId(rel), type: type(rel), start: startNode(rel).id, wording: rel.wording,
         via: CASE WHEN type(rel) = 'KNOWS' AND rel.via IS NOT NULL THEN
                COLLECT { MATCH (v:Entity {id: rel.via})
                          RETURN {id: v.id, kind: [l IN $kinds WHERE l IN labels(v)][0], name: v.name} }[0]
              END}] AS relations;
