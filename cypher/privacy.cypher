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
