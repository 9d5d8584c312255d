// The printable report: the booklet regenerated from live data (server/report). A relation holds
// on day $today by the rule in rings.cypher: from its since to its until, both days included, a
// partial date ('2014', '2014-05') covering its whole year or month.

// name: reportNetworks
// Every network of a known kind with its place in the booklet, its leaders today (title, first department by name) and its petals, booklet order first, then by kind and name.
MATCH (n:Network)
WHERE n.kind IN $networkKinds
WITH n, [i IN range(0, size($networkKinds) - 1) WHERE $networkKinds[i] = n.kind][0] AS kindOrder
ORDER BY n.bookletOrder IS NULL, n.bookletOrder, kindOrder, n.name, n.id
LIMIT $limit
CALL (n) {
  MATCH (p:Person)-[l:LEADS]->(n)
  WHERE @holds(l, $today)
  WITH DISTINCT p
  WITH p, COLLECT {
    MATCH (p)-[w:WORKS_IN]->(d:Department)
    WHERE @holds(w, $today)
    RETURN d {.id, .name} ORDER BY d.name, d.id LIMIT 1
  }[0] AS department
  ORDER BY p.name, p.id
  RETURN collect({id: p.id, name: p.name, title: p.title, department: department})[..$maxRefs] AS leaders
}
CALL (n) {
  MATCH (n)-[c:CREATED]->(o:Outcome)
  WHERE @holds(c, $today)
  WITH DISTINCT o
  ORDER BY o.name, o.id
  RETURN collect(o {.id, .name, .perspective, .inferred})[..$maxRefs] AS petals
}
RETURN n.id AS id, n.name AS name, n.kind AS kind, n.bookletOrder AS bookletOrder, n.theme AS theme, n.status AS status,
       n.phase AS phase, n.remarks AS remarks, n.inferred AS inferred, leaders, petals;

// name: reportContacts
// Everyone leading a network of a known kind today, with title, first department by name, email and phone.
MATCH (p:Person)-[l:LEADS]->(n:Network)
WHERE n.kind IN $networkKinds
  AND @holds(l, $today)
WITH DISTINCT p
ORDER BY p.name, p.id
LIMIT $limit
RETURN p.id AS id, p.name AS name, p.title AS title, p.email AS email, p.phone AS phone,
       COLLECT {
         MATCH (p)-[w:WORKS_IN]->(d:Department)
         WHERE @holds(w, $today)
         RETURN d {.id, .name} ORDER BY d.name, d.id LIMIT 1
       }[0] AS department;

// name: reportChangesSince
// Recorded changes from the start of day $since in Albertslund (Europe/Copenhagen), newest first, at most $limit, with the names of what they changed (both ends of a relation).
MATCH (c:Change)
WHERE c.at >= datetime({date: date($since), timezone: 'Europe/Copenhagen'})
WITH c
ORDER BY c.at DESC, c.id DESC
LIMIT $limit
// A relation's change names it source|TYPE|target; a node's, by its id (ids hold no "|").
WITH c, split(c.targetId, '|') AS parts
OPTIONAL MATCH (a:Entity {id: parts[0]})
OPTIONAL MATCH (b:Entity {id: coalesce(parts[2], '')})
RETURN c.id AS id, c.at AS at, c.actorName AS who, c.action AS action, c.targetKind AS targetKind, c.targetId AS targetId,
       c.before AS before, c.after AS after, parts, a.name AS firstName, b.name AS secondName
ORDER BY c.at DESC, c.id DESC;

// name: reportRelationsSince
// Relations of the model whose since falls on or after day $since (a partial since counts when its year or month reaches the day), newest first, at most $limit.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types AND r.firstDay IS NOT NULL
  // A since written as a year or month reaches day $since when its firstDay is not before that day's year or month.
  AND r.firstDay >= date.truncate(CASE size(toString(r.since)) WHEN 4 THEN 'year' WHEN 7 THEN 'month' ELSE 'day' END, date($since))
WITH a, r, b, [k IN $kinds WHERE k IN labels(a)][0] AS sourceKind, [k IN $kinds WHERE k IN labels(b)][0] AS targetKind
WHERE sourceKind IS NOT NULL AND targetKind IS NOT NULL
RETURN type(r) AS type, a.id AS sourceId, sourceKind, coalesce(a.name, a.id) AS sourceName,
       b.id AS targetId, targetKind, coalesce(b.name, b.id) AS targetName,
       toString(r.since) AS since, CASE WHEN r.until IS NULL THEN null ELSE toString(r.until) END AS until
ORDER BY since DESC, type, sourceId, targetId
LIMIT $limit;
