import { KINDS, NETWORK_KINDS, type PERSPECTIVES, REL_TYPES, relTypeSchema, type NodeRef } from '../../api/common.js';
import { MAX_REPORT_CHANGES, type BookletThemes, type ReportNetwork, type ReportResponse } from '../../api/report.js';
import { byCodeUnit } from '../../api/order.js';
import { readBookletThemes } from '../../seed/booklet.js';
import type { Db, Row } from '../common/db/index.js';
import { MAX_NETWORKS, MAX_REFS, paragraphs } from '../networks/service.js';
import type { QueryTexts as Queries } from '../common/queries.js';

// The booklet's current edition: networks in the booklet's order (the seed's `bookletOrder`),
// each with its leaders and flower as they are today; the "”Ringene i vandet”" themes, which are
// the booklet's 2014 text and not data (read once from seed/booklet/themes.json); the leaders'
// contact list sorted as the booklet sorts it; and, with `since`, what has changed since then.

type NetworkKind = (typeof NETWORK_KINDS)[number];
type Perspective = (typeof PERSPECTIVES)[number];
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
  db: Db,
  queries: Queries,
  {
    themes = readBookletThemes(),
    maxChanges = MAX_REPORT_CHANGES,
  }: { themes?: BookletThemes; maxChanges?: number } = {},
) {
  const q = {
    networks: queries.get('reportNetworks'),
    contacts: queries.get('reportContacts'),
    changes: queries.get('reportChangesSince'),
    relations: queries.get('reportRelationsSince'),
  };

  return {
    async report({ today, since }: ReportOptions): Promise<ReportResponse> {
      const { networkRows, contactRows, changeRows, relationRows } = await db.readTx(async (tx) => {
        const common = { today, networkKinds: NETWORK_KINDS };
        const networkRows = await tx.run(q.networks, { ...common, limit: MAX_NETWORKS, maxRefs: MAX_REFS });
        const contactRows = await tx.run(q.contacts, { ...common, limit: MAX_NETWORKS * 10 });
        if (!since) return { networkRows, contactRows, changeRows: [], relationRows: [] };
        // One more than the cap tells whether the list was cut.
        const changeRows = await tx.run(q.changes, { since, limit: maxChanges + 1 });
        const relationRows = await tx.run(q.relations, {
          since,
          types: REL_TYPES,
          kinds: KINDS,
          limit: maxChanges + 1,
        });
        return { networkRows, contactRows, changeRows, relationRows };
      });

      return {
        date: today,
        networks: networkRows.map(toNetwork).sort(bookletOrder),
        themes,
        contacts: contactRows
          .map((r) => ({
            id: r.id as string,
            name: nameOf(r),
            title: (r.title as string | null) ?? null,
            department: ref(r.department, 'Department'),
            email: (r.email as string | null) ?? null,
            phone: (r.phone as string | null) ?? null,
          }))
          .sort((a, b) => danish.compare(a.name, b.name) || byCodeUnit(a.id, b.id)),
        changes: since
          ? {
              since,
              changes: changeRows.slice(0, maxChanges).map(toChange),
              relations: relationRows.slice(0, maxChanges).map((r) => ({
                type: relTypeSchema.parse(r.type),
                source: {
                  id: r.sourceId as string,
                  kind: r.sourceKind as NodeRef['kind'],
                  name: r.sourceName as string,
                },
                target: {
                  id: r.targetId as string,
                  kind: r.targetKind as NodeRef['kind'],
                  name: r.targetName as string,
                },
                since: r.since as string,
                until: (r.until as string | null) ?? null,
              })),
              truncated: changeRows.length > maxChanges || relationRows.length > maxChanges,
            }
          : null,
      };
    },
  };
}

function toNetwork(r: Row): ReportNetwork {
  const kind = r.kind as NetworkKind;
  const petals: ReportNetwork['petals'] = { kommunen: [], borgerne: [], medarbejderne: [] };
  for (const o of (r.petals as Row[] | null) ?? []) {
    // As in the flower: an outcome without a known perspective has no place in it.
    petals[o.perspective as Perspective]?.push({ id: o.id as string, name: nameOf(o), inferred: o.inferred === true });
  }
  return {
    id: r.id as string,
    name: nameOf(r),
    kind,
    bookletOrder: typeof r.bookletOrder === 'number' && Number.isInteger(r.bookletOrder) ? r.bookletOrder : null,
    theme: (r.theme as string | null) ?? null,
    status: String(r.status ?? ''),
    phase: (r.phase as string | null) ?? null,
    remarks: paragraphs(r.remarks),
    inferred: r.inferred === true,
    leaders: ((r.leaders as Row[] | null) ?? []).map((l) => ({
      id: l.id as string,
      name: nameOf(l),
      title: (l.title as string | null) ?? null,
      department: ref(l.department, 'Department'),
    })),
    petals,
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

function toChange(r: Row): Change {
  const parts = (r.parts as string[] | null) ?? [String(r.targetId)];
  const relation = parts.length === 3 ? relTypeSchema.safeParse(parts[1]) : null;
  // A node that no longer exists is named as the change recorded it (erased people as "[slettet]").
  const recorded = recordedName(r.after) ?? recordedName(r.before);
  const targetName = relation?.success
    ? `${(r.firstName as string | null) ?? parts[0]} → ${(r.secondName as string | null) ?? parts[2]}`
    : ((r.firstName as string | null) ?? recorded ?? String(r.targetId));
  return {
    id: r.id as string,
    at: r.at as string,
    who: String(r.who ?? ''),
    action: r.action as Change['action'],
    targetKind: String(r.targetKind ?? ''),
    targetId: String(r.targetId ?? ''),
    targetName,
    relationType: relation?.success ? relation.data : null,
  };
}

/** The name a change's before/after snapshot (JSON text) holds, if any. */
function recordedName(json: unknown): string | null {
  if (typeof json !== 'string') return null;
  try {
    const name = (JSON.parse(json) as { properties?: { name?: unknown } } | null)?.properties?.name;
    return typeof name === 'string' && name ? name : null;
  } catch {
    return null;
  }
}

const nameOf = (r: Row) => (r.name as string | null) ?? (r.id as string);

function ref(value: unknown, kind: NodeRef['kind']): NodeRef | null {
  const r = value as Row | null;
  return r && typeof r.id === 'string' ? { id: r.id, kind, name: nameOf(r) } : null;
}

export type ReportService = ReturnType<typeof reportService>;
