// name: topicMatches
// The nodes a topic matches in the Danish full-text index, best first, as short references, the units whose kleNumbers hold a KLE number of the topic ($numbers; score 0 unless the index found them too), and the nodes of a kind the topic's words name ($hints), as search finds them.
// A node of a named kind ("læringsnetværk": server/search/words.ts kindHints) scores as in cypher/search.cypher: its
// own score and $kindBonus times the best text score, or $kindAlone times the best when the words match no more of it.
CALL () {
  CALL db.index.fulltext.queryNodes('ringe_search', $lucene, {limit: $limit}) YIELD node, score
  RETURN node, score
  UNION
  UNWIND $numbers AS number
  MATCH (node:Unit)
  WHERE number IN node.kleNumbers
  RETURN node, 0.0 AS score
}
WITH node, max(score) AS score
WITH collect({node: node, score: score}) AS found, coalesce(max(score), 0.0) AS best
CALL (found, best) {
  UNWIND found AS f
  // every node the words match is checked for a hinted kind, not only those of the bounded list below
  RETURN f.node AS node, f.score AS score,
         CASE WHEN any(h IN $hints WHERE h.kind IN labels(f.node) AND (h.networkKind IS NULL OR f.node.kind = h.networkKind))
           THEN 1 ELSE 0 END AS hinted
  UNION ALL
  WITH best WHERE size($hints) > 0
  MATCH (node:Network|Department|Partner|Training|Forum|Project)
  WHERE any(h IN $hints WHERE h.kind IN labels(node) AND (h.networkKind IS NULL OR node.kind = h.networkKind))
  WITH node ORDER BY node.name LIMIT $limit
  RETURN node, 0.0 AS score, 1 AS hinted
}
WITH node, max(score) AS score, max(hinted) = 1 AS hinted, CASE WHEN best > 0 THEN best ELSE 1.0 END AS best
WITH node, CASE
  WHEN NOT hinted THEN score
  WHEN score > 0 THEN score + $kindBonus * best
  ELSE $kindAlone * best
END AS score
WITH node, score, [l IN $kinds WHERE l IN labels(node)][0] AS kind
WHERE kind IS NOT NULL AND node.id IS NOT NULL
RETURN node.id AS id, kind, node.name AS name, score
ORDER BY score DESC, name, id;

// name: topicReasons
// Every reason the matched nodes ($ids) give on day $at, before any person is chosen: a person's own (leads or takes part in a matching network, is a matching person, or belongs to a unit whose KLE subject the topic names) and a department's (a leader of a matching network works there, or it matches itself), one row per matched node, holder, kind, node it is about, leader and KLE subject.
// A department reason holds for every colleague in it but the leader it names, so it is read once per department
// rather than once per colleague (thousands in a large municipality): server/contacts/choose.ts gives each person
// the reasons of the departments they work in (rosters.ts) and sums them. A network also matches through a petal it
// created. A unit gives its members (MEMBER_OF that day) a reason for each of its KLE subjects the topic names, by a
// typed number ($numbers: the same, or one a part of the other) or by words of its title ($words: each word of the
// topic as its spellings, lower case; a title word starting with one, or one with a title word of four letters or
// more), `fit` the share of the topic's words it names (1 for a number, and for every other reason); `manager`
// tells a member whom another member reports to (REPORTS_TO). Every relation walked holds on day $at, a network gives reasons only from
// its startedAt, by the rules in rings.cypher, and no one who has left by day $at (leftOn) is given a reason.
UNWIND $ids AS matchedId
MATCH (node:Entity {id: matchedId})
WITH node, CASE
  WHEN node:Network THEN [node]
  WHEN node:Outcome THEN [(net:Network)-[c:CREATED]->(node)
    WHERE @holds(c, $at) | net]
  ELSE []
END AS candidates
WITH node, [net IN candidates WHERE (NOT net:Network OR @holds(net, $at))] AS networks
CALL (node, networks) {
  UNWIND networks AS net
  MATCH (p:Person)-[rel:LEADS|PARTICIPATES_IN]->(net)
  WHERE p.id IS NOT NULL
    AND @holds(rel, $at)
  RETURN 'person' AS holder, p.id AS holderId, p.name AS holderName,
         CASE type(rel) WHEN 'LEADS' THEN 'leads' ELSE 'participates' END AS kind, net AS about, null AS leader,
         null AS kle, 1.0 AS fit, false AS manager
  UNION ALL
  UNWIND networks AS net
  MATCH (leader:Person)-[l:LEADS]->(net)
  WHERE @holds(l, $at)
  MATCH (leader)-[w:WORKS_IN]->(d:Department)
  WHERE @holds(w, $at)
  RETURN 'department' AS holder, d.id AS holderId, null AS holderName, 'department' AS kind, net AS about, leader,
         null AS kle, 1.0 AS fit, false AS manager
  UNION ALL
  WITH node WHERE node:Department
  RETURN 'department' AS holder, node.id AS holderId, null AS holderName, 'department' AS kind, node AS about, null AS leader,
         null AS kle, 1.0 AS fit, false AS manager
  UNION ALL
  WITH node WHERE node:Person AND node.id IS NOT NULL
  RETURN 'person' AS holder, node.id AS holderId, node.name AS holderName, 'title' AS kind, node AS about, null AS leader,
         null AS kle, 1.0 AS fit, false AS manager
  UNION ALL
  WITH node WHERE node:Unit
  UNWIND range(0, size(coalesce(node.kleNumbers, [])) - 1) AS i
  WITH node, node.kleNumbers[i] AS number, coalesce(node.kleTitles[i], '') AS title, node.kleAspects[i] AS aspect
  WITH node, number, title, aspect,
       CASE
         WHEN any(n IN $numbers WHERE number = n OR number STARTS WITH n + '.' OR n STARTS WITH number + '.') THEN 1.0
         WHEN size($words) = 0 THEN 0.0
         ELSE toFloat(size([word IN $words WHERE any(w IN word WHERE any(t IN split(toLower(title), ' ')
                WHERE t STARTS WITH w OR (size(t) >= 4 AND w STARTS WITH t)))])) / size($words)
       END AS fit
  WHERE aspect IN ['ansvarlig', 'udfoerende', 'indsigt'] AND fit > 0
  MATCH (p:Person)-[m:MEMBER_OF]->(node)
  WHERE p.id IS NOT NULL
    AND @holds(m, $at)
  RETURN 'person' AS holder, p.id AS holderId, p.name AS holderName, 'kle' AS kind, node AS about, null AS leader,
         {number: number, title: title, aspect: aspect} AS kle, fit,
         EXISTS { MATCH (other:Person)-[:REPORTS_TO]->(p), (other)-[om:MEMBER_OF]->(node)
                  WHERE other <> p AND @holds(om, $at) } AS manager
}
WITH DISTINCT node, holder, holderId, holderName, kind, about, leader, kle, fit, manager
WHERE holder = 'department'
  OR NOT EXISTS { MATCH (gone:Person {id: holderId}) WHERE gone.leftOn <= $at }
RETURN node.id AS matchedId, holder, holderId, holderName, kind, about.id AS aboutId, [l IN $kinds WHERE l IN labels(about)][0] AS aboutKind,
       about.name AS aboutName, leader.id AS leaderId, leader.name AS leader, kle, fit, manager
ORDER BY matchedId, holder, holderId, aboutId, leaderId, kle.number, kle.aspect;

// name: contactPeople
// The chosen contacts ($ids) with their work contact data and their first department by name on day $at.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, p.name AS name, p.title AS title, p.email AS email, p.phone AS phone,
       COLLECT { MATCH (p)-[w:WORKS_IN]->(d:Department)
                 WHERE @holds(w, $at)
                 RETURN d {.id, .name} ORDER BY d.name, d.id LIMIT 1 }[0] AS department;

// name: contactWays
// For each contact ($ids) one to three steps from the asking person $from on day $at, the length of a shortest path by the rules of contactPaths and the first person on the first such path by ids, to ask for an introduction, and the node the asker and that person share (through: the way is asker – through – via – …; none when they are tied directly). A first person who has left by $at is no one to ask: no via.
// The same answer as contactPaths for these lengths, found by joining the two ends' neighbourhoods in the middle
// (USING JOIN) instead of one search per contact: the asker's side is read once for all contacts, and a hub such as
// a department is only ever entered from the asker's side. Relations in the middle are checked after the join,
// where only those that close a path are left. Contacts further away are not returned.
MATCH (a:Person {id: $from})
CALL (a) {
  MATCH (a)-[r]-(b:Person)
  WHERE b.id IN $ids AND type(r) IN $types
    AND @holds(r, $at)
  RETURN b, 1 AS length, [] AS between
  UNION ALL
  MATCH (a)-[r]-(x:Entity)-[t]-(b:Person)
  USING JOIN ON x
  WHERE b.id IN $ids AND NOT x:Outcome AND x <> b
    AND (NOT x:Network OR @holds(x, $at))
    AND type(r) IN $types
    AND @holds(r, $at)
    AND type(t) IN $types
    AND @holds(t, $at)
  RETURN b, 2 AS length, [x] AS between
  UNION ALL
  MATCH (a)-[r]-(x:Entity)-[s]-(y)-[t]-(b:Person)
  USING JOIN ON y
  WHERE b.id IN $ids AND NOT x:Outcome AND y <> a AND x <> b AND x <> y
    AND (NOT x:Network OR @holds(x, $at))
    AND type(r) IN $types
    AND @holds(r, $at)
    AND type(t) IN $types
    AND @holds(t, $at)
    AND all(rel IN [s, t] WHERE type(rel) IN $types
      AND @holds(rel, $at)
      AND y:Entity AND NOT y:Outcome AND (NOT y:Network OR @holds(y, $at)))
  RETURN b, 3 AS length, [x, y] AS between
}
WITH b, length, between
ORDER BY length, [n IN between | n.id]
WITH b, collect({length: length, between: between})[0] AS way
WITH b, way.length AS length, way.between AS between, [n IN way.between WHERE n:Person][0] AS first
WITH b, length, between, CASE WHEN first IS NULL OR first.leftOn <= $at THEN null ELSE first END AS via
// through: what the asker and via share, when the way is asker – through – via – …; direct: the way is asker – via – …
WITH b, length, via, CASE WHEN via IS NOT NULL AND between[1] = via THEN between[0] END AS through,
     via IS NOT NULL AND between[0] = via AS direct
RETURN b.id AS id, length,
       CASE WHEN via IS NULL THEN null ELSE {id: via.id, kind: 'Person', name: coalesce(via.name, via.id)} END AS via,
       CASE WHEN through IS NULL THEN null
         ELSE {id: through.id, kind: [l IN $kinds WHERE l IN labels(through)][0], name: coalesce(through.name, through.id)} END AS through,
       direct;

// name: contactWaysFour
// For each contact ($ids) exactly four steps from the asking person $from on day $at (none is nearer), the first person on the first shortest path by ids and what the asker shares with them, as contactWays does for nearer ones.
// Joined in the middle node: each side walks two steps. Asked only for contacts contactWays did not reach.
MATCH (a:Person {id: $from})-[r]-(x:Entity)-[s]-(z)-[u]-(y:Entity)-[t]-(b:Person)
USING JOIN ON z
WHERE b.id IN $ids AND NOT x:Outcome AND NOT y:Outcome
  AND (NOT x:Network OR @holds(x, $at))
  AND (NOT y:Network OR @holds(y, $at))
  AND z <> a AND z <> b AND x <> b AND y <> a AND x <> y AND x <> z AND y <> z
  AND type(r) IN $types
  AND @holds(r, $at)
  AND type(t) IN $types
  AND @holds(t, $at)
  // s and u are checked after the join, where only the relations that close a path are left
  AND all(rel IN [s, u] WHERE type(rel) IN $types
    AND @holds(rel, $at)
    AND z:Entity AND NOT z:Outcome AND (NOT z:Network OR @holds(z, $at)))
WITH b, x, z, y
ORDER BY x.id, z.id, y.id
WITH b, collect([x, z, y])[0] AS between
WITH b, between, [n IN between WHERE n:Person][0] AS first
WITH b, between, CASE WHEN first IS NULL OR first.leftOn <= $at THEN null ELSE first END AS via
WITH b, via, CASE WHEN via IS NOT NULL AND between[1] = via THEN between[0] END AS through,
     via IS NOT NULL AND between[0] = via AS direct
RETURN b.id AS id, 4 AS length,
       CASE WHEN via IS NULL THEN null ELSE {id: via.id, kind: 'Person', name: coalesce(via.name, via.id)} END AS via,
       CASE WHEN through IS NULL THEN null
         ELSE {id: through.id, kind: [l IN $kinds WHERE l IN labels(through)][0], name: coalesce(through.name, through.id)} END AS through,
       direct;

// name: contactPaths
// For each contact ($ids), one shortest path from the asking person on day $at, by the same rules as shortestPaths (paths.cypher), and the first person on it to ask for an introduction, with what the asker shares with them, as contactWays.
// Neo4j's bidirectional search with every predicate inlined, as in shortestPaths; of several shortest paths the first by ids
// is shown. One search per contact, so it is asked only for contacts beyond contactWays and contactWaysFour.
UNWIND $ids AS contactId
MATCH (a:Person {id: $from}), (b:Person {id: contactId})
OPTIONAL MATCH p = allShortestPaths((a)-[rs*1..8]-(b))
WHERE all(r IN rs WHERE type(r) IN $types
          AND @holds(r, $at))
  AND all(n IN nodes(p) WHERE n:Entity AND NOT n:Outcome AND (NOT n:Network OR @holds(n, $at)))
WITH contactId, p
ORDER BY contactId, [n IN nodes(p) | n.id]
WITH contactId, collect(p)[0] AS p
WITH contactId, p, nodes(p)[1..-1] AS between
WITH contactId, p, between, [n IN between WHERE n:Person][0] AS first
WITH contactId, p, between, CASE WHEN first IS NULL OR first.leftOn <= $at THEN null ELSE first END AS via
WITH contactId, p, via, CASE WHEN via IS NOT NULL AND between[1] = via THEN between[0] END AS through,
     coalesce(via IS NOT NULL AND between[0] = via, false) AS direct
RETURN contactId AS id, length(p) AS length,
       CASE WHEN via IS NULL THEN null ELSE {id: via.id, kind: 'Person', name: coalesce(via.name, via.id)} END AS via,
       CASE WHEN through IS NULL THEN null
         ELSE {id: through.id, kind: [l IN $kinds WHERE l IN labels(through)][0], name: coalesce(through.name, through.id)} END AS through,
       direct;
