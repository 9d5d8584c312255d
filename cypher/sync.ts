import { z } from 'zod';
import { ids, int, maybeString, neo4jDay, properties, read, write } from '../server/common/declare.js';

// Synchronisation with the organisation's systems of record (server/sync/engine.ts). `source` is the
// record namespace: a source's name, or in tests that name with a scope.

const source = z.string();
const written = z.object({ written: int });
const lease = { name: z.string(), holder: z.string() };
/** A day as the run's relations write it ('YYYY-MM-DD'), with the Neo4j dates server/common/days.ts makes of it. */
const dated = { day: z.iso.date(), firstDay: neo4jDay };
const ending = { day: z.iso.date(), dayBefore: z.iso.date(), lastDay: neo4jDay };

/** Takes the one sync lease when it is free, expired or already this holder's; no row when another run holds it. */
export const syncLockTake = write(z.object({ ...lease, leaseMs: int }), z.object({ holder: z.string() }));

/** Renews the lease while its holder runs; no row when the lease was lost (expired and taken by another). */
export const syncLockRenew = write(z.object({ ...lease, leaseMs: int }), z.object({ holder: z.string() }));

/** Gives the lease back (only its holder can). */
export const syncLockRelease = write(z.object(lease), z.object({ released: int }));

/** What the source's next read starts from (Entra's deltaLink), kept after its last applied run. */
export const syncSourceState = read(z.object({ source }), z.object({ state: maybeString }));

/** Keeps what the source's next read starts from, once a run is applied. */
export const syncSourceSaveState = write(z.object({ source, state: maybeString }), z.object({ name: z.string() }));

/** Every record of a source with its kind, hash and the node it stands for (none when that was deleted or erased), and a person's leftOn. */
export const syncRecords = read(
  z.object({ source }),
  z.object({
    kind: z.enum(['person', 'unit']),
    sourceId: z.string(),
    /** Null once a write in Ringe to the node cleared it (@resync): the next run compares the node field by field. */
    hash: maybeString,
    personHash: maybeString,
    id: maybeString,
    leftOn: maybeString,
  }),
);

/** The units of a source as the graph holds them: name, parent unit, KLE lists and the day they left the source's tree. */
export const syncUnits = read(
  z.object({ source }),
  z.object({
    sourceId: z.string(),
    id: z.string(),
    name: z.string(),
    parentId: maybeString,
    kleNumbers: z.array(z.string()),
    kleAspects: z.array(z.string()),
    kleTitles: z.array(z.string()),
    goneOn: maybeString,
  }),
);

/** Every unit with its parent and the department the admin mapped it to, for the roll-up to departments. */
export const syncUnitTree = read(
  z.object({}),
  z.object({ id: z.string(), parentId: maybeString, departmentId: maybeString }),
);

/** Every department's id and name, for mapping a new unit of the same name. */
export const syncDepartments = read(z.object({}), z.object({ id: z.string(), name: maybeString }));

/** The titles of these KLE numbers from the loaded KLE file (:KleSubject nodes), where there is one. */
export const syncKleTitles = read(z.object({ numbers: ids }), z.object({ number: z.string(), title: maybeString }));

/** The node ids that start with one of these slugs, so a new unit's id can be suffixed until it is free. */
export const syncTakenIds = read(z.object({ slugs: ids }), z.object({ id: z.string() }));

/** People with one of these work e-mails (lower case), for linking a joiner to them instead of doubling them. */
export const syncPeopleByEmail = read(z.object({ emails: ids }), z.object({ id: z.string(), email: z.string() }));

/** The same for a few e-mails, each through the person_email index: `lucene` is the e-mail as a Lucene phrase. */
export const syncPeopleByEmailFew = read(
  z.object({ rows: z.array(z.object({ email: z.string(), lucene: z.string() })) }),
  z.object({ id: z.string(), email: z.string() }),
);

/** These people as the graph holds them now: contact fields, leftOn, their open memberships of this source and its manager. */
export const syncPeopleNow = read(
  z.object({ source, ids }),
  z.object({
    id: z.string(),
    name: maybeString,
    title: maybeString,
    email: maybeString,
    phone: maybeString,
    leftOn: maybeString,
    unitIds: z.array(z.string()),
    managerId: maybeString,
  }),
);

/** Creates new units with their records (a record left by a deleted unit is pointed at the new one). */
export const syncUnitsCreate = write(
  z.object({
    source,
    rows: z
      .array(z.object({ id: z.string(), key: z.string(), sourceId: z.string(), hash: z.string(), props: properties }))
      .readonly(),
  }),
  written,
);

/** Writes the changed fields of known units (a null removes one) and their records' hashes. */
export const syncUnitsUpdate = write(
  z.object({ rows: z.array(z.object({ key: z.string(), hash: z.string(), props: properties })).readonly() }),
  written,
);

/** Sets the parent of these units (null: a root of the tree) in place of the one they had. */
export const syncUnitsParent = write(
  z.object({ source, rows: z.array(z.object({ id: z.string(), parentId: maybeString })).readonly() }),
  written,
);

/** Marks units that left a complete snapshot's tree; the node, its place in the tree and its mapping stay. */
export const syncUnitsGone = write(z.object({ ids, day: z.iso.date() }), written);

/** Maps new units to the department of the same name (the admin may change it). */
export const syncUnitsMap = write(
  z.object({ rows: z.array(z.object({ unitId: z.string(), departmentId: z.string() })).readonly() }),
  written,
);

/** Sets the department a unit rolls up to (null: none), answering the one it had. */
export const syncUnitDepartment = write(
  z.object({ unitId: z.string(), departmentId: maybeString }),
  z.object({ id: z.string(), before: maybeString, after: maybeString }),
);

const joiner = z.object({
  id: z.string(),
  key: z.string(),
  sourceId: z.string(),
  hash: z.string(),
  fields: ids,
  personHash: z.string(),
  props: properties,
  unitIds: ids,
  departmentIds: ids,
});

/** Creates joiners no node stands for yet: person, record, memberships and the WORKS_IN they roll up to. */
export const syncPeopleCreate = write(z.object({ source, ...dated, rows: z.array(joiner).readonly() }), written);

/** Writes the other joiners: the person their e-mail matched (or a new one where a record's person was deleted). */
export const syncPeopleJoin = write(z.object({ source, ...dated, rows: z.array(joiner).readonly() }), written);

/** Writes changed and returning people: fields, record, memberships ended and begun. */
export const syncPeopleUpdate = write(
  z.object({
    source,
    ...dated,
    dayBefore: z.iso.date(),
    lastDay: neo4jDay,
    rows: z
      .array(
        z.object({
          key: z.string(),
          hash: z.string(),
          fields: ids,
          props: properties,
          endUnitIds: ids,
          startUnitIds: ids,
        }),
      )
      .readonly(),
  }),
  written,
);

/** Ends leavers: leftOn, and every open WORKS_IN and MEMBER_OF ends the day before. */
export const syncPeopleLeave = write(
  z.object({ source, ...ending, rows: z.array(z.object({ key: z.string(), hash: maybeString })).readonly() }),
  written,
);

/** Keeps the new hash of records whose change needs no other write (null: a failed run's records, compared field by field next). */
export const syncPeopleHash = write(
  z.object({ rows: z.array(z.object({ key: z.string(), hash: maybeString })).readonly() }),
  written,
);

/** Sets the manager this source names for these people in place of the one it named before. */
export const syncPeopleManagers = write(
  z.object({ source, rows: z.array(z.object({ id: z.string(), managerId: maybeString })).readonly() }),
  written,
);

/** Sets the manager this source names for joiners, who have none of this source yet. */
export const syncPeopleManagersNew = write(
  z.object({ source, rows: z.array(z.object({ id: z.string(), managerId: z.string() })).readonly() }),
  written,
);

/** The people with an open membership (of any source) in one of these units. */
export const syncMembersOfUnits = read(z.object({ unitIds: ids }), z.object({ id: z.string() }));

/** A person's open memberships as [source, unit id] and derived WORKS_IN as [source, department id, element id, since]. */
const memberships = z.object({
  id: z.string(),
  memberOf: z.array(z.tuple([z.string(), z.string()])),
  worksIn: z.array(z.tuple([z.string(), z.string(), z.string(), maybeString])),
});

/** The open memberships of these people, by source, and their open WORKS_IN a source derived from them. */
export const syncMembershipsOf = read(z.object({ ids }), memberships);

/** The same for every person with an open membership or derived WORKS_IN. */
export const syncMembershipsAll = read(z.object({}), memberships);

/** Ends derived WORKS_IN by element id the day before (deleted when begun that day). */
export const syncDerivedEnd = write(z.object({ refs: ids, ...ending }), written);

/** Begins derived WORKS_IN on the day: a person's unit rolls up to the department. */
export const syncDerivedStart = write(
  z.object({
    ...dated,
    rows: z.array(z.object({ personId: z.string(), departmentId: z.string(), source: z.string() })).readonly(),
  }),
  written,
);

/** Records a run (its plan as JSON text) and keeps only the newest 50 of its source. */
export const syncRunRecord = write(
  z.object({
    id: z.string(),
    source: z.string(),
    ns: z.string(),
    status: z.string(),
    dryRun: z.boolean(),
    forced: z.boolean(),
    startedAt: z.string(),
    endedAt: z.string(),
    startedBy: z.string(),
    plan: maybeString,
    error: maybeString,
  }),
  z.object({ pruned: int }),
);

/** The newest runs of a source, newest first. */
export const syncRuns = read(
  z.object({ ns: z.string(), limit: int }),
  z.object({
    id: z.string(),
    source: z.string(),
    status: z.string(),
    dryRun: z.boolean(),
    forced: z.boolean(),
    startedAt: z.string(),
    endedAt: z.string(),
    startedBy: z.string(),
    plan: maybeString,
    error: maybeString,
  }),
);
