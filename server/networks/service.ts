import { NETWORK_KINDS, PERSPECTIVES, type NodeRef } from '../../api/common.js';
import type { z } from 'zod';
import type { FlowerResponse, NetworkSummary, networksQuery } from '../../api/explore.js';
import { requireDepartments } from '../coordination/service.js';
import { NotFoundError } from '../common/errors.js';
import type { Queries, RowOf } from '../common/queries.js';
import { handoverService } from './handovers.js';

/** Networks in one list answer; the booklet has 12, so this only guards against a flood. */
export const MAX_NETWORKS = 500;
/** Leaders, departments, partners and petals carried per network. */
export const MAX_REFS = 200;

/** What the list takes: the API's query (networksQuery) as parsed, `at` the day it shows. */
export type NetworksInput = z.output<typeof networksQuery>;

export function networksService(queries: Queries) {
  return {
    // A leaver's roles flagged to coordinators, and their handover.
    ...handoverService(queries),

    async list({ kind, status, phase, department, at }: NetworksInput): Promise<{ networks: NetworkSummary[] }> {
      const rows = await queries.readTx(async (t) => {
        if (department) await requireDepartments(t, [department]);
        return t.networksList({
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
          outcomes: r.outcomes,
        })),
      };
    },

    /** The flower by the relations that held on day `at` (YYYY-MM-DD). */
    async flower(id: string, at: string): Promise<FlowerResponse> {
      const [r] = await queries.networkFlower({ id, networkKinds: NETWORK_KINDS, maxRefs: MAX_REFS, at });
      // Another kind of node, or a network without a known kind (not listed either), is no network to the caller.
      if (!r) throw new NotFoundError(`There is no network with id "${id}".`);
      const petals: FlowerResponse['petals'] = { kommunen: [], borgerne: [], medarbejderne: [] };
      for (const o of r.petals) {
        // An outcome without a known perspective has no place in the flower.
        if (isPerspective(o.perspective)) {
          petals[o.perspective].push({ id: o.id, name: nameOf(o), inferred: o.inferred === true });
        }
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
function header(r: RowOf<'networksList'> | RowOf<'networkFlower'>) {
  return {
    id: r.id,
    name: nameOf(r),
    kind: r.kind,
    theme: r.theme,
    status: r.status ?? '',
    phase: r.phase,
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

const nameOf = (r: { id: string; name: string | null }) => r.name ?? r.id;

const isPerspective = (p: string | null): p is (typeof PERSPECTIVES)[number] =>
  PERSPECTIVES.some((known) => known === p);

function refs(rows: readonly { id: string; name: string | null }[], kind: NodeRef['kind']): NodeRef[] {
  return rows.map((r) => ({ id: r.id, kind, name: nameOf(r) }));
}

export type NetworksService = ReturnType<typeof networksService>;
