// Editing the graph (coordinators). Labels and relationship types are never taken from input:
// where one varies ($kind, $type), the server has checked it against KINDS / REL_TYPES first.
// A node or relation without a version (the booklet's own) counts as version 1.

// name: editNodeMerge
// Creates a node with the given id, kind, properties and version unless one has that id; says whether it did and returns the node.
MERGE (n:Entity {id: $id})
  ON CREATE SET n:$($kind), n += $props, n.version = $version, n._created = true
WITH n, coalesce(n._created, false) AS created
REMOVE n._created
RETURN created, [l IN $kinds WHERE l IN labels(n)][0] AS kind, coalesce(n.version, 1) AS version, properties(n) AS properties;

// name: editNodeLock
// Takes the node's write lock (held to the end of the transaction) before its version is read, so two edits cannot both pass the version check.
MATCH (n:Entity {id: $id})
SET n._lock = true
RETURN n.id AS id;

// name: editNodeRead
// One node with its kind, version (1 when never edited) and stored properties.
MATCH (n:Entity {id: $id})
RETURN [l IN $kinds WHERE l IN labels(n)][0] AS kind, coalesce(n.version, 1) AS version, properties(n) AS properties;

// name: editNodeUpdate
// Sets (or, for null values, removes) the given properties, sets the new version and drops the lock mark; a source's next run writes back what it owns.
MATCH (n:Entity {id: $id})
SET n += $set, n.version = $version
REMOVE n._lock
WITH n
@resync(n)
RETURN [l IN $kinds WHERE l IN labels(n)][0] AS kind, n.version AS version, properties(n) AS properties;

// name: editNodeRelations
// Every relation between the node and another entity, with both ends, its version and properties (kept when the node is deleted, for undo).
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
RETURN DISTINCT type(r) AS type, startNode(r).id AS source, endNode(r).id AS target,
       coalesce(r.version, 1) AS version, properties(r) AS properties;

// name: editNodeDelete
// Deletes the node and its relations; a source's next run writes back the memberships, managers and parents it owned to it.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (owner:Entity)-[r]->(n)
  WITH owner, type(r) AS type
  @resync(owner, type)
}
DETACH DELETE n;

// name: editRelationEnds
// The kinds of a relation's two ends (null when missing) and whether $via names a network.
OPTIONAL MATCH (a:Entity {id: $source})
OPTIONAL MATCH (b:Entity {id: $target})
OPTIONAL MATCH (v:Network {id: $via})
RETURN [l IN $kinds WHERE l IN labels(a)][0] AS sourceKind, a IS NOT NULL AS sourceExists,
       [l IN $kinds WHERE l IN labels(b)][0] AS targetKind, b IS NOT NULL AS targetExists,
       v IS NOT NULL AS viaExists;

// name: editRelationMerge
// Creates the relation of type $type from $source to $target with properties and version unless it exists; says whether it did.
MATCH (a:Entity {id: $source}), (b:Entity {id: $target})
MERGE (a)-[r:$($type)]->(b)
  ON CREATE SET r += $props, r.version = $version, r._created = true
WITH a, r, coalesce(r._created, false) AS created
REMOVE r._created
WITH a, r, created
@resync(a, $type)
RETURN created, coalesce(r.version, 1) AS version, properties(r) AS properties;

// name: editRelationLock
// Takes the relation's write lock (held to the end of the transaction) before its version is read.
MATCH (:Entity {id: $source})-[r]->(:Entity {id: $target})
WHERE type(r) = $type
SET r._lock = true
RETURN count(r) AS locked;

// name: editRelationRead
// One relation by its ends and type, with its version (1 when never edited) and stored properties.
MATCH (:Entity {id: $source})-[r]->(:Entity {id: $target})
WHERE type(r) = $type
RETURN coalesce(r.version, 1) AS version, properties(r) AS properties;

// name: editRelationUpdate
// Sets (or, for null values, removes) the relation's given properties, sets the new version and drops the lock mark (a source's next run writes back one it owns).
MATCH (a:Entity {id: $source})-[r]->(:Entity {id: $target})
WHERE type(r) = $type
SET r += $set, r.version = $version
REMOVE r._lock
WITH a, r
@resync(a, $type)
RETURN r.version AS version, properties(r) AS properties;

// name: editRelationDelete
// Deletes one relation by its ends and type (a source's next run writes back one it owns).
MATCH (a:Entity {id: $source})-[r]->(:Entity {id: $target})
WHERE type(r) = $type
DELETE r
WITH a
@resync(a, $type);
