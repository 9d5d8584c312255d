// name: ringsNext
// The next ring on day $at: neighbours of the current ring not seen yet (by relations that held then; networks not started then left out), how many there are, and the first $take of them by name.
// A relation holds on day $at from its since to its until, both days included; a partial date ('2014', '2014-05')
// covers its whole year or month, hence the comparison of $at cut to the stored date's length. toString() also
// reads a since stored as a Neo4j date, as older data may hold.
UNWIND $frontier AS fid
MATCH (:Entity {id: fid})-[r]-(m:Entity)
WHERE type(r) IN $types AND NOT m.id IN $seen
  AND (r.since IS NULL OR left($at, size(toString(r.since))) >= toString(r.since))
  AND (r.until IS NULL OR left($at, size(toString(r.until))) <= toString(r.until))
  AND (NOT m:Network OR m.startedAt IS NULL OR left($at, size(toString(m.startedAt))) >= toString(m.startedAt))
WITH DISTINCT m
ORDER BY m.name, m.id
WITH collect(m.id) AS ids
RETURN size(ids) AS total, ids[0..$take] AS ids;
