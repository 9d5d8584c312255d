// Who am I: the Person a signed-in user is in the graph, and the links an admin makes to fix a wrong one.

// name: meLinked
// The Person an admin linked this user (the provider's subject) to, while that person exists.
MATCH (l:UserLink {sub: $sub})
MATCH (p:Person:Entity {id: l.personId})
RETURN p.id AS id, coalesce(p.name, p.id) AS name;

// name: meEntraPerson
// The Person the organisation's Entra ID sync keeps for this object id (its record's key is entra|person|<oid>).
MATCH (r:SyncRecord {key: $key})-[:RECORD_OF]->(p:Person:Entity)
WHERE r.source = 'entra' AND r.kind = 'person' AND r.sourceId = $oid
RETURN p.id AS id, coalesce(p.name, p.id) AS name;

// name: meByEmail
// The people with this work e-mail (lower case; stored in any case) who have not left by day $today, by id: found through the person_email index ($lucene, the address as a phrase), then compared whole.
CALL db.index.fulltext.queryNodes('person_email', $lucene) YIELD node AS p
WHERE p:Entity AND toLower(p.email) = $email AND (p.leftOn IS NULL OR p.leftOn > $today)
RETURN p.id AS id, coalesce(p.name, p.id) AS name
ORDER BY id;

// name: userLinksList
// The links admins made from users (by subject) to their Person, with the person's name (null when that person is gone), by subject.
MATCH (l:UserLink)
OPTIONAL MATCH (p:Person:Entity {id: l.personId})
RETURN l.sub AS sub, l.personId AS personId, p.name AS name, p IS NOT NULL AS exists, l.setBy AS setBy, l.at AS at
ORDER BY sub;

// name: userLinkSet
// Links a user (by subject) to a Person in place of any link they had, with who set it and when; no row when there is no such person.
MATCH (p:Person:Entity {id: $personId})
MERGE (l:UserLink {sub: $sub})
SET l.personId = p.id, l.setBy = $setBy, l.at = datetime()
RETURN l.sub AS sub, p.id AS personId, coalesce(p.name, p.id) AS name, l.setBy AS setBy, l.at AS at;

// name: userLinkRemove
// Removes the admin's link of a user (by subject), so they are found again by the sync or their e-mail.
OPTIONAL MATCH (l:UserLink {sub: $sub})
DELETE l
RETURN count(l) AS removed;

// name: userLinksErasePerson
// Removes the links admins made to a person who is being erased (a link names them by id, and their user's subject).
MATCH (l:UserLink {personId: $id})
DELETE l
RETURN count(*) AS removed;
