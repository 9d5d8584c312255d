import type { Row, Tx } from '../db/index.js';
import type { Queries } from '../queries.js';
import { fingerprintOf } from '../ties/load.js';

/**
 * Who works where on one day: each department's people in the order contacts break ties in (name,
 * then id, by code point as Cypher orders), and each person's departments. Read once per day and
 * graph (GraphAnswers), so ranking a topic's contacts never walks a department of thousands.
 */
export interface Rosters {
  /** Person ids per department id, by name then id; a person without a name comes last, as in Cypher. */
  members: Map<string, string[]>;
  /** Department ids per person id, for people who work somewhere on the day. */
  departments: Map<string, string[]>;
  /** Every person's name (null when none) by id. */
  names: Map<string, string | null>;
  /** People who work in more than one department on the day. */
  several: string[];
}

/** Compares two people by name then id as Cypher's ORDER BY does: code points, a missing name last. */
export function byNameThenId(names: Map<string, string | null>) {
  return (x: string, y: string): number => {
    const a = names.get(x) ?? null;
    const b = names.get(y) ?? null;
    if (a !== b) {
      if (a === null) return 1;
      if (b === null) return -1;
      return a < b ? -1 : 1;
    }
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/** Reads the rosters of day `day` in the caller's read transaction, with the fingerprint of the graph read. */
export async function loadRosters(tx: Tx, queries: Queries, day: string): Promise<{ fingerprint: string; value: Rosters }> {
  const [fp] = await tx.run(queries.get('tiesFingerprint'));
  const people = await tx.run(queries.get('tiesPeople'), { at: day });
  const members = new Map<string, string[]>();
  const departments = new Map<string, string[]>();
  const names = new Map<string, string | null>();
  for (const r of people) {
    const id = r.id as string;
    names.set(id, (r.name as string | null) ?? null);
    const deps = ((r.departments as Row[] | null) ?? []).map((d) => d.id as string);
    if (!deps.length) continue;
    departments.set(id, deps);
    for (const d of deps) (members.get(d) ?? members.set(d, []).get(d)!).push(id);
  }
  const order = byNameThenId(names);
  for (const list of members.values()) list.sort(order);
  const several = [...departments].filter(([, deps]) => deps.length > 1).map(([id]) => id);
  return { fingerprint: fingerprintOf(fp), value: { members, departments, names, several } };
}
