// name: ringsNext
// The next ring: neighbours of the current ring not seen yet, how many there are, and the first $take of them by name.
UNWIND $frontier AS fid
MATCH (:Entity {id: fid})-[r]-(m:Entity)
WHERE type(r) IN $types AND NOT m.id IN $seen
WITH DISTINCT m
ORDER BY m.name, m.id
WITH collect(m.id) AS ids
RETURN size(ids) AS total, ids[0..$take] AS ids;
