import type { NodeRef } from '../../api/common.js';
import type { Response } from '../../api/endpoints.js';
import type { CoordinationResponse } from '../../api/explore.js';
import type { Db, Row, Tx } from '../db/index.js';
import { NotFoundError } from '../errors.js';
import type { Queries } from '../queries.js';

/** Departments in one answer: a municipality has a handful, this only guards against a flood. */
export const MAX_DEPARTMENTS = 500;
/** People and networks listed per department in /api/departments. */
export const MAX_PER_DEPARTMENT = 500;
/** Networks, trainings and people listed per department pair; `ties` still counts them all. */
export const MAX_PER_PAIR = 200;

type DepartmentsResponse = Response<'departments'>;
type Pair = CoordinationResponse['pairs'][number];
type Share = CoordinationResponse['shares'][number];

/** Throws NotFoundError naming the first id that is not a department; used by every department filter. */
export async function requireDepartments(tx: Tx, departmentsKnown: string, ids: string[]): Promise<void> {
  const [row] = await tx.run(departmentsKnown, { ids });
  const known = new Set((row?.known as string[] | undefined) ?? []);
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw new NotFoundError(`There is no department with id "${missing}".`);
}

export function coordinationService(db: Db, queries: Queries) {
  const departmentsList = queries.get('departmentsList');
  const departmentsOfMatrix = queries.get('coordinationDepartments');
  const tiesQuery = queries.get('coordinationTies');

  return {
    /** Departments with their people and networks by the relations that held on day `at` (YYYY-MM-DD). */
    async departments(at: string): Promise<DepartmentsResponse> {
      const rows = await db.read(departmentsList, {
        at,
        limit: MAX_DEPARTMENTS,
        maxPeople: MAX_PER_DEPARTMENT,
        maxNetworks: MAX_PER_DEPARTMENT,
      });
      return {
        departments: rows.map((r) => ({
          id: r.id as string,
          name: nameOf(r),
          people: ((r.people as Row[] | null) ?? []).map((p) => ({
            id: p.id as string,
            name: nameOf(p),
            title: (p.title as string | null) ?? null,
          })),
          networks: refs(r.networks, 'Network'),
        })),
      };
    },

    /** The matrix of ties that held on day `at` (YYYY-MM-DD). */
    async coordination(at: string): Promise<CoordinationResponse> {
      const { departmentRows, tieRows } = await db.readTx(async (tx) => ({
        departmentRows: await tx.run(departmentsOfMatrix, { limit: MAX_DEPARTMENTS }),
        tieRows: await tx.run(tiesQuery, { at }),
      }));
      const departments = refs(departmentRows, 'Department');
      // Position in the name-ordered list: orders a before b within a pair and breaks ties between pairs.
      const position = new Map(departments.map((d, i) => [d.id, i]));
      const ties = new Map<string, number>();
      const crossTies = new Map<string, number>();
      const bump = (m: Map<string, number>, id: string, n: number) => m.set(id, (m.get(id) ?? 0) + n);

      const pairs: Pair[] = [];
      for (const r of tieRows) {
        let ia = position.get(r.a as string);
        let ib = position.get(r.b as string);
        if (ia === undefined || ib === undefined) continue; // beyond the department cap
        if (ia > ib) [ia, ib] = [ib, ia];
        const a = departments[ia]!;
        const b = departments[ib]!;
        const n = Number(r.ties);
        bump(ties, a.id, n);
        // A pair of people inside one department is one of its ties, but not a cross tie.
        if (a === b) continue;
        bump(ties, b.id, n);
        bump(crossTies, a.id, n);
        bump(crossTies, b.id, n);
        pairs.push({
          a,
          b,
          networks: sorted(refs(r.networks, 'Network')).slice(0, MAX_PER_PAIR),
          trainings: sorted(refs(r.trainings, 'Training')).slice(0, MAX_PER_PAIR),
          knows: Number(r.knows ?? 0),
          people: sorted(unique(refs(r.people, 'Person'))).slice(0, MAX_PER_PAIR),
          ties: n,
        });
      }
      pairs.sort((x, y) => y.ties - x.ties || position.get(x.a.id)! - position.get(y.a.id)! || position.get(x.b.id)! - position.get(y.b.id)!);

      const shares: Share[] = departments.map((department) => {
        const all = ties.get(department.id) ?? 0;
        const cross = crossTies.get(department.id) ?? 0;
        return { department, ties: all, crossTies: cross, share: all ? cross / all : 0 };
      });
      return {
        departments,
        pairs,
        shares,
        isolated: shares.filter((s) => s.crossTies === 0).map((s) => s.department),
      };
    },
  };
}

const nameOf = (r: Row) => (r.name as string | null) ?? (r.id as string);

function refs(rows: unknown, kind: NodeRef['kind']): NodeRef[] {
  return ((rows as Row[] | null) ?? []).map((r) => ({ id: r.id as string, kind, name: nameOf(r) }));
}

function unique(list: NodeRef[]): NodeRef[] {
  return [...new Map(list.map((x) => [x.id, x])).values()];
}

/** By name, then id, comparing code points like Cypher's ORDER BY does, so every list sorts alike. */
function sorted(list: NodeRef[]): NodeRef[] {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return list.sort((x, y) => cmp(x.name, y.name) || cmp(x.id, y.id));
}

export type CoordinationService = ReturnType<typeof coordinationService>;
