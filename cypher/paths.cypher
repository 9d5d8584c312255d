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
RETURN [n IN nodes(p) | {id: n.id, kind: [l IN $kinds WHERE l IN labels(n)][0], name: n.name,
                         projectKind: CASE WHEN n:Project THEN n.kind END}] AS nodes,
       [rel IN relationships(p) | {type: type(rel), start: startNode(rel).id, wording: rel.wording,
         via: CASE WHEN type(rel) = 'KNOWS' AND rel.via IS NOT NULL THEN
                COLLECT { MATCH (v:Entity {id: rel.via})
                          RETURN {id: v.id, kind: [l IN $kinds WHERE l IN labels(v)][0], name: v.name} }[0]
              END}] AS relations;

// name: morePaths
// The ten shortest simple paths, longer ones too, between two nodes on day $at (at most 8 hops, model relationships that held that day only, never through a petal), shortest first, with what each step's sentence needs.
// Asked only when there are fewer shortest paths than wanted, and given little time: on a large graph this
// search is slow. k must be a literal in Neo4j 5.26 (SHORTEST $k does not parse), so the contract's ceiling of 10 is fetched and the
// service keeps $max. The WHERE inside the parentheses filters before the selection (outside it would filter after),
// so a relation that did not hold on day $at (the rule in rings.cypher) is never walked; the outer WHERE keeps only
// paths that visit each node once.
MATCH SHORTEST 10 (p = (a:Entity {id: $from})
    ((x)-[r]-(y:Entity) WHERE type(r) IN $types AND (y.id = $to OR NOT y:Outcome) AND any(l IN labels(y) WHERE l IN $kinds)
       AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
       AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))){1,8}
    (b:Entity {id: $to})
  WHERE all(i IN range(1, length(p)) WHERE NOT nodes(p)[i] IN nodes(p)[0..i]))
WITH p
ORDER BY length(p), [n IN nodes(p) | n.id], [rel IN relationships(p) | type(rel)], [rel IN relationships(p) | startNode(rel).id]
RETURN [n IN nodes(p) | {id: n.id, kind: [l IN $kinds WHERE l IN labels(n)][0], name: n.name,
                         projectKind: CASE WHEN n:Project THEN n.kind END}] AS nodes,
       [rel IN relationships(p) | {type: type(rel), start: startNode(rel).id, wording: rel.wording,
         via: CASE WHEN type(rel) = 'KNOWS' AND rel.via IS NOT NULL THEN
                COLLECT { MATCH (v:Entity {id: rel.via})
                          RETURN {id: v.id, kind: [l IN $kinds WHERE l IN labels(v)][0], name: v.name} }[0]
              END}] AS relations;
