/**
 * What every source of the organisation (an HR file, LDAP / Active Directory, Entra ID, OS2mo) gives
 * the sync engine: a snapshot of units and people in the source's own terms. Adapters only read and
 * map; the engine (server/sync/engine.ts) validates every record, compares it with the graph, plans
 * and writes. So an adapter never touches Neo4j, and every way in shares one set of rules.
 */
import type { SOURCE_ERRORS, SOURCE_NAMES } from '../../api/sync.js';

export type SourceName = (typeof SOURCE_NAMES)[number];

export type SourceErrorCode = (typeof SOURCE_ERRORS)[number];

/**
 * Why a source could not be read: a code from a fixed list, which the page and the command line
 * word in the user's language, and the adapter's technical message (never a secret) as the detail.
 * Adapters throw this (or a subclass of their own); the engine records {code, detail} on the run.
 */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    readonly code: SourceErrorCode,
    detail: string,
  ) {
    super(detail);
  }
  get detail(): string {
    return this.message;
  }
}

/** The KLE aspects OS2mo keeps on a unit, strongest first: who is responsible, who does it, who has insight. */
export const KLE_ASPECTS = ['ansvarlig', 'udfoerende', 'indsigt'] as const;
export type KleAspect = (typeof KLE_ASPECTS)[number];

export type SnapshotKle = {
  /** The KLE number as KL writes it: "27.24" (group), "27.24.08" (subject). */
  number: string;
  /** The title when the source has it ("Børn og unge med handicap"); else the KLE file's, if loaded. */
  title?: string;
  aspect: KleAspect;
};

export type SnapshotUnit = {
  /** Stable id in the source (OS2mo uuid, an OU's DN or objectGUID, the HR file's unit text). */
  sourceId: string;
  name: string;
  /** The parent unit's sourceId; null for a root. */
  parentId: string | null;
  /** Undefined when the source has no KLE (then KLE already on the unit stays). */
  kle?: SnapshotKle[];
};

/**
 * One person. A field left undefined is not delivered by this source, so the engine leaves it as it
 * is in the graph; a delivered field (even null: "the source has it empty") is owned by the source
 * and overwritten on every run.
 */
export type SnapshotPerson = {
  /** Stable id in the source (objectGUID, Entra object id, OS2mo uuid, employee number). */
  sourceId: string;
  name: string;
  title?: string | null;
  email?: string | null;
  phone?: string | null;
  /** sourceIds of the units the person works in (several engagements give several). */
  unitIds: string[];
  /** sourceId of the person's manager, when delivered. */
  managerId?: string | null;
  /** False when the source still lists the person but says they have left (AD's disabled account). */
  active: boolean;
};

/** A record an adapter could not even map (no id, unreadable row); the engine adds its own refusals. */
export type SourceRefusal = {
  /** Where in the source: a sourceId, a DN, "række 17". */
  record: string;
  /** A code the client words: 'missingId', 'missingName', 'unreadable', … (see api/sync.ts REFUSAL_REASONS). */
  reason: string;
  field?: string;
  /**
   * The record's sourceId when the source still knows it (an HR row with an id but an unreadable
   * cell): the record is refused, not gone, so a complete snapshot must not end that person.
   */
  sourceId?: string;
};

export type Snapshot =
  /** Everything the source has: a person not in it has left. */
  | { complete: true; units: SnapshotUnit[]; people: SnapshotPerson[]; refused: SourceRefusal[] }
  /** Only what changed since `state` (Entra's delta query): `removed` lists sourceIds that are gone. */
  | {
      complete: false;
      units: SnapshotUnit[];
      people: SnapshotPerson[];
      removed: string[];
      refused: SourceRefusal[];
    }
  /**
   * Only the people changed since `state`, but every unit, and in `present` the sourceId of every
   * person the source still has (LDAP's incremental read, which cannot name who was deleted): a person
   * not present has left, and a unit not given is gone, as in a complete snapshot.
   */
  | {
      complete: false;
      units: SnapshotUnit[];
      people: SnapshotPerson[];
      present: string[];
      refused: SourceRefusal[];
    };

export type SourceRead = {
  snapshot: Snapshot;
  /**
   * What the next run starts from (Entra's @odata.deltaLink); null when the source has none. The engine
   * keeps it in Neo4j only after the snapshot is applied, so a failed run starts again where it was.
   */
  state: string | null;
};

export interface SyncSource {
  /** 'hr', 'ldap', 'entra' or 'os2mo': the history says "synkronisering: <name>". */
  readonly name: SourceName;
  /**
   * Reads the whole answer before the engine writes anything: a source that fails, times out or answers
   * half throws (or is aborted through `signal`), and nothing changes.
   */
  read(input: { state: string | null; day: string; signal: AbortSignal }): Promise<SourceRead>;
}
