import type { Row, Tx } from '../common/db/index.js';
import type { Queries } from '../common/queries.js';

/** Departments in one answer: a municipality has a handful, this only guards against a flood. */
export const MAX_DEPARTMENTS = 500;

/** One person of the tie graph: id, name and the departments they work in, by id (a tie counts for each: server/ties/departments.ts). */
export interface TiePerson {
  id: string;
  name: string;
  departments: { id: string; name: string }[];
}

/** A network or a training shared by more than one person: each pair of its people is tied. */
export interface TieGroup {
  id: string;
  name: string;
  via: 'network' | 'training';
  people: string[];
}

/** The tie graph among people on one day, as read from the database (cypher/ties.cypher). */
export interface TieSource {
  /** People by id. */
  people: TiePerson[];
  groups: TieGroup[];
  /** KNOWS relations by their two people's ids, one per relationship, either direction. */
  knows: [string, string][];
  /** Every department by name (then id). */
  departments: { id: string; name: string }[];
}

const nameOf = (r: Row) => (r.name as string | null) ?? (r.id as string);

/** What changes when the graph does: the newest recorded change and the counts of people and relationships. */
export const fingerprintOf = (r: Row | undefined) =>
  JSON.stringify([r?.lastChange ?? null, r?.people ?? 0, r?.relationships ?? 0]);

/**
 * Reads the tie graph on day `day` in the caller's read transaction, with the fingerprint of
 * the graph it was read from (read in the same transaction, so the two always match).
 */
export async function loadTies(
  tx: Tx,
  queries: Queries,
  day: string,
): Promise<{ fingerprint: string; source: TieSource }> {
  const [fp] = await tx.run(queries.get('tiesFingerprint'));
  const people = await tx.run(queries.get('tiesPeople'), { at: day });
  const groups = await tx.run(queries.get('tiesGroups'), { at: day });
  const knows = await tx.run(queries.get('tiesKnows'), { at: day });
  const departments = await tx.run(queries.get('tiesDepartments'), { limit: MAX_DEPARTMENTS });
  return {
    fingerprint: fingerprintOf(fp),
    source: {
      people: people.map((r) => ({
        id: r.id as string,
        name: nameOf(r),
        departments: ((r.departments as Row[] | null) ?? []).map((d) => ({ id: d.id as string, name: nameOf(d) })),
      })),
      groups: groups.map((r) => ({
        id: r.id as string,
        name: nameOf(r),
        via: r.via as TieGroup['via'],
        people: r.people as string[],
      })),
      knows: knows.flatMap((r) => (r.known as string[]).map((b): [string, string] => [r.id as string, b])),
      departments: departments.map((r) => ({ id: r.id as string, name: nameOf(r) })),
    },
  };
}
