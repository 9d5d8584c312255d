import { noRows, none, write } from '../server/common/declare.js';

// Schema statements: no parameters, no rows; server/common/db/schema.ts runs them in file order, each on its own.

/** Every node is also an :Entity, so an id is unique across kinds and /api/nodes/:id finds it through one index. */
export const schemaEntityId = write(none, noRows);

/** Every person has a unique id. */
export const schemaPersonId = write(none, noRows);

/** Every department has a unique id. */
export const schemaDepartmentId = write(none, noRows);

/** Every network has a unique id. */
export const schemaNetworkId = write(none, noRows);

/** Every external partner has a unique id. */
export const schemaPartnerId = write(none, noRows);

/** Every training has a unique id. */
export const schemaTrainingId = write(none, noRows);

/** Every outcome (a petal of a network's flower) has a unique id. */
export const schemaOutcomeId = write(none, noRows);

/** Every forum (Chefforum, KommuneMED) has a unique id. */
export const schemaForumId = write(none, noRows);

/** Every project a network continued as or spawned has a unique id. */
export const schemaProjectId = write(none, noRows);

/** Every unit of a source's organisation tree has a unique id. */
export const schemaUnitId = write(none, noRows);

/** A sync record is found by its key (source, kind and the source's id), and no two share one. */
export const schemaSyncRecordKey = write(none, noRows);

/** A run reads every record of its source at once. */
export const schemaSyncRecordSource = write(none, noRows);

/** One state and one column mapping per source. */
export const schemaSyncSourceName = write(none, noRows);

/** One sync lease by name, so two runs cannot both take it. */
export const schemaSyncLockName = write(none, noRows);

/** Every recorded sync run has a unique id. */
export const schemaSyncRunId = write(none, noRows);

/** A source's runs are read newest first. */
export const schemaSyncRunNs = write(none, noRows);

/** A session is found by the hash of its cookie token, and no two sessions share one. */
export const schemaSessionToken = write(none, noRows);

/** A user's sessions are found by subject (ended when an admin changes their roles). */
export const schemaSessionSub = write(none, noRows);

/** A sign-in in progress is found by the hash of its cookie value, used once. */
export const schemaPendingLogin = write(none, noRows);

/** An admin-granted role is held once per user. */
export const schemaRoleGrant = write(none, noRows);

/** An admin's link from a user (the provider's subject) to their Person: one per user, found by subject. */
export const schemaUserLink = write(none, noRows);

/** An erasure is remembered once per person (by the hash of their id). */
export const schemaErasureHash = write(none, noRows);

/** Every recorded change has a unique id. */
export const schemaChangeId = write(none, noRows);

/** Each data migration is recorded once, by its version (server/common/db/migrations.ts). */
export const schemaMigrationVersion = write(none, noRows);

/** A node's history is read by the id of the node it changed. */
export const schemaChangeTarget = write(none, noRows);

/** Every survey round has a unique id. */
export const schemaSurveyRoundId = write(none, noRows);

/** A survey answer is one per round and person (its id roundId|personId). */
export const schemaSurveyAnswerId = write(none, noRows);

/** A round's answers are read together (its results, its individual answers). */
export const schemaSurveyAnswerRound = write(none, noRows);

/** A person's answers are read for their data export and deleted when they are erased. */
export const schemaSurveyAnswerPerson = write(none, noRows);

/** A network's rounds are read by its id. */
export const schemaSurveyRoundNetwork = write(none, noRows);

/** A topic that found no one is counted once per ISO week: one row per words and week. */
export const schemaSearchMiss = write(none, noRows);

/** The newest changes are read first (history pages, and the brokers cache's fingerprint). */
export const schemaChangeAt = write(none, noRows);

/** A network's new relations are the KNOWS relations whose `via` is the network (ripple). */
export const schemaKnowsVia = write(none, noRows);

/** Who am I: a person is found by their work e-mail in any case (the url_or_email analyzer keeps an address whole and in lower case). */
export const schemaPersonEmail = write(none, noRows);

/** Danish full-text index behind search: names, titles, themes and remarks. */
export const schemaSearchIndex = write(none, noRows);

/** Waits until the indexes above are online, so the first search after start finds everything. */
export const schemaAwaitIndexes = write(none, noRows);
