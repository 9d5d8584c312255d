// Data migrations run at each start after the schema (server/schema.ts); each finds only what it has not done yet,
// so running it again changes nothing.

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
