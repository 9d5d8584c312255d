// Backup and restore (npm run backup / restore): what a backup holds besides the graph export.

// name: backupHistory
// Every recorded change with all it holds, oldest first, for a backup.
MATCH (c:Change)
RETURN c.id AS id, c.at AS at, c.actorSub AS actorSub, c.actorName AS actorName, c.action AS action,
       c.targetKind AS targetKind, c.targetId AS targetId, c.before AS before, c.after AS after, c.undoOf AS undoOf
ORDER BY c.at, c.id;

// name: backupRoleGrants
// The admin-managed role list, one row per granted role with who granted it and when, for a backup.
MATCH (g:RoleGrant)
RETURN g.sub AS sub, g.role AS role, g.grantedAt AS grantedAt, g.grantedBy AS grantedBy
ORDER BY sub, role;

// name: backupUserLinks
// The links admins made from users to their Person (who am I), with who set each and when, for a backup.
MATCH (l:UserLink)
RETURN l.sub AS sub, l.personId AS personId, l.setBy AS setBy, l.at AS at
ORDER BY sub;

// name: backupSurveyRounds
// Every survey round with all it holds (its kept results and who was asked included), by id, for a backup.
MATCH (r:SurveyRound)
RETURN r.id AS id, r.networkId AS networkId, r.opensOn AS opensOn, r.closesOn AS closesOn, r.closedOn AS closedOn,
       r.askNamed AS askNamed, r.asked AS asked, r.createdAt AS createdAt, r.createdBy AS createdBy,
       r.answersDeletedOn AS answersDeletedOn, r.results AS results, r.source AS source
ORDER BY id;

// name: backupSurveyAnswers
// Every survey answer with all it holds, by id, for a backup.
MATCH (a:SurveyAnswer)
RETURN a.id AS id, a.roundId AS roundId, a.networkId AS networkId, a.personId AS personId, a.at AS at,
       a.departmentIds AS departmentIds, a.named AS named, a.ratings AS ratings, a.texts AS texts, a.source AS source
ORDER BY id;

// name: restoreHistory
// Writes recorded changes from a backup as they were; a change already held (by id) stays as it is.
UNWIND $rows AS row
MERGE (c:Change {id: row.id})
  ON CREATE SET c.at = datetime(row.at), c.actorSub = row.actorSub, c.actorName = row.actorName, c.action = row.action,
                c.targetKind = row.targetKind, c.targetId = row.targetId, c.before = row.before, c.after = row.after,
                c.undoOf = row.undoOf
RETURN count(c) AS written;

// name: restoreRoleGrants
// Writes granted roles from a backup; a grant already held stays as it is.
UNWIND $rows AS row
MERGE (g:RoleGrant {sub: row.sub, role: row.role})
  ON CREATE SET g.grantedAt = datetime(row.grantedAt), g.grantedBy = row.grantedBy
RETURN count(g) AS written;

// name: restoreUserLinks
// Writes the admins' links from users to their Person from a backup; a user's link already held stays as it is.
UNWIND $rows AS row
MERGE (l:UserLink {sub: row.sub})
  ON CREATE SET l.personId = row.personId, l.setBy = row.setBy, l.at = datetime(row.at)
RETURN count(l) AS written;

// name: restoreSurveyRounds
// Writes survey rounds from a backup as they were (a property the file holds as null stays unset); a round already held (by id) stays as it is.
UNWIND $rows AS row
MERGE (r:SurveyRound {id: row.id})
  ON CREATE SET r.networkId = row.networkId, r.opensOn = row.opensOn, r.closesOn = row.closesOn, r.closedOn = row.closedOn,
                r.askNamed = row.askNamed, r.asked = row.asked, r.createdAt = row.createdAt, r.createdBy = row.createdBy,
                r.answersDeletedOn = row.answersDeletedOn, r.results = row.results, r.source = row.source
RETURN count(r) AS written;

// name: restoreSurveyAnswers
// Writes survey answers from a backup as they were (a property the file holds as null stays unset); an answer already held (by id) stays as it is.
UNWIND $rows AS row
MERGE (a:SurveyAnswer {id: row.id})
  ON CREATE SET a.roundId = row.roundId, a.networkId = row.networkId, a.personId = row.personId, a.at = row.at,
                a.departmentIds = row.departmentIds, a.named = row.named, a.ratings = row.ratings, a.texts = row.texts,
                a.source = row.source
RETURN count(a) AS written;

// name: backupVersions
// The version counters above 1 of the graph's nodes and relations (a relation by source|TYPE|target), for a backup.
CALL () {
  MATCH (n:Entity)
  WHERE n.version > 1
  RETURN n.id AS id, n.version AS version
  UNION ALL
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE type(r) IN $types AND r.version > 1
  RETURN a.id + '|' + type(r) + '|' + b.id AS id, r.version AS version
}
RETURN id, version
ORDER BY id;

// name: restoreNodeVersions
// Sets the version counters a backup holds on restored nodes (a restore into an empty database keeps them as they were).
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.version = row.version
RETURN count(n) AS written;

// name: restoreRelationVersions
// Sets the version counters a backup holds on restored relations, each named by its ends and type.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})-[r]->(b:Entity {id: row.target})
WHERE type(r) = row.type
SET r.version = row.version
RETURN count(r) AS written;
