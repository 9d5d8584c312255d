// name: topicMatches
// The nodes a topic matches in the Danish full-text index, best first, as short references.
CALL db.index.fulltext.queryNodes('ringe_search', $lucene, {limit: $limit}) YIELD node, score
WITH node, score, [l IN $kinds WHERE l IN labels(node)][0] AS kind
WHERE kind IS NOT NULL AND node.id IS NOT NULL
RETURN node.id AS id, kind, node.name AS name, score
ORDER BY score DESC, name, id;

// name: topicReasons
// What the matched nodes (each {id, score}) give on day $at, before any person is chosen: each person's own reasons (leads or takes part in a matching network, or is a matching person) and each department's reasons (a leader of a matching network works there, or it matches itself), each as its best value ($weights by kind times the node's score) per node it is about.
// A department reason is worth the same to every colleague in it, so it is read once per department rather than
// once per colleague (thousands in a large municipality); server/contacts/choose.ts sums them per person.
// Only a leader misses the reason her own leadership gives her department; her "leads" reason for the same
// network always weighs more, and only the best reason per network counts, so that changes no total.
UNWIND $matches AS matched
MATCH (node:Entity {id: matched.id})
WITH node, matched.score AS score, CASE
  WHEN node:Network THEN [node]
  WHEN node:Outcome THEN [(net:Network)-[c:CREATED]->(node)
    WHERE (c.since IS NULL OR left($at, size(toString(c.since))) >= toString(c.since))
      AND (c.until IS NULL OR left($at, size(toString(c.until))) <= toString(c.until)) | net]
  ELSE []
END AS networks
CALL (node, networks, score) {
  UNWIND networks AS net
  MATCH (p:Person)-[rel:LEADS|PARTICIPATES_IN]->(net)
  WHERE p.id IS NOT NULL
    AND (rel.since IS NULL OR left($at, size(toString(rel.since))) >= toString(rel.since))
    AND (rel.until IS NULL OR left($at, size(toString(rel.until))) <= toString(rel.until))
  RETURN 'person' AS holder, p.id AS id, net.id AS about,
         $weights[CASE type(rel) WHEN 'LEADS' THEN 'leads' ELSE 'participates' END] * score AS value
  UNION ALL
  UNWIND networks AS net
  MATCH (leader:Person)-[l:LEADS]->(net)
  WHERE (l.since IS NULL OR left($at, size(toString(l.since))) >= toString(l.since))
    AND (l.until IS NULL OR left($at, size(toString(l.until))) <= toString(l.until))
  MATCH (leader)-[w:WORKS_IN]->(d:Department)
  WHERE (w.since IS NULL OR left($at, size(toString(w.since))) >= toString(w.since))
    AND (w.until IS NULL OR left($at, size(toString(w.until))) <= toString(w.until))
  RETURN 'department' AS holder, d.id AS id, net.id AS about, $weights.department * score AS value
  UNION ALL
  WITH node, score WHERE node:Department
  RETURN 'department' AS holder, node.id AS id, node.id AS about, $weights.department * score AS value
  UNION ALL
  WITH node, score WHERE node:Person AND node.id IS NOT NULL
  RETURN 'person' AS holder, node.id AS id, node.id AS about, $weights.title * score AS value
}
RETURN holder, id, about, max(value) AS value
ORDER BY holder, id, about;

// name: topicCandidates
// One row per person and reason for the matched nodes, for the given people only ($people, chosen from topicReasons), by relations that held on day $at: leaders, participants and leaders' department colleagues of matching networks (a network also matches through a petal it created), people of matching departments, and matching people themselves.
// Every relation walked holds on day $at, by the rule in rings.cypher (all(...) over the relations of one pattern).
UNWIND $ids AS matchedId
MATCH (node:Entity {id: matchedId})
WITH node, CASE
  WHEN node:Network THEN [node]
  WHEN node:Outcome THEN [(net:Network)-[c:CREATED]->(node)
    WHERE (c.since IS NULL OR left($at, size(toString(c.since))) >= toString(c.since))
      AND (c.until IS NULL OR left($at, size(toString(c.until))) <= toString(c.until)) | net]
  ELSE []
END AS networks
CALL (node, networks) {
  UNWIND networks AS net
  MATCH (p:Person)-[rel:LEADS|PARTICIPATES_IN]->(net)
  WHERE p.id IN $people AND (rel.since IS NULL OR left($at, size(toString(rel.since))) >= toString(rel.since))
    AND (rel.until IS NULL OR left($at, size(toString(rel.until))) <= toString(rel.until))
  RETURN p, CASE type(rel) WHEN 'LEADS' THEN 'leads' ELSE 'participates' END AS kind, net AS about, null AS leader
  UNION ALL
  UNWIND networks AS net
  MATCH (leader:Person)-[l:LEADS]->(net)
  WHERE (l.since IS NULL OR left($at, size(toString(l.since))) >= toString(l.since))
    AND (l.until IS NULL OR left($at, size(toString(l.until))) <= toString(l.until))
  MATCH (leader)-[w1:WORKS_IN]->(d:Department)
  WHERE (w1.since IS NULL OR left($at, size(toString(w1.since))) >= toString(w1.since))
    AND (w1.until IS NULL OR left($at, size(toString(w1.until))) <= toString(w1.until))
  // from the few chosen people to the department, not from the department to its thousands
  MATCH (p:Person)-[w2:WORKS_IN]->(d)
  USING INDEX p:Person(id)
  WHERE p.id IN $people AND p <> leader
    AND (w2.since IS NULL OR left($at, size(toString(w2.since))) >= toString(w2.since))
    AND (w2.until IS NULL OR left($at, size(toString(w2.until))) <= toString(w2.until))
  RETURN p, 'department' AS kind, net AS about, leader.name AS leader
  UNION ALL
  MATCH (p:Person)-[w:WORKS_IN]->(node:Department)
  WHERE p.id IN $people AND (w.since IS NULL OR left($at, size(toString(w.since))) >= toString(w.since))
    AND (w.until IS NULL OR left($at, size(toString(w.until))) <= toString(w.until))
  RETURN p, 'department' AS kind, node AS about, null AS leader
  UNION ALL
  WITH node WHERE node:Person AND node.id IN $people
  RETURN node AS p, 'title' AS kind, node AS about, null AS leader
}
WITH DISTINCT node, p, kind, about, leader
RETURN node.id AS matchedId, p.id AS id, p.name AS name, p.title AS title, p.email AS email, p.phone AS phone,
       COLLECT { MATCH (p)-[w:WORKS_IN]->(d:Department)
                 WHERE (w.since IS NULL OR left($at, size(toString(w.since))) >= toString(w.since))
                   AND (w.until IS NULL OR left($at, size(toString(w.until))) <= toString(w.until))
                 RETURN d {.id, .name} ORDER BY d.name, d.id LIMIT 1 }[0] AS department,
       kind, about.id AS aboutId, [l IN $kinds WHERE l IN labels(about)][0] AS aboutKind, about.name AS aboutName, leader;

// name: contactWays
// For each contact ($ids) one to three steps from the asking person $from on day $at, the length of a shortest path by the rules of contactPaths and the first person on the first such path by ids, to ask for an introduction.
// The same answer as contactPaths for these lengths, found by joining the two ends' neighbourhoods in the middle
// (USING JOIN) instead of one search per contact: the asker's side is read once for all contacts, and a hub such as
// a department is only ever entered from the asker's side. Relations in the middle are checked after the join,
// where only those that close a path are left. Contacts further away are not returned.
MATCH (a:Person {id: $from})
CALL (a) {
  MATCH (a)-[r]-(b:Person)
  WHERE b.id IN $ids AND type(r) IN $types
    AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  RETURN b, 1 AS length, [] AS between
  UNION ALL
  MATCH (a)-[r]-(x:Entity)-[t]-(b:Person)
  USING JOIN ON x
  WHERE b.id IN $ids AND NOT x:Outcome AND x <> b
    AND type(r) IN $types
    AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
    AND type(t) IN $types
    AND (t.since IS NULL OR left($at, size(toString(t.since))) >= toString(t.since))
    AND (t.until IS NULL OR left($at, size(toString(t.until))) <= toString(t.until))
  RETURN b, 2 AS length, [x] AS between
  UNION ALL
  MATCH (a)-[r]-(x:Entity)-[s]-(y)-[t]-(b:Person)
  USING JOIN ON y
  WHERE b.id IN $ids AND NOT x:Outcome AND y <> a AND x <> b AND x <> y
    AND type(r) IN $types
    AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
    AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
    AND type(t) IN $types
    AND (t.since IS NULL OR left($at, size(toString(t.since))) >= toString(t.since))
    AND (t.until IS NULL OR left($at, size(toString(t.until))) <= toString(t.until))
    AND all(rel IN [s, t] WHERE type(rel) IN $types
      AND (rel.since IS NULL OR left($at, size(toString(rel.since))) >= toString(rel.since))
      AND (rel.until IS NULL OR left($at, size(toString(rel.until))) <= toString(rel.until))
      AND y:Entity AND NOT y:Outcome)
  RETURN b, 3 AS length, [x, y] AS between
}
WITH b, length, between
ORDER BY length, [n IN between | n.id]
WITH b, collect({length: length, between: between})[0] AS way
RETURN b.id AS id, way.length AS length,
       [n IN way.between WHERE n:Person | {id: n.id, kind: 'Person', name: coalesce(n.name, n.id)}][0] AS via;

// name: contactWaysFour
// For each contact ($ids) exactly four steps from the asking person $from on day $at (none is nearer), the first person on the first shortest path by ids, as contactWays does for nearer ones.
// Joined in the middle node: each side walks two steps. Asked only for contacts contactWays did not reach.
MATCH (a:Person {id: $from})-[r]-(x:Entity)-[s]-(z)-[u]-(y:Entity)-[t]-(b:Person)
USING JOIN ON z
WHERE b.id IN $ids AND NOT x:Outcome AND NOT y:Outcome
  AND z <> a AND z <> b AND x <> b AND y <> a AND x <> y AND x <> z AND y <> z
  AND type(r) IN $types
  AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
  AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  AND type(t) IN $types
  AND (t.since IS NULL OR left($at, size(toString(t.since))) >= toString(t.since))
  AND (t.until IS NULL OR left($at, size(toString(t.until))) <= toString(t.until))
  // s and u are checked after the join, where only the relations that close a path are left
  AND all(rel IN [s, u] WHERE type(rel) IN $types
    AND (rel.since IS NULL OR left($at, size(toString(rel.since))) >= toString(rel.since))
    AND (rel.until IS NULL OR left($at, size(toString(rel.until))) <= toString(rel.until))
    AND z:Entity AND NOT z:Outcome)
WITH b, x, z, y
ORDER BY x.id, z.id, y.id
WITH b, collect([x, z, y])[0] AS between
RETURN b.id AS id, 4 AS length,
       [n IN between WHERE n:Person | {id: n.id, kind: 'Person', name: coalesce(n.name, n.id)}][0] AS via;

// name: contactPaths
// For each contact ($ids), one shortest path from the asking person on day $at, by the same rules as shortestPaths (paths.cypher), and the first person on it to ask for an introduction.
// Neo4j's bidirectional search with every predicate inlined, as in shortestPaths; of several shortest paths the first by ids
// is shown. One search per contact, so it is asked only for contacts beyond contactWays and contactWaysFour.
UNWIND $ids AS contactId
MATCH (a:Person {id: $from}), (b:Person {id: contactId})
OPTIONAL MATCH p = allShortestPaths((a)-[rs*1..8]-(b))
WHERE all(r IN rs WHERE type(r) IN $types
          AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
          AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
  AND all(n IN nodes(p) WHERE n:Entity AND NOT n:Outcome)
WITH contactId, p
ORDER BY contactId, [n IN nodes(p) | n.id]
WITH contactId, collect(p)[0] AS p
RETURN contactId AS id, length(p) AS length,
       [n IN nodes(p)[1..-1] WHERE n:Person | {id: n.id, kind: 'Person', name: coalesce(n.name, n.id)}][0] AS via;
