// Trends over time (server/trends/service.ts fills the quarters and years). The relations counted
// are people's relations to networks and to each other, LEADS, PARTICIPATES_IN and KNOWS (the
// ones the model dates), each relationship once.

// name: trendsRelations
// People's LEADS, PARTICIPATES_IN and KNOWS relations per month of their since (null without a month), with how many cross departments and how many are KNOWS from a survey answer (`source: 'survey'`).
CALL () {
  // a KNOWS crosses when its two people have departments and none in common
  MATCH (p:Person)-[r:KNOWS]->(q:Person)
  WITH r,
       COLLECT { MATCH (p)-[:WORKS_IN]->(d:Department) RETURN d.id } AS mine,
       COLLECT { MATCH (q)-[:WORKS_IN]->(d:Department) RETURN d.id } AS theirs
  RETURN r, mine, theirs
  UNION ALL
  // leading or taking part crosses when the person works in none of the departments of the network's leaders
  MATCH (p:Person)-[r:LEADS|PARTICIPATES_IN]->(n:Network)
  WITH r,
       COLLECT { MATCH (p)-[:WORKS_IN]->(d:Department) RETURN d.id } AS mine,
       COLLECT { MATCH (n)<-[:LEADS]-(:Person)-[:WORKS_IN]->(d:Department) RETURN DISTINCT d.id } AS theirs
  RETURN r, mine, theirs
}
WITH toString(r.since) AS since,
     size(mine) > 0 AND size(theirs) > 0 AND none(d IN mine WHERE d IN theirs) AS crosses,
     type(r) = 'KNOWS' AND r.source = 'survey' AS survey
WITH CASE WHEN since =~ '[0-9]{4}-[0-9]{2}(-.*)?' THEN left(since, 7) END AS month, crosses, survey
RETURN month, count(*) AS relations, count(CASE WHEN crosses THEN 1 END) AS crossDepartment,
       count(CASE WHEN survey THEN 1 END) AS survey
ORDER BY month;

// name: trendsNetworks
// Networks counted by the year they started and the year they ended (null when not dated).
MATCH (n:Network)
WITH left(toString(n.startedAt), 4) AS started, left(toString(n.endedAt), 4) AS ended
RETURN started, ended, count(*) AS networks;

// name: trendsFirstDate
// The earliest date on people's LEADS, PARTICIPATES_IN and KNOWS relations (since, until) and on networks (startedAt, endedAt), as text.
CALL () {
  MATCH (:Person)-[r:LEADS|PARTICIPATES_IN|KNOWS]->()
  UNWIND [r.since, r.until] AS d
  RETURN d
  UNION ALL
  MATCH (n:Network)
  UNWIND [n.startedAt, n.endedAt] AS d
  RETURN d
}
WITH toString(d) AS d
WHERE d =~ '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?'
RETURN min(d) AS first;

// name: timelineDates
// How many relations (of the model's $types) and networks there are, how many carry a date that moves the time slider (a relation's since or until, a network's startedAt), and those dates, distinct, as text.
CALL () {
  MATCH ()-[r]->()
  WHERE type(r) IN $types
  RETURN count(r) AS relations,
         count(CASE WHEN r.since IS NOT NULL OR r.until IS NOT NULL THEN 1 END) AS datedRelations,
         collect(DISTINCT toString(r.since)) AS sinces,
         collect(DISTINCT toString(r.until)) AS untils
}
CALL () {
  MATCH (n:Network)
  RETURN count(n) AS networks, count(n.startedAt) AS datedNetworks, collect(DISTINCT toString(n.startedAt)) AS starts
}
RETURN relations, datedRelations, sinces, untils, networks, datedNetworks, starts;
