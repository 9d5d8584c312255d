import type { NodeRef } from '../../api/common.js';
import type { Response } from '../../api/endpoints.js';
import type { CoordinationResponse } from '../../api/explore.js';
import type { Db, Row, Tx } from '../common/db/index.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries } from '../common/queries.js';
import { GraphAnswers } from '../ties/cache.js';
import { loadTies, MAX_DEPARTMENTS } from '../ties/load.js';
import { coordinationMatrix } from './matrix.js';

/** People and networks listed per department in /api/departments. */
export const MAX_PER_DEPARTMENT = 500;

type DepartmentsResponse = Response<'departments'>;

/** Throws NotFoundError naming the first id that is not a department; used by every department filter. */
export async function requireDepartments(tx: Tx, departmentsKnown: string, ids: string[]): Promise<void> {
  const [row] = await tx.run(departmentsKnown, { ids });
  const known = new Set((row?.known as string[] | undefined) ?? []);
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw new NotFoundError(`There is no department with id "${missing}".`);
}

export function coordinationService(db: Db, queries: Queries, options: { ttlMs?: number; now?: () => number } = {}) {
  const departmentsList = queries.get('departmentsList');
  const answers = new GraphAnswers<CoordinationResponse>(db, queries, options);

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

    /**
     * The matrix of ties that held on day `at` (YYYY-MM-DD), worked out from the whole tie graph
     * (server/coordination/matrix.ts) and kept while the graph stays the same.
     */
    async coordination(at: string): Promise<CoordinationResponse> {
      const { value } = await answers.answer(JSON.stringify(['coordination', at]), async () => {
        const { fingerprint, source } = await db.readTx((tx) => loadTies(tx, queries, at));
        return { fingerprint, value: coordinationMatrix(source) };
      });
      return value;
    },
  };
}

const nameOf = (r: Row) => (r.name as string | null) ?? (r.id as string);

function refs(rows: unknown, kind: NodeRef['kind']): NodeRef[] {
  return ((rows as Row[] | null) ?? []).map((r) => ({ id: r.id as string, kind, name: nameOf(r) }));
}

export type CoordinationService = ReturnType<typeof coordinationService>;
