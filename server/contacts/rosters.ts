import { byCodeUnit } from '../../api/order.js';
import type { ReadQueries } from '../common/queries.js';
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
  /** The name (null when none) of everyone who works somewhere on the day, by id. */
  names: Map<string, string | null>;
  /** People who work in more than one department on the day. */
  several: string[];
}

/** Compares two people by name then id as Cypher's ORDER BY does (byCodeUnit), a missing name last. */
export function byNameThenId(nameOf: (id: string) => string | null | undefined) {
  return (x: string, y: string): number => {
    const a = nameOf(x) ?? null;
    const b = nameOf(y) ?? null;
    if (a !== b) {
      if (a === null) return 1;
      if (b === null) return -1;
      return byCodeUnit(a, b);
    }
    return byCodeUnit(x, y);
  };
}

/** Reads the rosters of day `day` in the caller's read transaction, with the fingerprint of the graph read. */
export async function loadRosters(t: ReadQueries, day: string): Promise<{ fingerprint: string; value: Rosters }> {
  const [fp] = await t.tiesFingerprint();
  const rows = await t.contactRosters({ at: day });
  const members = new Map<string, string[]>();
  const departments = new Map<string, string[]>();
  const names = new Map<string, string | null>();
  for (const r of rows) {
    const { id, department } = r;
    names.set(id, r.name);
    const deps = departments.get(id);
    if (deps?.includes(department)) continue; // two relations to the same department
    if (deps) deps.push(department);
    else departments.set(id, [department]);
    (members.get(department) ?? members.set(department, []).get(department)!).push(id);
  }
  const order = byNameThenId((id) => names.get(id));
  for (const list of members.values()) list.sort(order);
  const several = [...departments].filter(([, deps]) => deps.length > 1).map(([id]) => id);
  return { fingerprint: fingerprintOf(fp), value: { members, departments, names, several } };
}
