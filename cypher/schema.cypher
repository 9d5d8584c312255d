// Ringe's schema. Every statement is idempotent (IF NOT EXISTS) and runs at each start, in order.

// name: schemaEntityId
// Every node is also an :Entity, so an id is unique across kinds and /api/nodes/:id finds it through one index.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;

// name: schemaPersonId
// Every person has a unique id.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;

// name: schemaDepartmentId
// Every department has a unique id.
CREATE CONSTRAINT department_id IF NOT EXISTS FOR (n:Department) REQUIRE n.id IS UNIQUE;

// name: schemaNetworkId
// Every network has a unique id.
CREATE CONSTRAINT network_id IF NOT EXISTS FOR (n:Network) REQUIRE n.id IS UNIQUE;

// name: schemaPartnerId
// Every external partner has a unique id.
CREATE CONSTRAINT partner_id IF NOT EXISTS FOR (n:Partner) REQUIRE n.id IS UNIQUE;

// name: schemaTrainingId
// Every training has a unique id.
CREATE CONSTRAINT training_id IF NOT EXISTS FOR (n:Training) REQUIRE n.id IS UNIQUE;

// name: schemaOutcomeId
// Every outcome (a petal of a network's flower) has a unique id.
CREATE CONSTRAINT outcome_id IF NOT EXISTS FOR (n:Outcome) REQUIRE n.id IS UNIQUE;

// name: schemaForumId
// Every forum (Chefforum, KommuneMED) has a unique id.
CREATE CONSTRAINT forum_id IF NOT EXISTS FOR (n:Forum) REQUIRE n.id IS UNIQUE;

// name: schemaProjectId
// Every project a network continued as or spawned has a unique id.
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;

// name: schemaUnitId
// Every unit of a source's organisation tree has a unique id.
CREATE CONSTRAINT unit_id IF NOT EXISTS FOR (n:Unit) REQUIRE n.id IS UNIQUE;

// name: schemaSyncRecordKey
// A sync record is found by its key (source, kind and the source's id), and no two share one.
CREATE CONSTRAINT sync_record_key IF NOT EXISTS FOR (r:SyncRecord) REQUIRE r.key IS UNIQUE;

// name: schemaSyncRecordSource
// A run reads every record of its source at once.
CREATE INDEX sync_record_source IF NOT EXISTS FOR (r:SyncRecord) ON (r.source);

// name: schemaSyncSourceName
// One state and one column mapping per source.
CREATE CONSTRAINT sync_source_name IF NOT EXISTS FOR (s:SyncSource) REQUIRE s.name IS UNIQUE;

// name: schemaSyncLockName
// One sync lease by name, so two runs cannot both take it.
CREATE CONSTRAINT sync_lock_name IF NOT EXISTS FOR (l:SyncLock) REQUIRE l.name IS UNIQUE;

// name: schemaSyncRunId
// Every recorded sync run has a unique id.
CREATE CONSTRAINT sync_run_id IF NOT EXISTS FOR (r:SyncRun) REQUIRE r.id IS UNIQUE;

// name: schemaSyncRunNs
// A source's runs are read newest first.
CREATE INDEX sync_run_ns IF NOT EXISTS FOR (r:SyncRun) ON (r.ns);

// name: schemaSessionToken
// A session is found by the hash of its cookie token, and no two sessions share one.
CREATE CONSTRAINT session_token IF NOT EXISTS FOR (s:Session) REQUIRE s.tokenHash IS UNIQUE;

// name: schemaSessionSub
// A user's sessions are found by subject (ended when an admin changes their roles).
CREATE INDEX session_sub IF NOT EXISTS FOR (s:Session) ON (s.sub);

// name: schemaPendingLogin
// A sign-in in progress is found by the hash of its cookie value, used once.
CREATE CONSTRAINT pending_login_id IF NOT EXISTS FOR (p:PendingLogin) REQUIRE p.idHash IS UNIQUE;

// name: schemaRoleGrant
// An admin-granted role is held once per user.
CREATE CONSTRAINT role_grant IF NOT EXISTS FOR (g:RoleGrant) REQUIRE (g.sub, g.role) IS UNIQUE;

// name: schemaUserLink
// An admin's link from a user (the provider's subject) to their Person: one per user, found by subject.
CREATE CONSTRAINT user_link_sub IF NOT EXISTS FOR (l:UserLink) REQUIRE l.sub IS UNIQUE;

// name: schemaErasureHash
// An erasure is remembered once per person (by the hash of their id).
CREATE CONSTRAINT erasure_hash IF NOT EXISTS FOR (e:Erasure) REQUIRE e.idHash IS UNIQUE;

// name: schemaChangeId
// Every recorded change has a unique id.
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE;

// name: schemaMigrationVersion
// Each data migration is recorded once, by its version (server/common/db/migrations.ts).
CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:Migration) REQUIRE m.version IS UNIQUE;

// name: schemaChangeTarget
// A node's history is read by the id of the node it changed.
CREATE INDEX change_target IF NOT EXISTS FOR (c:Change) ON (c.targetId);

// name: schemaSurveyRoundId
// Every survey round has a unique id.
CREATE CONSTRAINT survey_round_id IF NOT EXISTS FOR (r:SurveyRound) REQUIRE r.id IS UNIQUE;

// name: schemaSurveyAnswerId
// A survey answer is one per round and person (its id roundId|personId), so a second answer replaces the first.
CREATE CONSTRAINT survey_answer_id IF NOT EXISTS FOR (a:SurveyAnswer) REQUIRE a.id IS UNIQUE;

// name: schemaSurveyAnswerRound
// A round's answers are read together (its results, its individual answers).
CREATE INDEX survey_answer_round IF NOT EXISTS FOR (a:SurveyAnswer) ON (a.roundId);

// name: schemaSurveyAnswerPerson
// A person's answers are read for their data export and deleted when they are erased.
CREATE INDEX survey_answer_person IF NOT EXISTS FOR (a:SurveyAnswer) ON (a.personId);

// name: schemaSurveyRoundNetwork
// A network's rounds are read by its id.
CREATE INDEX survey_round_network IF NOT EXISTS FOR (r:SurveyRound) ON (r.networkId);

// name: schemaSearchMiss
// A topic that found no one is counted once per ISO week: one row per words and week (MERGE finds it by this index).
CREATE CONSTRAINT search_miss IF NOT EXISTS FOR (m:SearchMiss) REQUIRE (m.words, m.week) IS UNIQUE;

// name: schemaChangeAt
// The newest changes are read first (history pages, and the brokers cache's fingerprint).
CREATE INDEX change_at IF NOT EXISTS FOR (c:Change) ON (c.at);

// name: schemaKnowsVia
// A network's new relations are the KNOWS relations whose `via` is the network (ripple).
CREATE INDEX knows_via IF NOT EXISTS FOR ()-[k:KNOWS]-() ON (k.via);

// name: schemaPersonEmail
// Who am I: a person is found by their work e-mail in any case (the url_or_email analyzer keeps an address whole and in lower case).
CREATE FULLTEXT INDEX person_email IF NOT EXISTS FOR (n:Person) ON EACH [n.email]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'url_or_email' } };

// name: schemaSearchIndex
// Danish full-text index behind search: names, titles, themes, remarks and units' KLE subjects (kleText: "27.24 Børn og unge med handicap").
// A change here reaches a database made before it only through a migration that drops the index (server/common/db/migrations.ts).
CREATE FULLTEXT INDEX ringe_search IF NOT EXISTS
FOR (n:Person|Network|Department|Partner|Training|Outcome|Forum|Project|Unit)
ON EACH [n.name, n.title, n.theme, n.remarks, n.kleText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'danish' } };

// name: schemaAwaitIndexes
// Waits until the indexes above are online, so the first search after start finds everything.
CALL db.awaitIndexes(60);
