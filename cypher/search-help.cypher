// When search or who-to-contact has no good answer (issue 21, server/search/help.ts): Ringe's own
// vocabulary for "Mente du …?" and the nearest department, and the count of topics that found no one.
// A SearchMiss is no :Entity and has no relationship, so explore, export and search never show it; it
// holds a topic's words and an ISO week ('2026-W49'), nothing about who asked. Days are 'YYYY-MM-DD'.

// name: searchHelpFingerprint
// What Ringe's vocabularies change with, cheaply: how many nodes there are (Ringe's own: a change record is not one), the newest recorded change of a node, and for the departments' vocabulary the newest change of a node or of a relation it reads (WORKS_IN, LEADS, PART_OF, ROLLS_UP_TO; a relation's id is "source|TYPE|target"), so a new KNOWS or participant moves neither.
CALL () {
  MATCH (n:Entity)
  RETURN count(n) AS nodes
}
CALL () {
  OPTIONAL MATCH (c:Change)
  WHERE c.at IS NOT NULL AND coalesce(c.targetKind, '') <> 'Relation'
  RETURN c.at AS lastNodeChange
  ORDER BY c.at DESC
  LIMIT 1
}
CALL () {
  OPTIONAL MATCH (c:Change)
  WHERE c.at IS NOT NULL
    AND (coalesce(c.targetKind, '') <> 'Relation' OR c.targetId CONTAINS '|WORKS_IN|' OR c.targetId CONTAINS '|LEADS|'
      OR c.targetId CONTAINS '|PART_OF|' OR c.targetId CONTAINS '|ROLLS_UP_TO|')
  RETURN c.at AS lastDepartmentChange
  ORDER BY c.at DESC
  LIMIT 1
}
RETURN nodes, lastNodeChange, lastDepartmentChange;

// name: searchHelpWords
// Ringe's vocabulary as texts, each with how many nodes carry it: network names and themes, the titles of people who have not left by day $today, the names of departments, units, partners, trainings, outcomes, forums and projects, and units' KLE subjects may be suggested (suggest); people's name parts and remarks only tell a typed word that is known.
CALL () {
  MATCH (n:Network:Entity)
  UNWIND [n.name, n.theme] AS text
  RETURN text, true AS suggest
  UNION ALL
  MATCH (p:Person:Entity)
  WHERE p.leftOn IS NULL OR p.leftOn > $today
  RETURN p.title AS text, true AS suggest
  UNION ALL
  MATCH (n:Entity)
  WHERE n:Department OR n:Unit OR n:Partner OR n:Training OR n:Outcome OR n:Forum OR n:Project
  UNWIND [n.name, n.kleText] AS text
  RETURN text, true AS suggest
  UNION ALL
  // A name's parts, so 50,000 people give a few thousand rows rather than one each.
  MATCH (p:Person:Entity)
  WHERE (p.leftOn IS NULL OR p.leftOn > $today) AND p.name IS NOT NULL
  UNWIND split(p.name, ' ') AS text
  RETURN text, false AS suggest
  UNION ALL
  MATCH (n:Entity)
  WHERE n.remarks IS NOT NULL
  RETURN n.remarks AS text, false AS suggest
}
WITH text, suggest
WHERE text IS NOT NULL AND trim(text) <> ''
RETURN text, suggest, count(*) AS occurs;

// name: searchHelpDepartments
// Each department's vocabulary on day $today: its name, its units' names and KLE subjects (a unit's department its own ROLLS_UP_TO or its nearest ancestor's, as search gives it), the titles of its people who have not left, and the names and themes of the networks they lead.
CALL () {
  MATCH (d:Department:Entity)
  RETURN d, d.name AS text
  UNION
  MATCH (p:Person:Entity)-[w:WORKS_IN]->(d:Department:Entity)
  WHERE @holds(w, $today) AND (p.leftOn IS NULL OR p.leftOn > $today)
  RETURN d, p.title AS text
  UNION
  MATCH (n:Network:Entity)<-[l:LEADS]-(p:Person:Entity)-[w:WORKS_IN]->(d:Department:Entity)
  WHERE @holds(l, $today) AND @holds(w, $today) AND (p.leftOn IS NULL OR p.leftOn > $today)
  UNWIND [n.name, n.theme] AS text
  RETURN d, text
  UNION
  MATCH (u:Unit:Entity)
  CALL (u) {
    MATCH up = (u)-[:PART_OF*0..30]->(:Unit)-[:ROLLS_UP_TO]->(d:Department:Entity)
    RETURN d
    ORDER BY length(up), d.name
    LIMIT 1
  }
  UNWIND [u.name, u.kleText] AS text
  RETURN d, text
}
WITH d, text
WHERE text IS NOT NULL AND trim(text) <> ''
RETURN d.id AS id, d.name AS name, collect(text) AS texts
ORDER BY id;

// name: searchHelpFinds
// Whether the Danish index finds, for $lucene, anything search would show: a node other than a person who has left by day $today.
CALL db.index.fulltext.queryNodes('ringe_search', $lucene, {limit: 20}) YIELD node
WHERE NOT (node:Person AND node.leftOn IS NOT NULL AND node.leftOn <= $today)
RETURN count(node) > 0 AS finds;

// name: searchMissCount
// Counts one asking of the topic $words in ISO week $week (one more on its row, made at 1); the increment locks the row first, so none is lost.
MERGE (m:SearchMiss {words: $words, week: $week})
ON CREATE SET m.count = 1
ON MATCH SET m.count = m.count + 1;

// name: searchMisses
// The topics that found no one in ISO week $from and after, most asked first (then by words, newest week first), at most $limit.
MATCH (m:SearchMiss)
WHERE m.week >= $from
RETURN m.words AS words, m.week AS week, m.count AS count
ORDER BY count DESC, words, week DESC
LIMIT $limit;

// name: searchMissPurge
// Deletes up to $limit counted topics of weeks before ISO week $before; answers how many.
MATCH (m:SearchMiss)
WHERE m.week < $before
WITH m
LIMIT $limit
DELETE m
RETURN count(*) AS deleted;
