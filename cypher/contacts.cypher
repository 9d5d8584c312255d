// name: topicMatches
// The nodes a topic matches in the Danish full-text index, best first, as short references.
CALL db.index.fulltext.queryNodes('ringe_search', $lucene, {limit: $limit}) YIELD node, score
WITH node, score, [l IN $kinds WHERE l IN labels(node)][0] AS kind
WHERE kind IS NOT NULL AND node.id IS NOT NULL
RETURN node.id AS id, kind, node.name AS name, score
ORDER BY score DESC, name, id;

// name: topicCandidates
// One row per person and reason for the matched nodes: leaders, participants and leaders' department colleagues of matching networks (a network also matches through a petal it created), people of matching departments, and matching people themselves.
UNWIND $ids AS matchedId
MATCH (node:Entity {id: matchedId})
WITH node, CASE
  WHEN node:Network THEN [node]
  WHEN node:Outcome THEN [(net:Network)-[:CREATED]->(node) | net]
  ELSE []
END AS networks
CALL (node, networks) {
  UNWIND networks AS net
  MATCH (p:Person)-[rel:LEADS|PARTICIPATES_IN]->(net)
  RETURN p, CASE type(rel) WHEN 'LEADS' THEN 'leads' ELSE 'participates' END AS kind, net AS about, null AS leader
  UNION ALL
  UNWIND networks AS net
  MATCH (leader:Person)-[:LEADS]->(net), (leader)-[:WORKS_IN]->(:Department)<-[:WORKS_IN]-(p:Person)
  WHERE p <> leader
  RETURN p, 'department' AS kind, net AS about, leader.name AS leader
  UNION ALL
  MATCH (p:Person)-[:WORKS_IN]->(node:Department)
  RETURN p, 'department' AS kind, node AS about, null AS leader
  UNION ALL
  WITH node WHERE node:Person
  RETURN node AS p, 'title' AS kind, node AS about, null AS leader
}
WITH DISTINCT node, p, kind, about, leader
RETURN node.id AS matchedId, p.id AS id, p.name AS name, p.title AS title, p.email AS email, p.phone AS phone,
       COLLECT { MATCH (p)-[:WORKS_IN]->(d:Department) RETURN d {.id, .name} ORDER BY d.name, d.id LIMIT 1 }[0] AS department,
       kind, about.id AS aboutId, [l IN $kinds WHERE l IN labels(about)][0] AS aboutKind, about.name AS aboutName, leader;

// name: contactPaths
// For each contact, one shortest path from the asking person, by the same rules as shortestPaths (paths.cypher), and the first person on it to ask for an introduction.
UNWIND $ids AS contactId
MATCH (b:Person {id: contactId})
OPTIONAL MATCH SHORTEST 1 (p = (a:Entity {id: $from})
    ((x)-[r]-(y:Entity) WHERE type(r) IN $types AND NOT y:Outcome AND any(l IN labels(y) WHERE l IN $kinds)){1,8}
    (b)
  WHERE all(i IN range(1, length(p)) WHERE NOT nodes(p)[i] IN nodes(p)[0..i]))
RETURN contactId AS id, length(p) AS length,
       [n IN nodes(p)[1..-1] WHERE n:Person | {id: n.id, kind: 'Person', name: coalesce(n.name, n.id)}][0] AS via;
