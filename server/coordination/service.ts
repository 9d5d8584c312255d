import type { NodeRef } from '../../api/common.js';
import type { Response } from '../../api/endpoints.js';
import type { CoordinationResponse, MeasuredPair } from '../../api/explore.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries, ReadQueries } from '../common/queries.js';
import { type FingerprintReader, GraphAnswers } from '../ties/cache.js';
import { keptTiesOf } from '../ties/kept.js';
import { MAX_DEPARTMENTS } from '../ties/load.js';
import { KeptMatrix } from './matrix.js';
import { keepClosedResults, measuredCoordination } from '../surveys/results.js';

/** People and networks listed per department in /api/departments. */
export const MAX_PER_DEPARTMENT = 500;

type DepartmentsResponse = Response<'departments'>;

/** Throws NotFoundError naming the first id that is not a department; used by every department filter. */
export async function requireDepartments(t: ReadQueries, ids: readonly string[]): Promise<void> {
  const [row] = await t.departmentsKnown({ ids });
  const known = new Set(row?.known ?? []);
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw new NotFoundError(`There is no department with id "${missing}".`);
}

export function coordinationService(queries: Queries) {
  const kept = keptTiesOf(queries);
  /**
   * Survey answers do not move the tie graph, so what they measured is kept by a fingerprint of their own (of
   * the rounds and answers of the day), read from the results kept on each closed round.
   */
  const measuredKept = new GraphAnswers<MeasuredPair[]>(queries, { entries: 4 });
  async function measured(at: string): Promise<MeasuredPair[]> {
    const fingerprint = async (reader: FingerprintReader) =>
      JSON.stringify((await reader.surveyMeasuredFingerprint({ at }))[0] ?? null);
    const compute = async () => {
      // A round closed by its date gets its results kept first; keeping them moves the fingerprint, so the
      // figures are kept under the one read with them.
      await keepClosedResults(queries);
      return queries.readTx(async (t) => ({
        fingerprint: await fingerprint(t),
        value: await measuredCoordination(t, at),
      }));
    };
    return (await measuredKept.answer(JSON.stringify(['measured', at]), compute, { fingerprint })).value;
  }

  return {
    /** Departments with their people and networks by the relations that held on day `at` (YYYY-MM-DD). */
    async departments(at: string): Promise<DepartmentsResponse> {
      const rows = await queries.departmentsList({
        at,
        limit: MAX_DEPARTMENTS,
        maxPeople: MAX_PER_DEPARTMENT,
        maxNetworks: MAX_PER_DEPARTMENT,
      });
      return {
        departments: rows.map((r) => ({
          id: r.id,
          name: nameOf(r),
          people: r.people.map((p) => ({ id: p.id, name: nameOf(p), title: p.title })),
          networks: refs(r.networks, 'Network'),
        })),
      };
    },

    /**
     * The matrix of ties that held on day `at` (YYYY-MM-DD), counted from the day's tie graph as
     * kept in this process and brought up to date from the change log (server/ties/kept.ts).
     */
    async coordination(at: string): Promise<CoordinationResponse> {
      // Side by side: each reads its own fingerprint first, a round trip the other need not wait for.
      const [{ state, version, view }, measuredPairs] = await Promise.all([
        kept.view(at, 'coordination', () => new KeptMatrix()),
        measured(at),
      ]);
      return { ...view.answer(state, version), measured: measuredPairs };
    },
  };
}

const nameOf = (r: { id: string; name: string | null }) => r.name ?? r.id;

function refs(rows: readonly { id: string; name: string | null }[], kind: NodeRef['kind']): NodeRef[] {
  return rows.map((r) => ({ id: r.id, kind, name: nameOf(r) }));
}

export type CoordinationService = ReturnType<typeof coordinationService>;
