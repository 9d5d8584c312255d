// Import and export of the graph. Labels and relationship types are never parameters: the
// import picks one of the fixed write queries below per allow-listed kind and type.

// name: transferExportNodes
// Every node of the graph (an :Entity with a known kind) with all its properties, for an export.
MATCH (n:Entity)
WITH n, [l IN $kinds WHERE l IN labels(n)][0] AS kind
WHERE kind IS NOT NULL
RETURN n.id AS id, kind, properties(n) AS properties;

// name: transferExportRelations
// Every relation of the model's types between two nodes of the graph, for an export.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $types
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS properties;

// name: transferExportKind
// The nodes of one kind with all their properties, by id, for a CSV export.
MATCH (n:Entity)
WHERE [l IN $kinds WHERE l IN labels(n)][0] = $kind
RETURN n.id AS id, properties(n) AS properties
ORDER BY id;

// name: transferNodesByIds
// The current kind and properties of the nodes with these ids, which an import compares against.
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id, [l IN $kinds WHERE l IN labels(n)][0] AS kind, properties(n) AS properties;

// name: transferRelationsByKeys
// The current properties of these relations, each named by its source, type and target.
UNWIND $keys AS k
MATCH (a:Entity {id: k.source})-[r]->(b:Entity {id: k.target})
WHERE type(r) = k.type
RETURN k.source AS source, k.type AS type, k.target AS target, properties(r) AS properties;

// name: transferWriteNodePerson
// Creates or replaces people from an import batch: each row holds all the node's properties, its id and version; a source's next run writes back the fields it owns.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Person
SET n = row.properties
WITH n
@resync(n)
RETURN count(n) AS written;

// name: transferWriteNodeNetwork
// Creates or replaces networks from an import batch: each row holds all the node's properties, its id and version.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Network
SET n = row.properties
RETURN count(n) AS written;

// name: transferWriteNodeDepartment
// Creates or replaces departments from an import batch: each row holds all the node's properties, its id and version.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Department
SET n = row.properties
RETURN count(n) AS written;

// name: transferWriteNodePartner
// Creates or replaces partners from an import batch: each row holds all the node's properties, its id and version.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Partner
SET n = row.properties
RETURN count(n) AS written;

// name: transferWriteNodeTraining
// Creates or replaces trainings from an import batch: each row holds all the node's properties, its id and version.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Training
SET n = row.properties
RETURN count(n) AS written;

// name: transferWriteNodeOutcome
// Creates or replaces outcomes from an import batch: each row holds all the node's properties, its id and version.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Outcome
SET n = row.properties
RETURN count(n) AS written;

// name: transferWriteNodeForum
// Creates or replaces forums from an import batch: each row holds all the node's properties, its id and version.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Forum
SET n = row.properties
RETURN count(n) AS written;

// name: transferWriteNodeProject
// Creates or replaces projects from an import batch: each row holds all the node's properties, its id and version.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Project
SET n = row.properties
RETURN count(n) AS written;

// name: transferWriteNodeUnit
// Creates or replaces units from an import batch: each row holds all the node's properties, its id and version; a source's next run writes back the fields it owns.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Unit
SET n = row.properties
WITH n
@resync(n)
RETURN count(n) AS written;

// name: transferWriteRelWORKS_IN
// Creates or replaces WORKS_IN relations from an import batch (ends checked by the import): all properties and version; a source's next run writes back those it owns.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:WORKS_IN]->(b)
SET r = row.properties
WITH a, r
@resync(a)
RETURN count(r) AS written;

// name: transferWriteRelLEADS
// Creates or replaces LEADS relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:LEADS]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelPARTICIPATES_IN
// Creates or replaces PARTICIPATES_IN relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:PARTICIPATES_IN]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelCOLLABORATES_WITH
// Creates or replaces COLLABORATES_WITH relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:COLLABORATES_WITH]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelOFFERED_BY
// Creates or replaces OFFERED_BY relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:OFFERED_BY]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelCOMPLETED
// Creates or replaces COMPLETED relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:COMPLETED]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelCREATED
// Creates or replaces CREATED relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:CREATED]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelREPORTED_TO
// Creates or replaces REPORTED_TO relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:REPORTED_TO]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelINITIATED
// Creates or replaces INITIATED relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:INITIATED]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelCONTINUED_AS
// Creates or replaces CONTINUED_AS relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:CONTINUED_AS]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelSPAWNED
// Creates or replaces SPAWNED relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:SPAWNED]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelKNOWS
// Creates or replaces KNOWS relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:KNOWS]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelMEMBER_OF
// Creates or replaces MEMBER_OF relations from an import batch (ends checked by the import): all properties and version; a source's next run writes back those it owns.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:MEMBER_OF]->(b)
SET r = row.properties
WITH a, r
@resync(a)
RETURN count(r) AS written;

// name: transferWriteRelPART_OF
// Creates or replaces PART_OF relations from an import batch (ends checked by the import): all properties and version; a source's next run writes back those it owns.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:PART_OF]->(b)
SET r = row.properties
WITH a, r
@resync(a)
RETURN count(r) AS written;

// name: transferWriteRelROLLS_UP_TO
// Creates or replaces ROLLS_UP_TO relations from an import batch (ends checked by the import): all properties and version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:ROLLS_UP_TO]->(b)
SET r = row.properties
RETURN count(r) AS written;

// name: transferWriteRelREPORTS_TO
// Creates or replaces REPORTS_TO relations from an import batch (ends checked by the import): all properties and version; a source's next run writes back those it owns.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:REPORTS_TO]->(b)
SET r = row.properties
WITH a, r
@resync(a)
RETURN count(r) AS written;

// name: transferLockNodes
// Takes the write locks of these nodes before an import reads them (held to the transaction's end), so no edit in between is lost.
MATCH (n:Entity)
WHERE n.id IN $ids
SET n._lock = true
RETURN count(n) AS locked;

// name: transferUnlockNodes
// Drops the lock marks an import set on these nodes (the locks themselves end with the transaction).
MATCH (n:Entity)
WHERE n.id IN $ids
REMOVE n._lock
RETURN count(n) AS unlocked;

// name: transferLockRelations
// Takes the write locks of these relations before an import reads them, each named by its source, type and target.
UNWIND $keys AS k
MATCH (a:Entity {id: k.source})-[r]->(b:Entity {id: k.target})
WHERE type(r) = k.type
SET r._lock = true
RETURN count(r) AS locked;

// name: transferUnlockRelations
// Drops the lock marks an import set on these relations.
UNWIND $keys AS k
MATCH (a:Entity {id: k.source})-[r]->(b:Entity {id: k.target})
WHERE type(r) = k.type
REMOVE r._lock
RETURN count(r) AS unlocked;

// name: transferDepartmentsByKey
// The departments a Person CSV's department column names: by id, or by name in any letter case.
MATCH (d:Department)
WHERE d.id IN $keys OR toLower(d.name) IN $lowered
RETURN d.id AS id, d.name AS name;
