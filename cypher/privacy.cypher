// A person's data (GDPR): what Ringe holds about one person, and erasure.

// name: privacyPerson
// One person's node with all its properties, for the person's own export and for erasure.
MATCH (p:Person:Entity {id: $id})
RETURN properties(p) AS properties;

// name: privacyRelations
// A person's relations of the model's types, both directions, with the other end's id, kind and name.
MATCH (p:Person:Entity {id: $id})-[r]-(m:Entity)
WHERE type(r) IN $types
RETURN type(r) AS type,
       CASE WHEN startNode(r) = p THEN 'out' ELSE 'in' END AS direction,
       m.id AS otherId, [l IN $kinds WHERE l IN labels(m)][0] AS otherKind, m.name AS otherName,
       properties(r) AS properties
ORDER BY type, otherId;

// name: privacyChangesOfPerson
// Every recorded change to a person or to one of their relations (whose id is source|TYPE|target), oldest first.
MATCH (c:Change)
WHERE c.targetId = $id OR c.targetId STARTS WITH $id + '|' OR c.targetId ENDS WITH '|' + $id
RETURN c.id AS id, c.at AS at, c.actorSub AS actorSub, c.actorName AS actorName, c.action AS action,
       c.targetKind AS targetKind, c.targetId AS targetId, c.before AS before, c.after AS after, c.undoOf AS undoOf
ORDER BY at, id;

// name: privacyChangesMentioning
// Changes made by the person (actor name) or whose before/after text holds one of the given lower-case strings.
MATCH (c:Change)
WHERE toLower(coalesce(c.actorName, '')) IN $names
   OR any(s IN $needles WHERE toLower(coalesce(c.before, '')) CONTAINS s
                           OR toLower(coalesce(c.after, '')) CONTAINS s
                           OR toLower(coalesce(c.actorSub, '')) CONTAINS s)
RETURN c.id AS id, c.at AS at, c.actorSub AS actorSub, c.actorName AS actorName, c.action AS action,
       c.targetKind AS targetKind, c.targetId AS targetId, c.before AS before, c.after AS after, c.undoOf AS undoOf
ORDER BY at, id;

// name: privacyRedactChanges
// Rewrites changes with a person's data replaced (erasure): before, after, actor and target.
UNWIND $rows AS row
MATCH (c:Change {id: row.id})
SET c.before = row.before, c.after = row.after, c.actorName = row.actorName, c.actorSub = row.actorSub,
    c.targetId = row.targetId
RETURN count(c) AS redacted;

// name: privacyErasePerson
// Deletes a person and all their relations (erasure); answers how many relations went with them.
MATCH (p:Person:Entity {id: $id})
OPTIONAL MATCH (p)-[r]-()
WITH p, count(r) AS relations
DETACH DELETE p
RETURN relations;

// name: privacyLockMentioningNodes
// Takes the write locks of the other nodes of the graph with a string property holding one of the lower-case needles (erasure redacts their texts), and answers their ids.
MATCH (n:Entity)
WHERE n.id <> $id AND any(l IN labels(n) WHERE l IN $kinds)
  AND any(k IN keys(n) WHERE CASE WHEN n[k] IS :: STRING THEN any(s IN $needles WHERE toLower(n[k]) CONTAINS s) ELSE false END)
SET n._lock = true
RETURN n.id AS id;

// name: privacyNodesByIds
// The kind and properties of these nodes, read after their locks are taken.
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id, [l IN $kinds WHERE l IN labels(n)][0] AS kind, properties(n) AS properties
ORDER BY id;

// name: privacyRedactNodes
// Sets the redacted texts of these nodes with a new version, and drops the lock marks of all the locked ones.
UNWIND $ids AS lockedId
MATCH (n:Entity {id: lockedId})
REMOVE n._lock
WITH n
UNWIND [row IN $rows WHERE row.id = n.id] AS row
SET n += row.set, n.version = coalesce(n.version, 1) + 1
RETURN count(n) AS redacted;

// name: privacyLockMentioningRelations
// Takes the write locks of the relations between other nodes with a string property holding one of the needles, and answers them by ends and type.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types AND a.id <> $id AND b.id <> $id
  AND any(k IN keys(r) WHERE CASE WHEN r[k] IS :: STRING THEN any(s IN $needles WHERE toLower(r[k]) CONTAINS s) ELSE false END)
SET r._lock = true
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS properties
ORDER BY source, type, target;

// name: privacyRedactRelations
// Sets the redacted texts of these relations (each named by its ends and type) with a new version, and drops the lock marks.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})-[r]->(b:Entity {id: row.target})
WHERE type(r) = row.type
REMOVE r._lock
SET r += row.set, r.version = CASE WHEN size(keys(row.set)) > 0 THEN coalesce(r.version, 1) + 1 ELSE r.version END
RETURN count(r) AS redacted;

// name: privacyRecordErasures
// Remembers erasures by the hash of the person's id and when (no personal data); an erasure already known keeps its first date.
UNWIND $rows AS row
MERGE (e:Erasure {idHash: row.idHash})
  ON CREATE SET e.at = coalesce(datetime(row.at), datetime())
RETURN count(e) AS recorded;

// name: privacyErasuresOf
// The erasures among these id hashes, with their dates (an import refuses to bring those people back).
MATCH (e:Erasure)
WHERE e.idHash IN $hashes
RETURN e.idHash AS idHash, e.at AS at;

// name: privacyErasuresAll
// Every erasure Ringe remembers, for a backup.
MATCH (e:Erasure)
RETURN e.idHash AS idHash, e.at AS at
ORDER BY idHash;
