import { today, type NodeRef } from '../../api/common.js';
import type { BrokersResponse } from '../../api/leadership.js';
import type { Db, Row } from '../db/index.js';
import type { Queries } from '../queries.js';
import { betweenness, type BetweennessOptions } from './betweenness.js';

/** Departments in one answer, as in the coordination matrix. */
export const MAX_DEPARTMENTS = 500;
/** Department pairs listed as strongest and as weakest. */
export const PAIRS_LISTED = 5;
/** How long an answer is served from the cache while the graph stays the same. */
export const CACHE_TTL_MS = 10 * 60_000;
/** Answers kept in the cache (the latest ones). */
export const CACHE_ENTRIES = 32;

type Broker = BrokersResponse['brokers'][number];
type DepartmentShare = BrokersResponse['departments'][number];
type PairStrength = BrokersResponse['strongest'][number];
/** The answer before the cache stamps it. */
type Analysis = Omit<BrokersResponse, 'at' | 'cached' | 'computedAt'>;

/** One person of the tie graph: id, name and the departments they work in, by id. */
export interface TiePerson {
  id: string;
  name: string;
  departments: { id: string; name: string }[];
}

/** What the tie graph is read from: people, groups of people sharing a network or a training, and KNOWS pairs. */
export interface TieData {
  people: TiePerson[];
  /** People (by id) who share one network or one training: each pair of them is tied. */
  groups: string[][];
  /** KNOWS relations by their two people's ids, one per relationship, either direction. */
  knows: [string, string][];
  /** Every department by name (then id), as the coordination matrix lists them. */
  departments: { id: string; name: string }[];
}

export interface BrokersOptions extends BetweennessOptions {
  ttlMs?: number;
  /** The clock, for the cache and computedAt. */
  now?: () => number;
}

/**
 * The tie graph among people: i and j are adjacent when they share a network or a training or a
 * KNOWS joins them. Indices follow `people`; neighbour lists are sorted, without repeats.
 */
export function tieGraph(data: Pick<TieData, 'people' | 'groups' | 'knows'>): number[][] {
  const index = new Map(data.people.map((p, i) => [p.id, i]));
  const sets = data.people.map(() => new Set<number>());
  const tie = (a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined || a === b) return;
    sets[a]!.add(b);
    sets[b]!.add(a);
  };
  for (const group of data.groups) {
    const members = [...new Set(group.map((id) => index.get(id)).filter((i): i is number => i !== undefined))];
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) tie(members[x], members[y]);
    }
  }
  for (const [a, b] of data.knows) tie(index.get(a), index.get(b));
  return sets.map((s) => [...s].sort((a, b) => a - b));
}

/**
 * Departments' ties as the coordination matrix counts them: each tied pair of people counts once,
 * for the pair of the departments the two count for (each person's first department by id;
 * people without a department are left out). A pair inside one department is one of its ties,
 * not a cross tie. `countsFor[i]` is person i's department id, or null.
 */
export function departmentTies(
  departments: { id: string; name: string }[],
  countsFor: (string | null)[],
  adjacency: readonly (readonly number[])[],
): Pick<BrokersResponse, 'departments' | 'isolated' | 'strongest' | 'weakest'> {
  const refs: NodeRef[] = departments.map((d) => ({ id: d.id, kind: 'Department', name: d.name ?? d.id }));
  // Position in the name-ordered list: orders a before b within a pair and breaks ties between pairs.
  const position = new Map(refs.map((d, i) => [d.id, i]));
  const m = refs.length;
  const ties = new Array<number>(m).fill(0);
  const crossTies = new Array<number>(m).fill(0);
  const pairTies = new Map<number, number>(); // key ia * m + ib with ia < ib

  const at = countsFor.map((d) => (d === null ? undefined : position.get(d)));
  adjacency.forEach((neighbours, i) => {
    for (const j of neighbours) {
      if (j <= i) continue; // each unordered pair once
      let ia = at[i];
      let ib = at[j];
      if (ia === undefined || ib === undefined) continue; // no department, or beyond the cap
      ties[ia]!++;
      if (ia === ib) continue;
      ties[ib]!++;
      crossTies[ia]!++;
      crossTies[ib]!++;
      if (ia > ib) [ia, ib] = [ib, ia];
      pairTies.set(ia * m + ib, (pairTies.get(ia * m + ib) ?? 0) + 1);
    }
  });

  const shares: DepartmentShare[] = refs.map((department, i) => ({
    department,
    ties: ties[i]!,
    crossTies: crossTies[i]!,
    share: ties[i] ? crossTies[i]! / ties[i]! : 0,
  }));
  const pair = (ia: number, ib: number, n: number): PairStrength => ({ a: refs[ia]!, b: refs[ib]!, ties: n });

  const strongest = [...pairTies]
    .map(([key, n]) => ({ ia: Math.floor(key / m), ib: key % m, n }))
    .sort((x, y) => y.n - x.n || x.ia - y.ia || x.ib - y.ib)
    .slice(0, PAIRS_LISTED)
    .map((p) => pair(p.ia, p.ib, p.n));

  // Fewest first, zero included: every pair of different departments, in position order within equal counts.
  const weakest: { ia: number; ib: number; n: number }[] = [];
  const worse = (x: { ia: number; ib: number; n: number }, y: typeof x) => x.n - y.n || x.ia - y.ia || x.ib - y.ib;
  for (let ia = 0; ia < m; ia++) {
    for (let ib = ia + 1; ib < m; ib++) {
      const candidate = { ia, ib, n: pairTies.get(ia * m + ib) ?? 0 };
      if (weakest.length === PAIRS_LISTED && worse(candidate, weakest[PAIRS_LISTED - 1]!) >= 0) continue;
      weakest.push(candidate);
      weakest.sort(worse);
      if (weakest.length > PAIRS_LISTED) weakest.pop();
    }
  }

  return {
    departments: shares,
    isolated: shares.filter((s) => s.crossTies === 0).map((s) => s.department),
    strongest,
    weakest: weakest.map((p) => pair(p.ia, p.ib, p.n)),
  };
}

/** The whole answer from the tie data, apart from the cache's stamps: pure, so it is tested directly. */
export async function analyseTies(data: TieData, limit: number, options: BetweennessOptions = {}): Promise<Analysis> {
  const adjacency = tieGraph(data);
  const found = await betweenness(adjacency, options);
  const ownIds = data.people.map((p) => new Set(p.departments.map((d) => d.id)));

  const brokers: Broker[] = data.people.map((p, i) => {
    const reached = new Set<string>();
    for (const j of adjacency[i]!) {
      for (const d of data.people[j]!.departments) if (!ownIds[i]!.has(d.id)) reached.add(d.id);
    }
    const first = p.departments[0];
    return {
      person: { id: p.id, kind: 'Person', name: p.name },
      department: first ? { id: first.id, kind: 'Department', name: first.name ?? first.id } : null,
      degree: adjacency[i]!.length,
      departmentsReached: reached.size,
      betweenness: round(found.values[i]!),
    };
  });
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  brokers.sort(
    (x, y) =>
      y.betweenness - x.betweenness || y.degree - x.degree || cmp(x.person.name, y.person.name) || cmp(x.person.id, y.person.id),
  );

  return {
    method: found.method,
    sampled: found.sampled,
    people: data.people.length,
    brokers: brokers.slice(0, limit),
    ...departmentTies(
      data.departments,
      data.people.map((p) => p.departments[0]?.id ?? null),
      adjacency,
    ),
  };
}

/** Six decimals: enough to rank and show, and free of floating-point dust (2.0000000000000004). */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The latest answers, each for up to `ttlMs`. Only a cache: every server process keeps its own,
 * and a key names the graph it was made from, so a changed graph never gets an old answer.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, { value: T; madeAt: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): { value: T; madeAt: number } | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.madeAt > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, madeAt: this.now() });
    // Maps keep insertion order: the first entries are the oldest.
    for (const old of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(old);
    }
  }
}

const fingerprintOf = (r: Row | undefined) => JSON.stringify([r?.lastChange ?? null, r?.people ?? 0, r?.relationships ?? 0]);

export function brokersService(db: Db, queries: Queries, options: BrokersOptions = {}) {
  const fingerprintQuery = queries.get('brokersFingerprint');
  const peopleQuery = queries.get('brokersPeople');
  const groupsQuery = queries.get('brokersGroups');
  const knowsQuery = queries.get('brokersKnows');
  const departmentsQuery = queries.get('brokersDepartments');
  const now = options.now ?? Date.now;
  const cache = new AnswerCache<BrokersResponse>(options.ttlMs ?? CACHE_TTL_MS, CACHE_ENTRIES, now);
  const key = (at: string, limit: number, fingerprint: string) => JSON.stringify([at, limit, fingerprint]);
  /** Questions being worked out right now: the same one asked again meanwhile waits for that answer. */
  const pending = new Map<string, Promise<BrokersResponse>>();
  const sampling: BetweennessOptions = {
    ...(options.exactUpTo === undefined ? {} : { exactUpTo: options.exactUpTo }),
    ...(options.sample === undefined ? {} : { sample: options.sample }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };

  async function compute(day: string, limit: number): Promise<BrokersResponse> {
    // The fingerprint again inside the transaction, so the answer is cached under the graph it was made from.
    const { fingerprint, data } = await db.readTx(async (tx) => {
      const [fp] = await tx.run(fingerprintQuery);
      const people = await tx.run(peopleQuery, { at: day });
      const groups = await tx.run(groupsQuery, { at: day });
      const knows = await tx.run(knowsQuery, { at: day });
      const departments = await tx.run(departmentsQuery, { limit: MAX_DEPARTMENTS });
      const data: TieData = {
        people: people.map((r) => ({
          id: r.id as string,
          name: nameOf(r),
          departments: ((r.departments as Row[] | null) ?? []).map((d) => ({ id: d.id as string, name: nameOf(d) })),
        })),
        groups: groups.map((r) => r.people as string[]),
        knows: knows.map((r) => [r.a as string, r.b as string]),
        departments: departments.map((r) => ({ id: r.id as string, name: nameOf(r) })),
      };
      return { fingerprint: fingerprintOf(fp), data };
    });
    const { method, sampled, people, ...rest } = await analyseTies(data, limit, sampling);
    const answer: BrokersResponse = { at: day, method, sampled, cached: false, computedAt: new Date(now()).toISOString(), people, ...rest };
    cache.set(key(day, limit, fingerprint), answer);
    return answer;
  }

  return {
    async brokers({ at, limit }: { at?: string | undefined; limit: number }): Promise<BrokersResponse> {
      const day = at ?? today();
      const [current] = await db.read(fingerprintQuery);
      const asked = key(day, limit, fingerprintOf(current));
      const hit = cache.get(asked);
      if (hit) return { ...hit.value, cached: true };
      const running = pending.get(asked);
      if (running) return running;
      const work = compute(day, limit).finally(() => pending.delete(asked));
      pending.set(asked, work);
      return work;
    },
  };
}

const nameOf = (r: Row) => (r.name as string | null) ?? (r.id as string);

export type BrokersService = ReturnType<typeof brokersService>;
