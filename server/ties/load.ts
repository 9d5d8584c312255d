import type { ReadQueries, RowOf } from '../common/queries.js';

/** Departments in one answer: a municipality has a handful, this only guards against a flood. */
export const MAX_DEPARTMENTS = 500;

/** One person of the tie graph: id, name and the departments they work in, by id (a tie counts for each: server/ties/departments.ts). */
export interface TiePerson {
  id: string;
  name: string;
  departments: { id: string; name: string }[];
  /** Still there on the day (has not left); ties count everyone, contacts' rosters only them. Default true. */
  present?: boolean;
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

const nameOf = (r: { id: string; name: string | null }) => r.name ?? r.id;

/** What changes when the graph does: the newest recorded change and the counts of people and relationships. */
export const fingerprintOf = (r: RowOf<'tiesFingerprint'> | undefined) =>
  JSON.stringify([r?.lastChange ?? null, r?.people ?? 0, r?.relationships ?? 0]);

/**
 * Reads the tie graph on day `day` in the caller's read transaction, with the fingerprint of
 * the graph it was read from (read in the same transaction, so the two always match).
 */
export async function loadTies(t: ReadQueries, day: string): Promise<{ fingerprint: string; source: TieSource }> {
  const [fp] = await t.tiesFingerprint();
  const people = await t.tiesPeople({ at: day });
  const groups = await t.tiesGroups({ at: day });
  const knows = await t.tiesKnows({ at: day });
  const departments = await t.tiesDepartments({ limit: MAX_DEPARTMENTS });
  return {
    fingerprint: fingerprintOf(fp),
    source: {
      people: people.map((r) => ({
        id: r.id,
        name: nameOf(r),
        present: r.present,
        departments: r.departments.map((d) => ({ id: d.id, name: nameOf(d) })),
      })),
      groups: groups.map((r) => ({ id: r.id, name: nameOf(r), via: r.via, people: r.people })),
      knows: knows.flatMap((r) => r.known.map((b): [string, string] => [r.id, b])),
      departments: departments.map((r) => ({ id: r.id, name: nameOf(r) })),
    },
  };
}
