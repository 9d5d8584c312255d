// When search or who-to-contact has no good answer (issue 21, server/search/help.ts): Ringe's own
// vocabulary for "Mente du …?" and the nearest department, and the count of topics that found no one.
// A SearchMiss is no :Entity and has no relationship, so explore, export and search never show it; it
// holds a topic's words and an ISO week ('2026-W49'), nothing about who asked. Days are 'YYYY-MM-DD'.

// name: searchHelpFingerprint
// What Ringe's vocabularies change with, cheaply: how many nodes there are (Ringe's own: a change record is not one), the newest recorded change of a node, and for the departments' vocabulary the newest change of a node or of a relation it reads (WORKS_IN, LEADS, PART_OF, ROLLS_UP_TO; a relation's id is "source|TYPE|target"), so a new KNOWS or participant moves neither; and the newest change of all, how far the log has been read (server/search/vocabulary.ts).
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
CALL () {
  OPTIONAL MATCH (c:Change)
  WHERE c.at IS NOT NULL
  RETURN c.at AS lastChange
  ORDER BY c.at DESC
  LIMIT 1
}
RETURN nodes, lastNodeChange, lastDepartmentChange, lastChange;

// name: searchHelpWords
// Ringe's vocabulary on day $today, node by node (ids, each with its own known texts; so an edited node's part can be taken out and counted again): network names and themes, the titles of people who have not left by day $today, the names and KLE subjects of departments, units, partners, trainings, outcomes, forums and projects may be suggested (suggested, the same for the nodes of a row); the parts of such people's names and any node's remarks only tell a typed word that is known (known, one list a node).
MATCH (n:Entity)
WHERE n:Network OR n:Person OR n:Department OR n:Unit OR n:Partner OR n:Training OR n:Outcome OR n:Forum OR n:Project
  OR n.remarks IS NOT NULL
WITH n, n:Person AND (n.leftOn IS NULL OR n.leftOn > $today) AS present
WITH n,
     (CASE WHEN n:Network THEN [n.name, n.theme] ELSE [] END) + (CASE WHEN present THEN [n.title] ELSE [] END) +
     (CASE WHEN n:Department OR n:Unit OR n:Partner OR n:Training OR n:Outcome OR n:Forum OR n:Project
        THEN [n.name, n.kleText] ELSE [] END) AS suggested,
     (CASE WHEN present AND n.name IS NOT NULL THEN split(n.name, ' ') ELSE [] END) +
     (CASE WHEN n.remarks IS NOT NULL THEN [n.remarks] ELSE [] END) AS known
WITH coalesce(n.id, '') AS id, [x IN suggested WHERE x IS NOT NULL AND trim(x) <> ''] AS suggested,
     [x IN known WHERE x IS NOT NULL AND trim(x) <> ''] AS known
WHERE size(suggested) + size(known) > 0
// Grouped by the texts that may be suggested (a title is many people's): far fewer rows to send than one a node.
RETURN suggested, collect(id) AS ids, collect(known) AS known;

// name: searchHelpWordsOf
// The part of Ringe's vocabulary on day $today of the nodes among $ids, as searchHelpWords reads it (the same texts and rows; a node that holds none is in no row).
UNWIND $ids AS wanted
MATCH (n:Entity {id: wanted})
WITH n, n:Person AND (n.leftOn IS NULL OR n.leftOn > $today) AS present
WITH n,
     (CASE WHEN n:Network THEN [n.name, n.theme] ELSE [] END) + (CASE WHEN present THEN [n.title] ELSE [] END) +
     (CASE WHEN n:Department OR n:Unit OR n:Partner OR n:Training OR n:Outcome OR n:Forum OR n:Project
        THEN [n.name, n.kleText] ELSE [] END) AS suggested,
     (CASE WHEN present AND n.name IS NOT NULL THEN split(n.name, ' ') ELSE [] END) +
     (CASE WHEN n.remarks IS NOT NULL THEN [n.remarks] ELSE [] END) AS known
WITH coalesce(n.id, '') AS id, [x IN suggested WHERE x IS NOT NULL AND trim(x) <> ''] AS suggested,
     [x IN known WHERE x IS NOT NULL AND trim(x) <> ''] AS known
WHERE size(suggested) + size(known) > 0
// Grouped by the texts that may be suggested (a title is many people's): far fewer rows to send than one a node.
RETURN suggested, collect(id) AS ids, collect(known) AS known;

// name: searchHelpDepartments
// Each department's vocabulary on day $today, by what holds its texts (so an edited person's part can be taken out and counted again): a department its name; a person who has not left, in each department they work in, their title and the names and themes of the networks they lead (networks: those networks' ids, one list a node of ids); a unit its name and KLE subject in its department (its own ROLLS_UP_TO or its nearest ancestor's, as search gives it). A department's texts are those of all its rows, each counted once.
MATCH (n:Entity)
WHERE n:Department OR n:Unit OR (n:Person AND (n.leftOn IS NULL OR n.leftOn > $today))
CALL (n) {
  WITH n
  WHERE n:Department
  RETURN [n.id] AS departments, [n.name] AS texts, [] AS networks
  UNION ALL
  WITH n
  WHERE n:Person
  CALL (n) {
    OPTIONAL MATCH (n)-[w:WORKS_IN]->(d:Department:Entity)
    WHERE @holds(w, $today)
    RETURN collect(DISTINCT d.id) AS departments
  }
  CALL (n) {
    OPTIONAL MATCH (n)-[l:LEADS]->(x:Network:Entity)
    WHERE @holds(l, $today)
    WITH DISTINCT x
    RETURN collect(x.id) AS networks, reduce(all = [], y IN collect(x) | all + [y.name, y.theme]) AS led
  }
  RETURN departments, [n.title] + led AS texts, networks
  UNION ALL
  WITH n
  WHERE n:Unit
  CALL (n) {
    OPTIONAL MATCH up = (n)-[:PART_OF*0..30]->(:Unit)-[:ROLLS_UP_TO]->(d:Department:Entity)
    RETURN d
    ORDER BY length(up), d.name
    LIMIT 1
  }
  RETURN CASE WHEN d IS NULL THEN [] ELSE [d.id] END AS departments, [n.name, n.kleText] AS texts, [] AS networks
}
WITH n, departments, [x IN texts WHERE x IS NOT NULL AND trim(x) <> ''] AS texts, networks
WHERE n:Department OR (size(departments) > 0 AND size(texts) > 0)
// Grouped by the texts and the departments they count for (many people share a title and a department).
RETURN CASE WHEN n:Department THEN n.name END AS name, n:Department AS department, departments, texts,
       collect(coalesce(n.id, '')) AS ids, collect(networks) AS networks;

// name: searchHelpDepartmentsOf
// The rows of searchHelpDepartments on day $today of the nodes among $ids and of the people who lead a network among them (their rows hold its name), as searchHelpDepartments reads them.
CALL () {
  UNWIND $ids AS wanted
  MATCH (n:Entity {id: wanted})
  RETURN n
  UNION
  UNWIND $ids AS wanted
  MATCH (:Network:Entity {id: wanted})<-[:LEADS]-(n:Person:Entity)
  RETURN n
}
WITH n
WHERE n:Department OR n:Unit OR (n:Person AND (n.leftOn IS NULL OR n.leftOn > $today))
CALL (n) {
  WITH n
  WHERE n:Department
  RETURN [n.id] AS departments, [n.name] AS texts, [] AS networks
  UNION ALL
  WITH n
  WHERE n:Person
  CALL (n) {
    OPTIONAL MATCH (n)-[w:WORKS_IN]->(d:Department:Entity)
    WHERE @holds(w, $today)
    RETURN collect(DISTINCT d.id) AS departments
  }
  CALL (n) {
    OPTIONAL MATCH (n)-[l:LEADS]->(x:Network:Entity)
    WHERE @holds(l, $today)
    WITH DISTINCT x
    RETURN collect(x.id) AS networks, reduce(all = [], y IN collect(x) | all + [y.name, y.theme]) AS led
  }
  RETURN departments, [n.title] + led AS texts, networks
  UNION ALL
  WITH n
  WHERE n:Unit
  CALL (n) {
    OPTIONAL MATCH up = (n)-[:PART_OF*0..30]->(:Unit)-[:ROLLS_UP_TO]->(d:Department:Entity)
    RETURN d
    ORDER BY length(up), d.name
    LIMIT 1
  }
  RETURN CASE WHEN d IS NULL THEN [] ELSE [d.id] END AS departments, [n.name, n.kleText] AS texts, [] AS networks
}
WITH n, departments, [x IN texts WHERE x IS NOT NULL AND trim(x) <> ''] AS texts, networks
WHERE n:Department OR (size(departments) > 0 AND size(texts) > 0)
// Grouped by the texts and the departments they count for (many people share a title and a department).
RETURN CASE WHEN n:Department THEN n.name END AS name, n:Department AS department, departments, texts,
       collect(coalesce(n.id, '')) AS ids, collect(networks) AS networks;

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
