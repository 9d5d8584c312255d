// name: shortestPaths
// The ten shortest simple paths between two nodes on day $at (at most 8 hops, model relationships that held that day only, never through a petal), shortest first, with what each step's sentence needs.
// k must be a literal in Neo4j 5.26 (SHORTEST $k does not parse), so the contract's ceiling of 10 is fetched and the
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
