import { KINDS, REL_TYPES, type NodeRef } from '../../api/common.js';
import type { z } from 'zod';
import type { Contact, ContactsResponse, contactsQuery } from '../../api/explore.js';
import { byCodeUnit } from '../../api/order.js';
import { ValidationError } from '../common/errors.js';
import type { NodesService } from '../nodes/service.js';
import type { Queries, ReadQueries, RowOf } from '../common/queries.js';
import { kleTerms, toLucene } from '../search/lucene.js';
import { NO_HELP, recordMiss, searchHelp } from '../search/help.js';
import { kindHints, marksIn } from '../search/words.js';
import { danishOrder } from '../common/labels.js';
import { keptTiesOf } from '../ties/kept.js';
import { TopicReasons, nine, type ReasonRow } from './choose.js';
import { KeptRosters } from './rosters.js';

/** What a contacts request takes: the API's query (contactsQuery) as parsed, `at` the day whose relations give the reasons. */
export type ContactsInput = z.output<typeof contactsQuery>;

/** Full-text hits that count, and that `matches` shows: weak fuzzy hits further down only add noise. */
export const MAX_MATCHES = 20;

/**
 * A topic is submitted, not typed letter by letter, so it may cost more than search: its long words are looked for
 * inside the index's compounds too ("rehabilitering" finds "Hverdagsrehabilitering").
 */
const TOPIC = { infix: true };

export function contactsService(queries: Queries, nodes: NodesService) {
  const kept = keptTiesOf(queries);

  return {
    async contacts(input: ContactsInput): Promise<ContactsResponse> {
      const answer = await answerOf(input);
      // A topic that found no one is counted (its words only), after the read and outside it.
      if (answer.contacts.length === 0 && toLucene(input.topic, TOPIC)) await recordMiss(queries, input.topic);
      return answer;
    },
  };

  async function answerOf({ topic, from, limit, at }: ContactsInput): Promise<ContactsResponse> {
    const lucene = toLucene(topic, TOPIC);
    return queries.readTx(async (t) => {
      if (from !== undefined) {
        const asker = await nodes.ref(from, t);
        if (asker.kind !== 'Person') {
          throw new ValidationError(`The query parameter "from" must be a person; "${from}" is a ${asker.kind}.`, {
            field: 'from',
          });
        }
      }
      if (!lucene) return { topic, matches: [], contacts: [], ...NO_HELP };
      const terms = kleTerms(topic);
      const hits = await t.topicMatches({
        lucene,
        numbers: terms.numbers,
        ...kindHints(topic),
        limit: MAX_MATCHES,
        kinds: KINDS,
      });
      if (!hits.length) return { topic, matches: [], contacts: [], ...(await searchHelp(queries, t, topic, 0)) };

      const scores = new Map(hits.map((h) => [h.id, h.score]));
      const rows = await t.topicReasons({ ids: [...scores.keys()], kinds: KINDS, at, ...terms });
      const matches = hits.map((h) => ({ id: h.id, kind: h.kind, name: h.name ?? h.id }));
      // Who works where is read only when there is someone to choose.
      if (!rows.length) return { topic, matches, contacts: [], ...(await searchHelp(queries, t, topic, 0)) };
      const staff = (await kept.view(at, 'rosters', () => new KeptRosters())).view.rosters;
      const reasons = new TopicReasons(rows, scores, staff);
      // One more, should the asker be among them; only the chosen few's details are read.
      const chosen = reasons
        .choose(limit + (from === undefined ? 0 : 1))
        .filter((id) => id !== from)
        .slice(0, limit);
      const people = chosen.length ? await t.contactPeople({ ids: chosen, at }) : [];
      const ranked = rank(
        people.map((p) => ({ person: toPerson(p), rows: reasons.of(p.id) })),
        reasons,
      );
      const paths =
        from !== undefined && ranked.length
          ? await waysTo(
              [t.contactWays, t.contactWaysFour, t.contactPaths],
              from,
              ranked.map((c) => c.person.id),
              at,
            )
          : new Map();
      const contacts = ranked.map((c) => ({
        ...c,
        marks: marksIn([c.person.title, ...c.reasons.map((r) => r.node.name)], topic, TOPIC),
        path: paths.get(c.person.id) ?? null,
      }));
      return { topic, matches, contacts, ...(await searchHelp(queries, t, topic, contacts.length)) };
    });
  }
}

/**
 * The way from `from` to each contact: nearest ones by joining neighbourhoods (contactWays, then
 * contactWaysFour), only the rest by one bidirectional search each (contactPaths). All three pick
 * the first shortest path by ids, so which query found a way never changes the answer. `through` is
 * the node on that path between the asker and `via` (a training, network, department…), which the
 * client gives as the reason to ask; null when they are tied directly or there is no one to ask.
 */
async function waysTo(
  nearestFirst: ReadQueries['contactWays'][],
  from: string,
  ids: string[],
  at: string,
): Promise<Map<string, Contact['path']>> {
  const ways = new Map<string, Contact['path']>();
  const params = { from, types: REL_TYPES, kinds: KINDS, at };
  let left = ids;
  for (const query of nearestFirst) {
    for (const w of await query({ ...params, ids: left })) {
      if (w.length !== null) ways.set(w.id, { length: w.length, via: w.via, through: w.through, direct: w.direct });
    }
    left = left.filter((id) => !ways.has(id));
    if (!left.length) break;
  }
  return ways;
}

/** Each person's reasons, one per node they are about (the strongest), and their total, best first. */
export function rank(
  candidates: { person: Contact['person']; rows: ReasonRow[] }[],
  reasons: TopicReasons,
): Omit<Contact, 'path' | 'marks'>[] {
  const contacts = candidates.map(({ person, rows }) => {
    // a network that matches by name and through a petal, or a colleague of two of its leaders, counts once, by the strongest tie
    const best = new Map<string, ReasonRow>();
    for (const r of rows) {
      if (!r.aboutKind) continue;
      const held = best.get(r.aboutId);
      if (!held || stronger(r, held, reasons)) best.set(r.aboutId, r);
    }
    const list = [...best.values()].sort(
      (a, b) => reasons.value(b) - reasons.value(a) || danishOrder(a.aboutName ?? a.aboutId, b.aboutName ?? b.aboutId),
    );
    const total = list.reduce((sum, r) => sum + reasons.value(r), 0);
    return {
      person,
      total,
      score: Math.round(total * 1000) / 1000,
      reasons: list.map((r) => {
        const node: NodeRef = { id: r.aboutId, kind: r.aboutKind!, name: r.aboutName ?? r.aboutId };
        const leader: NodeRef | null =
          r.kind === 'department' && r.leaderId
            ? { id: r.leaderId, kind: 'Person', name: r.leader ?? r.leaderId }
            : null;
        return {
          kind: r.kind,
          node,
          leader,
          matched: r.matchedId,
          ...(r.kind === 'kle' && r.kle ? { kle: r.kle } : {}),
        };
      }),
    };
  });
  // As TopicReasons.choose orders them (totals to 9 decimals, names as Cypher orders them).
  contacts.sort(
    (a, b) =>
      nine(b.total) - nine(a.total) || byCodeUnit(a.person.name, b.person.name) || byCodeUnit(a.person.id, b.person.id),
  );
  return contacts.map(({ total, ...c }) => c);
}

function stronger(a: ReasonRow, b: ReasonRow, reasons: TopicReasons): boolean {
  if (reasons.value(a) !== reasons.value(b)) return reasons.value(a) > reasons.value(b);
  // equal: keep the reason that names the leader first in the alphabet, so answers do not wobble
  return danishOrder(a.leader ?? '', b.leader ?? '') < 0;
}

function toPerson(r: RowOf<'contactPeople'>): Contact['person'] {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const d = r.department;
  return {
    id: r.id,
    name: str(r.name) ?? r.id,
    title: str(r.title),
    email: str(r.email),
    phone: str(r.phone),
    department: d ? { id: d.id, kind: 'Department', name: d.name ?? d.id } : null,
  };
}

export type ContactsService = ReturnType<typeof contactsService>;
