import type { NodeRef } from '../../api/common.js';
import type { BrokersResponse } from '../../api/leadership.js';
import { byCodeUnit } from '../../api/order.js';
import type { Queries } from '../common/queries.js';
import { GraphAnswers } from '../ties/cache.js';
import { tallyByGroups } from '../ties/departments.js';
import { keptTiesOf } from '../ties/kept.js';
import type { TieSource } from '../ties/load.js';
import { type BetweennessOptions, channelBetweenness } from './betweenness.js';
import { aTurn, runInTurns, type Steps } from '../common/turns.js';
import { type Channels, channelSteps, degreesOf, departmentsReachedOf } from './channels.js';

/** Department pairs listed as strongest and as weakest. */
export const PAIRS_LISTED = 5;

type Broker = BrokersResponse['brokers'][number];
type DepartmentShare = BrokersResponse['departments'][number];
type PairStrength = BrokersResponse['strongest'][number];
/** The answer before the cache stamps it. */
type Analysis = Omit<BrokersResponse, 'at' | 'cached' | 'computedAt' | 'current'>;

/** The tie graph with each shared network or training as just its people (by id): each pair of them is tied. */
export interface TieData extends Omit<TieSource, 'groups'> {
  groups: string[][];
}

export interface BrokersOptions extends BetweennessOptions {
  ttlMs?: number;
  /** The clock, for the cache and computedAt. */
  now?: () => number;
}

/**
 * The tie graph among people as lists of pairs: i and j are adjacent when they share a network or
 * a training or a KNOWS joins them. Indices follow `people`; neighbour lists are sorted, without
 * repeats. Brokers no longer answer from it (a group of k people ties k·(k-1)/2 pairs: 13 million
 * ends at 50,000 people, 130 million at 500,000); it is the plain statement of the graph that the
 * counting by channels (server/brokers/channels.ts) is tested against (test/brokers-groups.test.ts).
 */
export function tieGraph(data: Pick<TieData, 'people' | 'groups' | 'knows'>): number[][] {
  const n = data.people.length;
  const index = new Map(data.people.map((p, i) => [p.id, i]));
  const known = (id: string) => index.get(id);
  const members = data.groups.map((group) => group.map(known).filter((i): i is number => i !== undefined));
  const groupsOf: number[][] = Array.from({ length: n }, () => []);
  members.forEach((list, g) => {
    for (const i of list) groupsOf[i]!.push(g);
  });
  const knowsOf: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of data.knows) {
    const i = known(a);
    const j = known(b);
    if (i === undefined || j === undefined || i === j) continue;
    knowsOf[i]!.push(j);
    knowsOf[j]!.push(i);
  }
  const stamp = new Int32Array(n).fill(-1);
  const row = new Int32Array(n);
  return groupsOf.map((groups, i) => {
    stamp[i] = i; // never one's own neighbour
    let count = 0;
    const add = (j: number) => {
      if (stamp[j] === i) return;
      stamp[j] = i;
      row[count++] = j;
    };
    for (const g of groups) for (const j of members[g]!) add(j);
    for (const j of knowsOf[i]!) add(j);
    return Array.from(row.subarray(0, count).sort());
  });
}

/**
 * Departments' ties as the coordination matrix counts them, by the rule in server/ties/departments.ts:
 * each tied pair of people counts once for every department either works in, as a cross tie when
 * they have no department in common, and then for every pair of one's department and the other's
 * (people without a department are left out). `departmentsOf[i]` is person i's department ids.
 * Counted by groups (tallyByGroups), never pair by pair.
 */
export function departmentTies(
  departments: { id: string; name: string }[],
  departmentsOf: readonly (readonly string[])[],
  channels: Channels,
): Pick<BrokersResponse, 'departments' | 'isolated' | 'strongest' | 'weakest'> {
  const refs: NodeRef[] = departments.map((d) => ({ id: d.id, kind: 'Department', name: d.name ?? d.id }));
  // Position in the name-ordered list: orders a before b within a pair and breaks ties between pairs.
  const position = new Map(refs.map((d, i) => [d.id, i]));
  const m = refs.length;
  // Departments beyond the cap are left out, as in the coordination matrix.
  const at = departmentsOf.map((ids) => [
    ...new Set(ids.map((d) => position.get(d)).filter((x): x is number => x !== undefined)),
  ]);
  const { members, groupsOf, knowsOf } = channels.lists;
  // The channels' lists are by position (server/brokers/channels.ts): so are the departments the tally reads.
  const atPosition = Array.from(channels.person, (i) => at[i]!);
  const tally = tallyByGroups(m, atPosition, members, groupsOf, knowsOf, {}, channels.overlaps);
  const { ties, crossTies, pairs: pairTies } = tally;

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

/** The people's numbers in the groups and KNOWS (by their place in `people`), in steps (server/common/turns.ts). */
function* numberedSteps(data: TieData): Steps<{ members: number[][]; knows: [number, number][] }> {
  const index = new Map(data.people.map((p, i) => [p.id, i]));
  yield;
  const known = (id: string) => index.get(id);
  const members = data.groups.map((group) => group.map(known).filter((i): i is number => i !== undefined));
  yield;
  const knows: [number, number][] = [];
  for (let k = 0; k < data.knows.length; k++) {
    if ((k & 65535) === 0) yield;
    const [a, b] = data.knows[k]!;
    const i = known(a);
    const j = known(b);
    if (i !== undefined && j !== undefined) knows.push([i, j]);
  }
  return { members, knows };
}

/**
 * The whole answer from the tie data, apart from the cache's stamps: pure, so it is tested directly. It lets the event
 * loop take turns between its parts and within the long ones: at 500,000 people they took 15 s (docs/benchmarks.md).
 */
export async function analyseTies(data: TieData, limit: number, options: BetweennessOptions = {}): Promise<Analysis> {
  const { members, knows } = await runInTurns(numberedSteps(data));
  const channels = await runInTurns(channelSteps(data.people.length, members, knows));
  const found = await channelBetweenness(channels, options);
  await aTurn();
  const degree = degreesOf(channels);
  // Every department anyone works in, numbered, for the departments each person reaches.
  const number = new Map<string, number>();
  const numbered = data.people.map((p) =>
    p.departments.map((d) => number.get(d.id) ?? number.set(d.id, number.size).get(d.id)!),
  );
  await aTurn();
  const reached = departmentsReachedOf(channels, numbered, number.size);
  await aTurn();

  // The first `limit` people in the answer's order, sorted by their places (not half a million answer rows).
  const betweenness = Float64Array.from(found.values, round);
  const order = Array.from({ length: data.people.length }, (_, i) => i);
  order.sort(
    (x, y) =>
      betweenness[y]! - betweenness[x]! ||
      degree[y]! - degree[x]! ||
      byCodeUnit(data.people[x]!.name, data.people[y]!.name) ||
      byCodeUnit(data.people[x]!.id, data.people[y]!.id),
  );
  const brokers: Broker[] = order.slice(0, limit).map((i) => {
    const p = data.people[i]!;
    const first = p.departments[0];
    return {
      person: { id: p.id, kind: 'Person', name: p.name },
      department: first ? { id: first.id, kind: 'Department', name: first.name ?? first.id } : null,
      degree: degree[i]!,
      departmentsReached: reached[i]!,
      betweenness: betweenness[i]!,
    };
  });
  await aTurn();

  return {
    method: found.method,
    sampled: found.sampled,
    people: data.people.length,
    brokers,
    ...departmentTies(
      data.departments,
      data.people.map((p) => p.departments.map((d) => d.id)),
      channels,
    ),
  };
}

/** Six decimals: enough to rank and show, and free of floating-point dust (2.0000000000000004). */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function brokersService(queries: Queries, options: BrokersOptions = {}) {
  const now = options.now ?? Date.now;
  // An estimate takes seconds at 50,000 people (docs/benchmarks.md): after a change the previous one is given at
  // once, marked, while the new one is made. An exact answer (small graphs) is always made for the graph as it is.
  const answers = new GraphAnswers<BrokersResponse>(queries, {
    ttlMs: options.ttlMs,
    now,
    meanwhile: (previous) => previous.method === 'approximate',
  });
  const kept = keptTiesOf(queries);
  const sampling: BetweennessOptions = {
    ...(options.exactUpTo === undefined ? {} : { exactUpTo: options.exactUpTo }),
    ...(options.sample === undefined ? {} : { sample: options.sample }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };

  async function compute(day: string, limit: number): Promise<{ fingerprint: string; value: BrokersResponse }> {
    const { fingerprint, state } = await kept.current(day);
    const source = await runInTurns(state.sourceSteps());
    const data: TieData = { ...source, groups: source.groups.map((g) => g.people) };
    const { method, sampled, people, ...rest } = await analyseTies(data, limit, sampling);
    const value: BrokersResponse = {
      at: day,
      method,
      sampled,
      cached: false,
      computedAt: new Date(now()).toISOString(),
      current: true,
      people,
      ...rest,
    };
    return { fingerprint, value };
  }

  return {
    async brokers({ at: day, limit }: { at: string; limit: number }): Promise<BrokersResponse> {
      const { value, cached, current } = await answers.answer(JSON.stringify(['brokers', day, limit]), () =>
        compute(day, limit),
      );
      return cached ? { ...value, cached: true, current } : value;
    },
  };
}

export type BrokersService = ReturnType<typeof brokersService>;
