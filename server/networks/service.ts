import { NETWORK_KINDS, type PERSPECTIVES, type NodeRef } from '../../api/common.js';
import type { FlowerResponse, NetworkSummary } from '../../api/explore.js';
import { requireDepartments } from '../coordination/service.js';
import type { Db, Row } from '../common/db/index.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries } from '../common/queries.js';

/** Networks in one list answer; the booklet has 12, so this only guards against a flood. */
export const MAX_NETWORKS = 500;
/** Leaders, departments, partners and petals carried per network. */
export const MAX_REFS = 200;

export interface NetworksInput {
  kind?: NetworkSummary['kind'] | undefined;
  status?: string | undefined;
  phase?: string | undefined;
  department?: string | undefined;
  /** The day (YYYY-MM-DD) the list shows: networks started by then, relations that held then. */
  at: string;
}

type NetworkKind = (typeof NETWORK_KINDS)[number];
type Perspective = (typeof PERSPECTIVES)[number];

export function networksService(db: Db, queries: Queries) {
  const list = queries.get('networksList');
  const flowerOf = queries.get('networkFlower');
  const departmentsKnown = queries.get('departmentsKnown');

  return {
    async list({ kind, status, phase, department, at }: NetworksInput): Promise<{ networks: NetworkSummary[] }> {
      const rows = await db.readTx(async (tx) => {
        if (department) await requireDepartments(tx, departmentsKnown, [department]);
        return tx.run(list, {
          networkKinds: NETWORK_KINDS,
          kind: kind ?? null,
          status: status ?? null,
          phase: phase ?? null,
          department: department ?? null,
          limit: MAX_NETWORKS,
          maxRefs: MAX_REFS,
          at,
        });
      });
      return {
        networks: rows.map((r) => ({
          ...header(r),
          leaders: refs(r.leaders, 'Person'),
          departments: refs(r.departments, 'Department'),
          outcomes: Number(r.outcomes ?? 0),
        })),
      };
    },

    /** The flower by the relations that held on day `at` (YYYY-MM-DD). */
    async flower(id: string, at: string): Promise<FlowerResponse> {
      const [r] = await db.read(flowerOf, { id, networkKinds: NETWORK_KINDS, maxRefs: MAX_REFS, at });
      // Another kind of node, or a network without a known kind (not listed either), is no network to the caller.
      if (!r) throw new NotFoundError(`There is no network with id "${id}".`);
      const petals: FlowerResponse['petals'] = { kommunen: [], borgerne: [], medarbejderne: [] };
      for (const o of (r.petals as Row[]) ?? []) {
        const group = petals[o.perspective as Perspective];
        // An outcome without a known perspective has no place in the flower.
        if (group) group.push({ id: o.id as string, name: nameOf(o), inferred: o.inferred === true });
      }
      return {
        network: { ...header(r), remarks: paragraphs(r.remarks) },
        leaders: refs(r.leaders, 'Person'),
        partners: refs(r.partners, 'Partner'),
        petals,
      };
    },
  };
}

/** The fields a network's list entry and its flower share. */
function header(r: Row) {
  return {
    id: r.id as string,
    name: nameOf(r),
    kind: r.kind as NetworkKind,
    theme: (r.theme as string | null) ?? null,
    status: String(r.status ?? ''),
    phase: (r.phase as string | null) ?? null,
    // The booklet marks only its two reconstructed networks; the rest are stated facts.
    inferred: r.inferred === true,
  };
}

/** Remarks are stored as one string (what the full-text index reads), paragraphs apart by a blank line. */
export function paragraphs(remarks: unknown): string[] {
  if (typeof remarks !== 'string') return [];
  return remarks
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

const nameOf = (r: Row) => (r.name as string | null) ?? (r.id as string);

function refs(rows: unknown, kind: NodeRef['kind']): NodeRef[] {
  return ((rows as Row[] | null) ?? []).map((r) => ({ id: r.id as string, kind, name: nameOf(r) }));
}

export type NetworksService = ReturnType<typeof networksService>;
