import { KINDS, REL_TYPES, type Kind, type NodeRef } from '../../api/common.js';
import type { Contact, ContactsResponse } from '../../api/explore.js';
import type { Db, Row, Tx } from '../db/index.js';
import { ValidationError } from '../errors.js';
import type { NodesService } from '../nodes/service.js';
import { named } from '../paths/sentences.js';
import type { Queries } from '../queries.js';
import { toLucene } from '../search/lucene.js';
import { danishOrder } from '../labels.js';
import { GraphAnswers } from '../ties/cache.js';
import { chooseContacts } from './choose.js';
import { loadRosters, type Rosters } from './rosters.js';

export interface ContactsInput {
  topic: string;
  from?: string | undefined;
  limit: number;
  /** The day (YYYY-MM-DD) whose relations give the reasons and the ways there. */
  at: string;
}

type ReasonKind = Contact['reasons'][number]['kind'];

/**
 * How much one reason counts, times the full-text score of what matched. Leading a matching
 * network is the surest sign of the right person; a matching title says what someone does
 * every day, so it comes close; a participant knows the topic but does not carry it; working
 * next to a leader, or in a matching department, only points the way.
 */
export const WEIGHTS: Record<ReasonKind, number> = { leads: 3, title: 2.5, participates: 2, department: 1 };

/** Full-text hits that count, and that `matches` shows: weak fuzzy hits further down only add noise. */
export const MAX_MATCHES = 20;

/** Days whose rosters are kept: today's, and a few a time slider has just visited. */
const ROSTER_DAYS = 4;

interface Reason {
  kind: ReasonKind;
  node: NodeRef;
  score: number;
  leader: string | null;
}
interface Candidate {
  person: Contact['person'];
  /** One reason per matched node: the strongest one this person has to it. */
  reasons: Map<string, Reason>;
}

export function contactsService(db: Db, queries: Queries, nodes: NodesService) {
  const matchesQuery = queries.get('topicMatches');
  const reasonsQuery = queries.get('topicReasons');
  const candidatesQuery = queries.get('topicCandidates');
  const rosters = new GraphAnswers<Rosters>(db, queries, { entries: ROSTER_DAYS });

  return {
    async contacts({ topic, from, limit, at }: ContactsInput): Promise<ContactsResponse> {
      const lucene = toLucene(topic);
      return db.readTx(async (tx) => {
        if (from !== undefined) {
          const asker = await nodes.ref(from, tx);
          if (asker.kind !== 'Person') {
            throw new ValidationError(`The query parameter "from" must be a person; "${from}" is a ${asker.kind}.`, { field: 'from' });
          }
        }
        if (!lucene) return { topic, matches: [], contacts: [] };
        const staff = (await rosters.answer(JSON.stringify(['rosters', at]), () => loadRosters(tx, queries, at), tx)).value;

        const hits = await tx.run(matchesQuery, { lucene, limit: MAX_MATCHES, kinds: KINDS });
        const scores = new Map(hits.map((h) => [h.id as string, Number(h.score)]));
        const matches = hits.map((h) => ({ id: h.id as string, score: Number(h.score) }));
        // Reasons per person and per department; only the chosen few (one more, should the asker be among them) travel further.
        const reasons = hits.length ? await tx.run(reasonsQuery, { matches, weights: WEIGHTS, at }) : [];
        const chosen = chooseContacts(reasons, staff, limit + (from === undefined ? 0 : 1));
        const rows = chosen.length ? await tx.run(candidatesQuery, { ids: [...scores.keys()], people: chosen, kinds: KINDS, at }) : [];
        const ranked = rank(rows, scores)
          .filter((c) => c.person.id !== from)
          .slice(0, limit);
        const paths = from !== undefined && ranked.length ? await contactWays(tx, queries, from, ranked.map((c) => c.person.id), at) : new Map();
        return {
          topic,
          matches: hits.map((h) => ({ id: h.id as string, kind: h.kind as Kind, name: (h.name as string) ?? (h.id as string) })),
          contacts: ranked.map((c) => ({ ...c, path: paths.get(c.person.id) ?? null })),
        };
      });
    },
  };
}

/**
 * The way from `from` to each contact: nearest ones by joining neighbourhoods (contactWays, then
 * contactWaysFour), only the rest by one bidirectional search each (contactPaths). All three pick
 * the first shortest path by ids, so which query found a way never changes the answer.
 */
async function contactWays(tx: Tx, queries: Queries, from: string, ids: string[], at: string): Promise<Map<string, Contact['path']>> {
  const ways = new Map<string, Contact['path']>();
  const params = { from, types: REL_TYPES, kinds: KINDS, at };
  let left = ids;
  for (const name of ['contactWays', 'contactWaysFour', 'contactPaths']) {
    for (const w of await tx.run(queries.get(name), { ...params, ids: left })) {
      if (w.length !== null) ways.set(w.id as string, { length: w.length as number, via: (w.via as NodeRef | null) ?? null });
    }
    left = left.filter((id) => !ways.has(id));
    if (!left.length) break;
  }
  return ways;
}

/** Sums each person's reasons (weight × score of the matched node), best first. */
export function rank(rows: Row[], scores: Map<string, number>): Omit<Contact, 'path'>[] {
  const people = new Map<string, Candidate>();
  for (const r of rows) {
    const id = r.id as string;
    const aboutKind = r.aboutKind as Kind | null;
    if (!aboutKind) continue;
    let candidate = people.get(id);
    if (!candidate) people.set(id, (candidate = { person: toPerson(r), reasons: new Map() }));
    const reason: Reason = {
      kind: r.kind as ReasonKind,
      node: { id: r.aboutId as string, kind: aboutKind, name: (r.aboutName as string) ?? (r.aboutId as string) },
      score: scores.get(r.matchedId as string) ?? 0,
      leader: (r.leader as string | null) ?? null,
    };
    // a network that matches by name and through a petal, or a leader who is also a
    // colleague of its other leader, counts once, by the strongest tie
    const key = reason.node.id;
    const held = candidate.reasons.get(key);
    if (!held || stronger(reason, held)) candidate.reasons.set(key, reason);
  }

  const contacts = [...people.values()].map(({ person, reasons }) => {
    const list = [...reasons.values()].sort((a, b) => value(b) - value(a) || danishOrder(a.node.name, b.node.name));
    const total = list.reduce((sum, r) => sum + value(r), 0);
    return {
      person,
      total,
      score: Math.round(total * 1000) / 1000,
      reasons: list.map((r) => ({ kind: r.kind, node: r.node, text: reasonText(r, person) })),
    };
  });
  // As chooseContacts orders them (totals to 9 decimals, names by code point like Cypher), so the
  // choice and this order agree.
  const nine = (x: number) => Math.round(x * 1e9) / 1e9;
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  contacts.sort((a, b) => nine(b.total) - nine(a.total) || cmp(a.person.name, b.person.name) || cmp(a.person.id, b.person.id));
  return contacts.map(({ total, ...c }) => c);
}

const value = (r: Reason) => WEIGHTS[r.kind] * r.score;

function stronger(a: Reason, b: Reason): boolean {
  if (value(a) !== value(b)) return value(a) > value(b);
  // equal: keep the reason that names the leader first in the alphabet, so answers do not wobble
  return danishOrder(a.leader ?? '', b.leader ?? '') < 0;
}

function reasonText(r: Reason, person: Contact['person']): string {
  switch (r.kind) {
    case 'leads':
      return `Leder ${named(r.node)}.`;
    case 'participates':
      return `Deltager i ${named(r.node)}.`;
    case 'department':
      return r.node.kind === 'Department'
        ? `Arbejder i ${r.node.name}.`
        : `Arbejder i samme afdeling som ${r.leader ?? 'lederen'}, der leder ${named(r.node)}.`;
    case 'title':
      return person.title ? `Titlen "${person.title}" eller navnet passer til emnet.` : 'Navnet passer til emnet.';
  }
}

function toPerson(r: Row): Contact['person'] {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const d = r.department as { id: string; name: string | null } | null;
  return {
    id: r.id as string,
    name: str(r.name) ?? (r.id as string),
    title: str(r.title),
    email: str(r.email),
    phone: str(r.phone),
    department: d ? { id: d.id, kind: 'Department', name: d.name ?? d.id } : null,
  };
}

export type ContactsService = ReturnType<typeof contactsService>;
