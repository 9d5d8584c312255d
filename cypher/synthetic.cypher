// The synthetic municipality's bulk load (seed/synthetic/load.ts): one query per kind and per
// relation type, because Cypher cannot take a label or type as a parameter; the loader picks them
// by the names in KINDS and REL_TYPES (api/common.ts) only. Rows come in batches of 10,000, each
// row flat: the id (or the ends' element ids) and the properties. A property that is null in a
// CREATE pattern is not stored, and listing the properties beats `SET n += map` on a bulk load.
// Nodes and relations are CREATEd, not MERGEd: the loader refuses to write while earlier synthetic
// data is there (--replace deletes it first), and the unique id constraint would stop a second copy
// anyway. A node query answers the element id of each node it made, and the relation queries find
// their ends by those (a seek straight to the node's record) instead of the :Entity id index: on
// the 500,000 relations of 50,000 people that is a third less work for Neo4j.

// name: syntheticCount
// How many synthetic nodes the database holds (id starting with $prefix and source = $source), survey rounds and their answers included.
CALL () {
  MATCH (n:Entity)
  WHERE n.id STARTS WITH $prefix AND n.source = $source
  RETURN count(n) AS entities
}
CALL () {
  MATCH (r:SurveyRound)
  WHERE r.id STARTS WITH $prefix AND r.source = $source
  RETURN count(r) AS rounds
}
CALL () {
  MATCH (a:SurveyAnswer)
  WHERE a.id STARTS WITH $prefix
  RETURN count(a) AS answers
}
RETURN entities + rounds + answers AS nodes;

// name: syntheticDeleteBatch
// Deletes up to $limit synthetic nodes with all their relations; the loader repeats it until none are left.
MATCH (n:Entity)
WHERE n.id STARTS WITH $prefix AND n.source = $source
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted;

// name: syntheticDeleteSurveysBatch
// Deletes up to $limit synthetic survey rounds and answers; the loader repeats it until none are left. Every answer to a synthetic round goes (its id is roundId|personId, so it starts with $prefix), also one given through the app, whose source is not synthetic.
CALL () {
  MATCH (n:SurveyAnswer)
  WHERE n.id STARTS WITH $prefix
  RETURN n
  UNION ALL
  MATCH (n:SurveyRound)
  WHERE n.id STARTS WITH $prefix AND n.source = $source
  RETURN n
}
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted;

// name: syntheticNodesPerson
// Creates a batch of synthetic people from rows of id and properties; answers each node's id and element id.
UNWIND $rows AS row
CREATE (n:Entity:Person {id: row.id, name: row.name, title: row.title, email: row.email, phone: row.phone, source: row.source})
RETURN collect([n.id, elementId(n)]) AS created;

// name: syntheticNodesNetwork
// Creates a batch of synthetic networks from rows of id and properties; answers each node's id and element id.
UNWIND $rows AS row
CREATE (n:Entity:Network {id: row.id, name: row.name, kind: row.kind, theme: row.theme, status: row.status, phase: row.phase, remarks: row.remarks, startedAt: row.startedAt, endedAt: row.endedAt, firstDay: row.firstDay, source: row.source})
RETURN collect([n.id, elementId(n)]) AS created;

// name: syntheticNodesDepartment
// Creates a batch of synthetic departments from rows of id and properties; answers each node's id and element id.
UNWIND $rows AS row
CREATE (n:Entity:Department {id: row.id, name: row.name, source: row.source})
RETURN collect([n.id, elementId(n)]) AS created;

// name: syntheticNodesPartner
// Creates a batch of synthetic external partners from rows of id and properties; answers each node's id and element id.
UNWIND $rows AS row
CREATE (n:Entity:Partner {id: row.id, name: row.name, type: row.type, source: row.source})
RETURN collect([n.id, elementId(n)]) AS created;

// name: syntheticNodesTraining
// Creates a batch of synthetic trainings from rows of id and properties; answers each node's id and element id.
UNWIND $rows AS row
CREATE (n:Entity:Training {id: row.id, name: row.name, source: row.source})
RETURN collect([n.id, elementId(n)]) AS created;

// name: syntheticNodesOutcome
// Creates a batch of synthetic outcomes (petals of a network's flower) from rows of id and properties; answers each node's id and element id.
UNWIND $rows AS row
CREATE (n:Entity:Outcome {id: row.id, name: row.name, perspective: row.perspective, source: row.source})
RETURN collect([n.id, elementId(n)]) AS created;

// name: syntheticNodesForum
// Creates a batch of synthetic forums from rows of id and properties; answers each node's id and element id.
UNWIND $rows AS row
CREATE (n:Entity:Forum {id: row.id, name: row.name, source: row.source})
RETURN collect([n.id, elementId(n)]) AS created;

// name: syntheticNodesProject
// Creates a batch of synthetic projects from rows of id and properties; answers each node's id and element id.
UNWIND $rows AS row
CREATE (n:Entity:Project {id: row.id, name: row.name, kind: row.kind, source: row.source})
RETURN collect([n.id, elementId(n)]) AS created;

// name: syntheticRelWORKS_IN
// Creates a batch of synthetic WORKS_IN relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:WORKS_IN {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelLEADS
// Creates a batch of synthetic LEADS relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:LEADS {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelPARTICIPATES_IN
// Creates a batch of synthetic PARTICIPATES_IN relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:PARTICIPATES_IN {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelCOLLABORATES_WITH
// Creates a batch of synthetic COLLABORATES_WITH relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:COLLABORATES_WITH {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelOFFERED_BY
// Creates a batch of synthetic OFFERED_BY relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:OFFERED_BY {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelCOMPLETED
// Creates a batch of synthetic COMPLETED relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:COMPLETED {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelCREATED
// Creates a batch of synthetic CREATED relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:CREATED {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelREPORTED_TO
// Creates a batch of synthetic REPORTED_TO relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:REPORTED_TO {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelINITIATED
// Creates a batch of synthetic INITIATED relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:INITIATED {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelCONTINUED_AS
// Creates a batch of synthetic CONTINUED_AS relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:CONTINUED_AS {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelSPAWNED
// Creates a batch of synthetic SPAWNED relations between nodes found by element id (row.source, row.target), with their dates (and via, wording) where given.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:SPAWNED {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording}]->(b)
RETURN count(r) AS written;

// name: syntheticRelKNOWS
// Creates a batch of synthetic KNOWS relations between nodes found by element id (row.source, row.target), with their dates and via where given; one a survey answer wrote also has source 'survey' (row.origin: row.source is its start's element id), its round and version 1.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:KNOWS {since: row.since, until: row.until, firstDay: row.firstDay, lastDay: row.lastDay, via: row.via, wording: row.wording, source: row.origin, round: row.round, version: row.version}]->(b)
RETURN count(r) AS written;

// name: syntheticRounds
// Creates a batch of synthetic survey rounds (SurveyRound: no Entity and no relation, as the app stores them) from rows of id and properties.
UNWIND $rows AS row
CREATE (r:SurveyRound {id: row.id, networkId: row.networkId, opensOn: row.opensOn, closesOn: row.closesOn, closedOn: row.closedOn, askNamed: row.askNamed, asked: row.asked, createdAt: row.createdAt, createdBy: row.createdBy, source: row.source})
RETURN count(r) AS written;

// name: syntheticAnswers
// Creates a batch of synthetic survey answers (SurveyAnswer, ratings and texts as JSON text) from rows of id and properties.
UNWIND $rows AS row
CREATE (a:SurveyAnswer {id: row.id, roundId: row.roundId, networkId: row.networkId, personId: row.personId, at: row.at, departmentIds: row.departmentIds, named: row.named, ratings: row.ratings, texts: row.texts, source: row.source})
RETURN count(a) AS written;

// name: syntheticElementIds
// The element ids of the Entity nodes with the given ids (the ends of synthetic relations the load did not make itself).
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id, elementId(n) AS elementId;

// name: syntheticEmptyLists
// Sets the empty lists of imported survey rounds and answers (row.id, row.empty: each such property and []), which the bulk import's CSV cannot hold (seed/synthetic/import.ts).
UNWIND $rows AS row
CALL (row) {
  MATCH (n:SurveyAnswer {id: row.id})
  RETURN n
  UNION
  MATCH (n:SurveyRound {id: row.id})
  RETURN n
}
SET n += row.empty
RETURN count(n) AS written;
