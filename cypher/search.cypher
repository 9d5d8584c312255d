// name: search
// Full-text hits of the Danish index, of the asked kinds, with the facts a result list shows under each name; never a person who has left by day $today, a unit responsible for a typed KLE number ($numbers) first, and the nodes of a kind the words name ($hints) too.
// A unit is also found by a typed KLE number exactly (its kleNumbers), so the number finds it whatever the index
// made of its kleText. A word naming a kind ("læringsnetværk", "afdeling": server/search/words.ts kindHints) finds
// the nodes of that kind (a network of that network kind), which the index cannot (their kind is no text). Such a
// node that the words match too gets $kindBonus times the best text score on top of its own, so it comes first;
// one of the kind alone scores $kindAlone times the best text score: just below the best match when every word
// names a kind ("læringsnetværk"), after every node matching the other words when some do not.
// A unit whose KLE subject the words name ($numbers, or $words: each typed word as its spellings, which a word of
// the subject's title starts with, as topicReasons reads them) counts by its part in it.
// A person's department is their first by name that day; a unit's is its own or its nearest ancestor's
// (ROLLS_UP_TO, the mapping the admin edits).
CALL () {
  CALL db.index.fulltext.queryNodes('ringe_search', $lucene, {limit: $fetch}) YIELD node, score
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
  // every node the words match is checked for a hinted kind, not only those of the bounded list below
  UNWIND found AS f
  RETURN f.node AS node, f.score AS score,
         CASE WHEN any(h IN $hints WHERE h.kind IN labels(f.node) AND (h.networkKind IS NULL OR f.node.kind = h.networkKind))
           THEN 1 ELSE 0 END AS hinted
  UNION ALL
  WITH best WHERE size($hints) > 0
  MATCH (node:Network|Department|Partner|Training|Forum|Project)
  WHERE any(h IN $hints WHERE h.kind IN labels(node) AND (h.networkKind IS NULL OR node.kind = h.networkKind))
  WITH node ORDER BY node.name LIMIT $fetch
  RETURN node, 0.0 AS score, 1 AS hinted
}
WITH node, max(score) AS score, max(hinted) = 1 AS hinted, CASE WHEN best > 0 THEN best ELSE 1.0 END AS best
WITH node, CASE
  WHEN NOT hinted THEN score
  WHEN score > 0 THEN score + $kindBonus * best
  ELSE $kindAlone * best
END AS score
WITH node, score, [l IN $kinds WHERE l IN labels(node)][0] AS kind
WHERE kind IS NOT NULL
  AND NOT (node:Person AND node.leftOn IS NOT NULL AND node.leftOn <= $today)
WITH node, score, kind, node:Unit AND any(n IN coalesce(node.kleNumbers, []) WHERE n IN $numbers) AS exact,
     CASE WHEN node:Unit THEN [i IN range(0, size(coalesce(node.kleNumbers, [])) - 1)
       WHERE any(n IN $numbers WHERE node.kleNumbers[i] = n OR node.kleNumbers[i] STARTS WITH n + '.')
          OR any(word IN $words WHERE any(w IN word WHERE any(t IN split(toLower(coalesce(node.kleTitles[i], '')), ' ')
                 WHERE t STARTS WITH w)))
       | node.kleAspects[i]] ELSE [] END AS aspects
// A unit counts by its part in the KLE subject the words name, as who-to-contact counts it (server/contacts/choose.ts):
// responsible for it in full, carrying out its tasks at 0.7, insight at 0.4.
WITH node, kind, exact, score * CASE
  WHEN 'ansvarlig' IN aspects OR aspects = [] THEN 1.0
  WHEN 'udfoerende' IN aspects THEN 0.7
  ELSE 0.4
END AS score
ORDER BY exact DESC, score DESC, node.name
LIMIT $limit
RETURN node.id AS id, kind, node.name AS name, score,
       node.title AS title,
       CASE
         WHEN node:Unit THEN COLLECT { MATCH up = (node)-[:PART_OF*0..30]->(:Unit)-[:ROLLS_UP_TO]->(d:Department)
                                       RETURN d.name ORDER BY length(up), d.name LIMIT 1 }[0]
         ELSE COLLECT { MATCH (node)-[w:WORKS_IN]->(d:Department)
                        WHERE @holds(w, $today)
                        RETURN d.name ORDER BY d.name LIMIT 1 }[0]
       END AS department,
       node.kind AS networkKind, node.status AS status,
       node.perspective AS perspective, node.type AS partnerType
ORDER BY exact DESC, score DESC, name;
