import { z } from 'zod';
import { KINDS, NETWORK_KINDS, PERSPECTIVES, REL_TYPES, relTypeSchema, type NodeRef } from '../../api/common.js';
import { MAX_REPORT_CHANGES, type BookletThemes, type ReportNetwork, type ReportResponse } from '../../api/report.js';
import { byCodeUnit } from '../../api/order.js';
import { readBookletThemes } from '../../seed/booklet.js';
import { MAX_NETWORKS, MAX_REFS, paragraphs } from '../networks/service.js';
import type { Queries, RowOf } from '../common/queries.js';
import { keepClosedResults, latestClosedResults } from '../surveys/results.js';

/**
 * The relations the report lists as new: what networks and people made. The organisation's own
 * structure (units, memberships, managers, departments), which a sync brings in by the thousand on
 * its first day, is not what the networks created.
 */
const ORGANISATION_TYPES: readonly string[] = ['WORKS_IN', 'MEMBER_OF', 'PART_OF', 'ROLLS_UP_TO', 'REPORTS_TO'];
const CREATED_TYPES = REL_TYPES.filter((t) => !ORGANISATION_TYPES.includes(t));

// The booklet's current edition: networks in the booklet's order (the seed's `bookletOrder`),
// each with its leaders and flower as they are today; the "”Ringene i vandet”" themes, which are
// the booklet's 2014 text and not data (read once from seed/booklet/themes.json); the leaders'
// contact list sorted as the booklet sorts it; and, with `since`, what has changed since then.

type Change = NonNullable<ReportResponse['changes']>['changes'][number];

/** Danish alphabetical order, as the booklet's contact page (Æ, Ø, Å last). */
const danish = new Intl.Collator('da', { sensitivity: 'base', numeric: true });

export interface ReportOptions {
  /** The day the edition shows (YYYY-MM-DD); the routes pass today in Albertslund. */
  today: string;
  /** Also list what changed from the start of this day. */
  since?: string | undefined;
}

export function reportService(
  queries: Queries,
  {
    themes = readBookletThemes(),
    maxChanges = MAX_REPORT_CHANGES,
  }: { themes?: BookletThemes; maxChanges?: number } = {},
) {
  return {
    async report({ today, since }: ReportOptions): Promise<ReportResponse> {
      // The surveys' figures are read from the results kept on each closed round (kept first where a round has none yet).
      await keepClosedResults(queries);
      const { networkRows, surveys, contactRows, changeRows, relationRows } = await queries.readTx(async (t) => {
        const common = { today, networkKinds: NETWORK_KINDS };
        const networkRows = await t.reportNetworks({ ...common, limit: MAX_NETWORKS, maxRefs: MAX_REFS });
        const contactRows = await t.reportContacts({ ...common, limit: MAX_NETWORKS * 10 });
        const surveys = await latestClosedResults(
          t,
          networkRows.map((n) => n.id),
          today,
        );
        if (!since) return { networkRows, surveys, contactRows, changeRows: [], relationRows: [] };
        // One more than the cap tells whether the list was cut.
        const changeRows = await t.reportChangesSince({ since, limit: maxChanges + 1 });
        const relationRows = await t.reportRelationsSince({
          since,
          types: CREATED_TYPES,
          kinds: KINDS,
          limit: maxChanges + 1,
        });
        return { networkRows, surveys, contactRows, changeRows, relationRows };
      });

      return {
        date: today,
        networks: networkRows.map((r) => toNetwork(r, surveys.get(r.id) ?? null)).sort(bookletOrder),
        themes,
        contacts: contactRows
          .map((r) => ({
            id: r.id,
            name: nameOf(r),
            title: r.title,
            department: ref(r.department, 'Department'),
            email: r.email,
            phone: r.phone,
          }))
          .sort((a, b) => danish.compare(a.name, b.name) || byCodeUnit(a.id, b.id)),
        changes: since
          ? {
              since,
              changes: changeRows.slice(0, maxChanges).map(toChange),
              relations: relationRows.slice(0, maxChanges).map((r) => ({
                type: r.type,
                source: { id: r.sourceId, kind: r.sourceKind, name: r.sourceName },
                target: { id: r.targetId, kind: r.targetKind, name: r.targetName },
                since: r.since,
                until: r.until,
              })),
              truncated: changeRows.length > maxChanges || relationRows.length > maxChanges,
            }
          : null,
      };
    },
  };
}

function toNetwork(r: RowOf<'reportNetworks'>, survey: ReportNetwork['survey']): ReportNetwork {
  const petals: ReportNetwork['petals'] = { kommunen: [], borgerne: [], medarbejderne: [] };
  for (const o of r.petals) {
    // As in the flower: an outcome without a known perspective has no place in it.
    if (isPerspective(o.perspective))
      petals[o.perspective].push({ id: o.id, name: nameOf(o), inferred: o.inferred === true });
  }
  return {
    id: r.id,
    name: nameOf(r),
    kind: r.kind,
    bookletOrder: r.bookletOrder,
    theme: r.theme,
    status: r.status ?? '',
    phase: r.phase,
    remarks: paragraphs(r.remarks),
    inferred: r.inferred === true,
    leaders: r.leaders.map((l) => ({
      id: l.id,
      name: nameOf(l),
      title: l.title,
      department: ref(l.department, 'Department'),
    })),
    petals,
    survey,
  };
}

/** The booklet's networks in its page order, then the others by kind (as NETWORK_KINDS) and Danish name. */
function bookletOrder(a: ReportNetwork, b: ReportNetwork): number {
  if (a.bookletOrder !== null || b.bookletOrder !== null) {
    if (a.bookletOrder === null) return 1;
    if (b.bookletOrder === null) return -1;
    if (a.bookletOrder !== b.bookletOrder) return a.bookletOrder - b.bookletOrder;
  }
  return (
    NETWORK_KINDS.indexOf(a.kind) - NETWORK_KINDS.indexOf(b.kind) ||
    danish.compare(a.name, b.name) ||
    byCodeUnit(a.id, b.id)
  );
}

function toChange(r: RowOf<'reportChangesSince'>): Change {
  const { parts } = r;
  const relation = parts.length === 3 ? relTypeSchema.safeParse(parts[1]) : null;
  // A node that no longer exists is named as the change recorded it (erased people as "[slettet]").
  const recorded = recordedName(r.after) ?? recordedName(r.before);
  const targetName = relation?.success
    ? `${r.firstName ?? parts[0]} → ${r.secondName ?? parts[2]}`
    : (r.firstName ?? recorded ?? r.targetId);
  return {
    id: r.id,
    at: r.at,
    who: r.who ?? '',
    action: r.action,
    targetKind: r.targetKind,
    targetId: r.targetId,
    targetName,
    relationType: relation?.success ? relation.data : null,
  };
}

/** The part of a change's before/after snapshot that names what it changed. */
const recordedSnapshot = z.object({ properties: z.object({ name: z.string().min(1) }) });

/** The name a change's before/after snapshot (JSON text) holds, if any. */
function recordedName(json: unknown): string | null {
  if (typeof json !== 'string') return null;
  try {
    const recorded = recordedSnapshot.safeParse(JSON.parse(json));
    return recorded.success ? recorded.data.properties.name : null;
  } catch {
    return null;
  }
}

const nameOf = (r: { id: string; name: string | null }) => r.name ?? r.id;

const isPerspective = (p: string | null): p is (typeof PERSPECTIVES)[number] =>
  PERSPECTIVES.some((known) => known === p);

function ref(r: { id: string; name: string | null } | null, kind: NodeRef['kind']): NodeRef | null {
  return r ? { id: r.id, kind, name: nameOf(r) } : null;
}

export type ReportService = ReturnType<typeof reportService>;
