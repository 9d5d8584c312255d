// name: topicMatches
// The nodes a topic matches in the Danish full-text index, best first, as short references.
CALL db.index.fulltext.queryNodes('ringe_search', $lucene, {limit: $limit}) YIELD node, score
WITH node, score, [l IN $kinds WHERE l IN labels(node)][0] AS kind
WHERE kind IS NOT NULL AND node.id IS NOT NULL
RETURN node.id AS id, kind, node.name AS name, score
ORDER BY score DESC, name, id;

// name: topicRanking
// The $take people with the highest sums of reasons for the matched nodes (each {id, score}) on day $at, ties by name then id: each person counts each matched node once, by its strongest reason ($weights by kind times the node's score).
// The reasons are those of topicCandidates, summed here so that only the chosen few travel: a network's leaders'
// department colleagues alone are thousands in a large municipality. Totals are rounded to 9 decimals so that
// equal sums compare equal whatever order they were added in.
UNWIND $matches AS matched
MATCH (node:Entity {id: matched.id})
WITH node, matched.score AS score, CASE
  WHEN node:Network THEN [node]
  WHEN node:Outcome THEN [(net:Network)-[c:CREATED]->(node)
    WHERE (c.since IS NULL OR left($at, size(toString(c.since))) >= toString(c.since))
      AND (c.until IS NULL OR left($at, size(toString(c.until))) <= toString(c.until)) | net]
  ELSE []
END AS networks
CALL (node, networks) {
  UNWIND networks AS net
  MATCH (p:Person)-[rel:LEADS|PARTICIPATES_IN]->(net)
  WHERE (rel.since IS NULL OR left($at, size(toString(rel.since))) >= toString(rel.since))
    AND (rel.until IS NULL OR left($at, size(toString(rel.until))) <= toString(rel.until))
  RETURN p, CASE type(rel) WHEN 'LEADS' THEN 'leads' ELSE 'participates' END AS kind, net AS about
  UNION ALL
  UNWIND networks AS net
  MATCH (leader:Person)-[l:LEADS]->(net), (leader)-[w1:WORKS_IN]->(:Department)<-[w2:WORKS_IN]-(p:Person)
  WHERE p <> leader
    AND all(r IN [l, w1, w2] WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
                                AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
  RETURN p, 'department' AS kind, net AS about
  UNION ALL
  MATCH (p:Person)-[w:WORKS_IN]->(node:Department)
  WHERE (w.since IS NULL OR left($at, size(toString(w.since))) >= toString(w.since))
    AND (w.until IS NULL OR left($at, size(toString(w.until))) <= toString(w.until))
  RETURN p, 'department' AS kind, node AS about
  UNION ALL
  WITH node WHERE node:Person
  RETURN node AS p, 'title' AS kind, node AS about
}
WITH p, about, max($weights[kind] * score) AS value
WITH p, round(sum(value), 9) AS total
ORDER BY total DESC, p.name, p.id
LIMIT $take
RETURN p.id AS id;

// name: topicCandidates
// One row per person and reason for the matched nodes, for the given people only ($people, chosen by topicRanking), by relations that held on day $at: leaders, participants and leaders' department colleagues of matching networks (a network also matches through a petal it created), people of matching departments, and matching people themselves.
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
  MATCH (p:Person)-[w2:WORKS_IN]->(:Department)<-[w1:WORKS_IN]-(leader:Person)-[l:LEADS]->(net)
  WHERE p.id IN $people AND p <> leader
    AND all(r IN [l, w1, w2] WHERE (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
                                AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until)))
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

// name: contactPaths
// For each contact, one shortest path from the asking person on day $at, by the same rules as shortestPaths (paths.cypher), and the first person on it to ask for an introduction.
// Neo4j's bidirectional search with every predicate inlined, as in shortestPaths; of several shortest paths the first by ids is shown.
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
