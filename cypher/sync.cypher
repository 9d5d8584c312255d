// Synchronisation with the organisation's systems of record (server/sync/engine.ts). $source is the
// record namespace: a source's name ('ldap'), or in tests a name with a scope ('ldap@t-1a2b3c4d').

// name: syncLockTake
// Takes the one sync lease when it is free, expired or already this holder's; no row when another run holds it.
// The node's write lock is taken before the lease is read, so two processes cannot both see it free and both take it.
MERGE (l:SyncLock {name: $name})
SET l._lock = true
REMOVE l._lock
WITH l
WHERE l.holder IS NULL OR l.expiresAt IS NULL OR l.expiresAt < datetime() OR l.holder = $holder
SET l.holder = $holder, l.expiresAt = datetime() + duration({milliseconds: $leaseMs})
RETURN l.holder AS holder;

// name: syncLockRenew
// Renews the lease while its holder runs; no row when the lease was lost (expired and taken by another).
MATCH (l:SyncLock {name: $name, holder: $holder})
SET l.expiresAt = datetime() + duration({milliseconds: $leaseMs})
RETURN l.holder AS holder;

// name: syncLockRelease
// Gives the lease back (only its holder can).
MATCH (l:SyncLock {name: $name, holder: $holder})
SET l.holder = null, l.expiresAt = null
RETURN count(l) AS released;

// name: syncSourceState
// What the source's next read starts from (Entra's deltaLink), kept after its last applied run.
MATCH (s:SyncSource {name: $source})
RETURN s.state AS state;

// name: syncSourceSaveState
// Keeps what the source's next read starts from, once a run is applied.
MERGE (s:SyncSource {name: $source})
SET s.state = $state
RETURN s.name AS name;

// name: syncRecords
// Every record of a source with its kind, hash and the node it stands for (none when that was deleted or erased), and a person's leftOn.
MATCH (r:SyncRecord {source: $source})
OPTIONAL MATCH (r)-[:RECORD_OF]->(n:Entity)
RETURN r.kind AS kind, r.sourceId AS sourceId, r.hash AS hash, r.personHash AS personHash, n.id AS id,
       n.leftOn AS leftOn;

// name: syncUnits
// The units of a source as the graph holds them: name, parent unit, KLE lists and the day they left the source's tree.
MATCH (r:SyncRecord {source: $source, kind: 'unit'})-[:RECORD_OF]->(u:Unit:Entity)
RETURN r.sourceId AS sourceId, u.id AS id, u.name AS name,
       [(u)-[:PART_OF]->(parent:Unit) | parent.id][0] AS parentId,
       coalesce(u.kleNumbers, []) AS kleNumbers, coalesce(u.kleAspects, []) AS kleAspects,
       coalesce(u.kleTitles, []) AS kleTitles, u.goneOn AS goneOn;

// name: syncUnitTree
// Every unit with its parent and the department the admin mapped it to, for the roll-up to departments.
MATCH (u:Unit:Entity)
RETURN u.id AS id, [(u)-[:PART_OF]->(parent:Unit) | parent.id][0] AS parentId,
       [(u)-[:ROLLS_UP_TO]->(d:Department) | d.id][0] AS departmentId;

// name: syncDepartments
// Every department's id and name, for mapping a new unit of the same name.
MATCH (d:Department:Entity)
RETURN d.id AS id, d.name AS name;

// name: syncKleTitles
// The titles of these KLE numbers from the loaded KLE file (:KleSubject nodes), where there is one.
MATCH (k:KleSubject)
WHERE k.number IN $numbers
RETURN k.number AS number, k.title AS title;

// name: syncTakenIds
// The node ids that start with one of these slugs, so a new unit's id can be suffixed until it is free.
UNWIND $slugs AS slug
MATCH (n:Entity)
WHERE n.id STARTS WITH slug
RETURN DISTINCT n.id AS id;

// name: syncPeopleByEmail
// People with one of these work e-mails (lower case), for linking a joiner to them instead of doubling them (the engine leaves out those a record of the source stands for).
MATCH (p:Person:Entity)
WHERE toLower(p.email) IN $emails
RETURN p.id AS id, toLower(p.email) AS email
ORDER BY id;

// name: syncPeopleByEmailFew
// The same for a few e-mails ($rows: each lower-case e-mail with its Lucene phrase), each found through the person_email index (the url_or_email analyzer keeps an address whole and in lower case) and compared whole, rather than every person's e-mail read.
UNWIND $rows AS row
CALL db.index.fulltext.queryNodes('person_email', row.lucene) YIELD node AS p
WITH row, p
WHERE p:Entity AND toLower(p.email) = row.email
RETURN DISTINCT p.id AS id, row.email AS email
ORDER BY id;

// name: syncPeopleNow
// These people as the graph holds them now: contact fields, leftOn, their open memberships of this source and its manager.
UNWIND $ids AS personId
MATCH (p:Person:Entity {id: personId})
RETURN p.id AS id, p.name AS name, p.title AS title, p.email AS email, p.phone AS phone, p.leftOn AS leftOn,
       [(p)-[m:MEMBER_OF {source: $source}]->(u:Unit) WHERE m.until IS NULL | u.id] AS unitIds,
       [(p)-[:REPORTS_TO {source: $source}]->(b:Person) | b.id][0] AS managerId;

// name: syncUnitsCreate
// Creates new units with their records (a record left by a deleted unit is pointed at the new one).
UNWIND $rows AS row
CREATE (u:Unit:Entity {id: row.id, version: 1})
SET u += row.props
MERGE (r:SyncRecord {key: row.key})
SET r.source = $source, r.kind = 'unit', r.sourceId = row.sourceId, r.hash = row.hash
WITH r, u
OPTIONAL MATCH (r)-[old:RECORD_OF]->()
DELETE old
WITH DISTINCT r, u
CREATE (r)-[:RECORD_OF]->(u)
RETURN count(u) AS written;

// name: syncUnitsUpdate
// Writes the changed fields of known units (a null removes one: goneOn of a unit back in the tree) and their records' hashes.
UNWIND $rows AS row
MATCH (r:SyncRecord {key: row.key})-[:RECORD_OF]->(u:Unit:Entity)
SET u += row.props, u.version = coalesce(u.version, 1) + 1, r.hash = row.hash
RETURN count(u) AS written;

// name: syncUnitsParent
// Sets the parent of these units (null: a root of the tree) in place of the one they had.
UNWIND $rows AS row
MATCH (u:Unit:Entity {id: row.id})
CALL (u) {
  MATCH (u)-[old:PART_OF]->(:Unit)
  DELETE old
}
CALL (u, row) {
  MATCH (parent:Unit:Entity {id: row.parentId})
  CREATE (u)-[:PART_OF {source: $source}]->(parent)
}
RETURN count(u) AS written;

// name: syncUnitsGone
// Marks units that left a complete snapshot's tree; the node, its place in the tree and its mapping stay for those who were in it.
UNWIND $ids AS unitId
MATCH (u:Unit:Entity {id: unitId})
SET u.goneOn = $day, u.version = coalesce(u.version, 1) + 1
RETURN count(u) AS written;

// name: syncUnitsMap
// Maps new units to the department of the same name (the admin may change it).
UNWIND $rows AS row
MATCH (u:Unit:Entity {id: row.unitId}), (d:Department:Entity {id: row.departmentId})
MERGE (u)-[:ROLLS_UP_TO]->(d)
RETURN count(u) AS written;

// name: syncUnitDepartment
// Sets the department a unit rolls up to (null: none, it takes its nearest mapped ancestor's), answering the one it had.
MATCH (u:Unit:Entity {id: $unitId})
OPTIONAL MATCH (u)-[old:ROLLS_UP_TO]->(was:Department)
WITH u, collect(old) AS olds, collect(was.id)[0] AS before
OPTIONAL MATCH (d:Department:Entity {id: $departmentId})
FOREACH (o IN olds | DELETE o)
FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END | CREATE (u)-[:ROLLS_UP_TO]->(d))
RETURN u.id AS id, before, d.id AS after;

// name: syncPeopleCreate
// Creates joiners no node stands for yet: the person with the fields the source gives, its record, memberships and the WORKS_IN they roll up to, from the run's day.
UNWIND $rows AS row
CREATE (p:Person:Entity {id: row.id, version: 1})
SET p += row.props
CREATE (:SyncRecord {key: row.key, source: $source, kind: 'person', sourceId: row.sourceId, hash: row.hash,
                     fields: row.fields, personHash: row.personHash})-[:RECORD_OF]->(p)
WITH p, row
CALL (p, row) {
  UNWIND row.unitIds AS unitId
  MATCH (u:Unit:Entity {id: unitId})
  CREATE (p)-[:MEMBER_OF {since: $day, firstDay: $firstDay, source: $source}]->(u)
}
CALL (p, row) {
  UNWIND row.departmentIds AS departmentId
  MATCH (d:Department:Entity {id: departmentId})
  CREATE (p)-[:WORKS_IN {since: $day, firstDay: $firstDay, source: $source}]->(d)
}
RETURN count(p) AS written;

// name: syncPeopleJoin
// Writes the other joiners: the existing person their e-mail matched (or a new one where a record's person was deleted), with the fields the source gives, its record, memberships and WORKS_IN from the run's day.
UNWIND $rows AS row
MERGE (p:Person:Entity {id: row.id})
  ON CREATE SET p.version = 1
  ON MATCH SET p.version = coalesce(p.version, 1) + 1
SET p += row.props
MERGE (r:SyncRecord {key: row.key})
SET r.source = $source, r.kind = 'person', r.sourceId = row.sourceId, r.hash = row.hash, r.fields = row.fields,
    r.personHash = row.personHash
WITH p, r, row
CALL (r) {
  MATCH (r)-[old:RECORD_OF]->()
  DELETE old
}
CREATE (r)-[:RECORD_OF]->(p)
WITH p, row
CALL (p, row) {
  UNWIND row.unitIds AS unitId
  MATCH (u:Unit:Entity {id: unitId})
  CREATE (p)-[:MEMBER_OF {since: $day, firstDay: $firstDay, source: $source}]->(u)
}
CALL (p, row) {
  UNWIND row.departmentIds AS departmentId
  MATCH (d:Department:Entity {id: departmentId})
  CREATE (p)-[:WORKS_IN {since: $day, firstDay: $firstDay, source: $source}]->(d)
}
RETURN count(p) AS written;

// name: syncPeopleUpdate
// Writes changed and returning people: the fields the source gives (a null removes one, leftOn of a returner), the record, memberships ended (deleted when begun this day) and begun.
UNWIND $rows AS row
MATCH (r:SyncRecord {key: row.key})-[:RECORD_OF]->(p:Person:Entity)
SET p += row.props, p.version = coalesce(p.version, 1) + 1, r.hash = row.hash, r.fields = row.fields
WITH p, row
CALL (p, row) {
  MATCH (p)-[m:MEMBER_OF {source: $source}]->(u:Unit)
  WHERE m.until IS NULL AND u.id IN row.endUnitIds
  FOREACH (_ IN CASE WHEN m.since = $day THEN [] ELSE [1] END | SET m.until = $dayBefore, m.lastDay = $lastDay)
  FOREACH (_ IN CASE WHEN m.since = $day THEN [1] ELSE [] END | DELETE m)
}
CALL (p, row) {
  UNWIND row.startUnitIds AS unitId
  MATCH (u:Unit:Entity {id: unitId})
  CREATE (p)-[:MEMBER_OF {since: $day, firstDay: $firstDay, source: $source}]->(u)
}
RETURN count(p) AS written;

// name: syncPeopleLeave
// Ends leavers: leftOn is the run's day, and every open WORKS_IN and MEMBER_OF ends the day before (one this source began this day is deleted).
UNWIND $rows AS row
MATCH (r:SyncRecord {key: row.key})-[:RECORD_OF]->(p:Person:Entity)
SET p.leftOn = $day, p.version = coalesce(p.version, 1) + 1, r.hash = coalesce(row.hash, r.hash)
WITH p
CALL (p) {
  MATCH (p)-[m:WORKS_IN|MEMBER_OF]->()
  WHERE m.until IS NULL
  WITH m, m.source = $source AND m.since = $day AS unborn
  FOREACH (_ IN CASE WHEN unborn THEN [] ELSE [1] END | SET m.until = $dayBefore, m.lastDay = $lastDay)
  FOREACH (_ IN CASE WHEN unborn THEN [1] ELSE [] END | DELETE m)
}
RETURN count(p) AS written;

// name: syncPeopleHash
// Keeps the new hash of records whose change needs no other write (a unit the snapshot lacks, say).
UNWIND $rows AS row
MATCH (r:SyncRecord {key: row.key})
SET r.hash = row.hash
RETURN count(r) AS written;

// name: syncPeopleManagers
// Sets the manager this source names for these people in place of the one it named before (none when null or not in the graph).
UNWIND $rows AS row
MATCH (p:Person:Entity {id: row.id})
CALL (p) {
  MATCH (p)-[old:REPORTS_TO {source: $source}]->(:Person)
  DELETE old
}
CALL (p, row) {
  MATCH (b:Person:Entity {id: row.managerId})
  CREATE (p)-[:REPORTS_TO {source: $source}]->(b)
}
RETURN count(p) AS written;

// name: syncPeopleManagersNew
// Sets the manager this source names for joiners, who have none of this source yet.
UNWIND $rows AS row
MATCH (p:Person:Entity {id: row.id}), (b:Person:Entity {id: row.managerId})
CREATE (p)-[:REPORTS_TO {source: $source}]->(b)
RETURN count(*) AS written;

// name: syncMembersOfUnits
// The people with an open membership (of any source) in one of these units.
UNWIND $unitIds AS unitId
MATCH (p:Person:Entity)-[m:MEMBER_OF]->(:Unit:Entity {id: unitId})
WHERE m.until IS NULL AND m.source IS NOT NULL
RETURN DISTINCT p.id AS id;

// name: syncMembershipsOf
// The open memberships of these people, by source, and their open WORKS_IN a source derived from them (with the relation's element id).
UNWIND $ids AS personId
MATCH (p:Person:Entity {id: personId})
RETURN p.id AS id,
       [(p)-[m:MEMBER_OF]->(u:Unit) WHERE m.until IS NULL AND m.source IS NOT NULL | [m.source, u.id]] AS memberOf,
       [(p)-[w:WORKS_IN]->(d:Department) WHERE w.until IS NULL AND w.source IS NOT NULL
        | [w.source, d.id, elementId(w), w.since]] AS worksIn;

// name: syncMembershipsAll
// The same for every person with an open membership or derived WORKS_IN.
MATCH (p:Person:Entity)
WHERE EXISTS { (p)-[m:MEMBER_OF]->(:Unit) WHERE m.until IS NULL AND m.source IS NOT NULL }
   OR EXISTS { (p)-[w:WORKS_IN]->(:Department) WHERE w.until IS NULL AND w.source IS NOT NULL }
RETURN p.id AS id,
       [(p)-[m:MEMBER_OF]->(u:Unit) WHERE m.until IS NULL AND m.source IS NOT NULL | [m.source, u.id]] AS memberOf,
       [(p)-[w:WORKS_IN]->(d:Department) WHERE w.until IS NULL AND w.source IS NOT NULL
        | [w.source, d.id, elementId(w), w.since]] AS worksIn;

// name: syncDerivedEnd
// Ends derived WORKS_IN by element id the day before (deleted when begun that day).
UNWIND $refs AS ref
MATCH ()-[w:WORKS_IN]->()
WHERE elementId(w) = ref AND w.until IS NULL
FOREACH (_ IN CASE WHEN w.since = $day THEN [] ELSE [1] END | SET w.until = $dayBefore, w.lastDay = $lastDay)
FOREACH (_ IN CASE WHEN w.since = $day THEN [1] ELSE [] END | DELETE w)
RETURN count(*) AS written;

// name: syncDerivedStart
// Begins derived WORKS_IN on the day: a person's unit rolls up to the department.
UNWIND $rows AS row
MATCH (p:Person:Entity {id: row.personId}), (d:Department:Entity {id: row.departmentId})
CREATE (p)-[:WORKS_IN {since: $day, firstDay: $firstDay, source: row.source}]->(d)
RETURN count(*) AS written;

// name: syncRunRecord
// Records a run (its plan as JSON text) and keeps only the newest 50 of its source.
CREATE (:SyncRun {id: $id, source: $source, ns: $ns, status: $status, dryRun: $dryRun, forced: $forced,
                  startedAt: $startedAt, endedAt: $endedAt, startedBy: $startedBy, plan: $plan, error: $error})
WITH 1 AS done
MATCH (old:SyncRun {ns: $ns})
WITH old ORDER BY old.startedAt DESC, old.id DESC
SKIP 50
DELETE old
RETURN count(old) AS pruned;

// name: syncRuns
// The newest runs of a source, newest first.
MATCH (r:SyncRun {ns: $ns})
RETURN r.id AS id, r.source AS source, r.status AS status, r.dryRun AS dryRun, r.forced AS forced,
       r.startedAt AS startedAt, r.endedAt AS endedAt, r.startedBy AS startedBy, r.plan AS plan, r.error AS error
ORDER BY r.startedAt DESC, r.id DESC
LIMIT $limit;
