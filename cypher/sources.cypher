// name: sourcesUnits
// The sources' units with their parent, their own department, the nearest mapped ancestor's, and their people on day $at.
MATCH (u:Unit)
OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit)
OPTIONAL MATCH (u)-[:ROLLS_UP_TO]->(own:Department)
CALL (u, own) {
  OPTIONAL MATCH way = (u)-[:PART_OF*1..30]->(a:Unit)-[:ROLLS_UP_TO]->(d:Department)
  WHERE own IS NULL
  WITH a, d, length(way) AS hops
  ORDER BY hops
  LIMIT 1
  RETURN a AS mapped, d AS inherited
}
RETURN u.id AS id, coalesce(u.name, u.id) AS name, parent.id AS parentId,
       own.id AS departmentId, coalesce(own.name, own.id) AS departmentName,
       inherited.id AS inheritedId, coalesce(inherited.name, inherited.id) AS inheritedName,
       mapped.id AS fromId, coalesce(mapped.name, mapped.id) AS fromName,
       COUNT { (p:Person)-[m:MEMBER_OF]->(u) WHERE @holds(m, $at) } AS people
ORDER BY name, id;

// name: sourcesDepartments
// Every department a unit can be mapped to, by name.
MATCH (d:Department)
RETURN d.id AS id, coalesce(d.name, d.id) AS name
ORDER BY name, id;

// name: sourcesMapping
// A source's saved column mapping (JSON text), if any.
MATCH (s:SyncSource {name: $name})
RETURN s.mapping AS mapping;

// name: sourcesSetMapping
// Saves a source's column mapping (JSON text), making its SyncSource node when it has none yet.
MERGE (s:SyncSource {name: $name})
SET s.mapping = $mapping;

// name: sourcesClaimSchedule
// Claims a source's scheduled run unless a process has claimed it since $due; the node's lock is taken before the check, so two processes never both claim.
MERGE (s:SyncSource {name: $name})
SET s.scheduleLock = true
REMOVE s.scheduleLock
WITH s, s.scheduledAt AS before
WHERE before IS NULL OR before <= datetime($due)
SET s.scheduledAt = datetime($now)
RETURN toString(before) AS before;

// name: sourcesReleaseSchedule
// Gives a claimed scheduled run back when it could not start (another run held the lease), so a later tick may try again.
MATCH (s:SyncSource {name: $name})
WHERE s.scheduledAt = datetime($now)
SET s.scheduledAt = CASE WHEN $before IS NULL THEN null ELSE datetime($before) END;
