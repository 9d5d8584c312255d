// Data migrations, run at start after the schema by server/common/db/migrations.ts: each once, in the order of
// its version, which the database records as a :Migration node when it is done (its schema version is the
// highest). Each is also idempotent, should two servers start at once.

// name: migrationsDone
// The database's schema version: the highest version of the migrations it records as done (0 when none).
OPTIONAL MATCH (m:Migration)
RETURN coalesce(max(m.version), 0) AS version;

// name: migrationDone
// Records migration $version as done, with what it does and when; a version recorded already stays as it was.
MERGE (m:Migration {version: $version})
  ON CREATE SET m.does = $does, m.at = datetime()
RETURN m.version AS version;

// name: datedRelations
// Every relation of the model ($types) with a written since or until, by element id, for the days migration (server/common/days.ts).
MATCH ()-[r]->()
WHERE type(r) IN $types AND (r.since IS NOT NULL OR r.until IS NOT NULL)
RETURN elementId(r) AS ref, r.since AS since, r.until AS until;

// name: datedNetworks
// Every network with a written startedAt, by element id, for the days migration (server/common/days.ts).
MATCH (n:Network)
WHERE n.startedAt IS NOT NULL
RETURN elementId(n) AS ref, n.startedAt AS startedAt;

// name: storeRelationDays
// Stores the days of relations by element id ($rows of ref, since, until, firstDay, lastDay; null removes), as server/common/days.ts made them, where since and until are still what they were made from.
UNWIND $rows AS row
MATCH ()-[r]->()
WHERE elementId(r) = row.ref
  // Another server may have changed the dates since they were read; its writer stored their days.
  AND coalesce(toString(r.since), '') = coalesce(row.since, '')
  AND coalesce(toString(r.until), '') = coalesce(row.until, '')
SET r.firstDay = row.firstDay, r.lastDay = row.lastDay
RETURN count(r) AS written;

// name: storeNodeDays
// Stores the days of nodes by element id ($rows of ref, startedAt, firstDay, lastDay; null removes), as server/common/days.ts made them, where startedAt is still what they were made from.
UNWIND $rows AS row
MATCH (n)
WHERE elementId(n) = row.ref
  AND coalesce(toString(n.startedAt), '') = coalesce(row.startedAt, '')
SET n.firstDay = row.firstDay, n.lastDay = row.lastDay
RETURN count(n) AS written;

// name: phasesOffList
// Networks whose phase is not one of the fixed list ($phases), with what the phase migration (server/phases.ts) needs.
MATCH (n:Network)
WHERE n.phase IS NOT NULL AND NOT n.phase IN $phases
RETURN n.id AS id, n.phase AS phase, n.remarks AS remarks, coalesce(n.version, 1) AS version
ORDER BY id;

// name: phaseMigrate
// Puts one network's phase on the fixed list (null when its text is none of them, the text then kept in $remarks), if it still has the phase that was read, with a new version; no row when it changed meanwhile.
MATCH (n:Network {id: $id})
WHERE n.phase = $was
SET n.phase = $phase, n.remarks = $remarks, n.version = coalesce(n.version, 1) + 1
RETURN n.version AS version;

// name: searchIndexDrop
// Drops the full-text index ringe_search, so that the schema's definition (cypher/schema.cypher) makes it again with what it now indexes.
DROP INDEX ringe_search IF EXISTS;
