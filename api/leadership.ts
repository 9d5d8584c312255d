import { z } from 'zod';
import { atOrToday, boundedInt, idSchema, nodeRefSchema } from './common.js';
import { ep } from './endpoint.js';

// What leadership sees: how far each network's ripples reach, who bridges the departments and
// where they stay alone, and how coordination changes over time.
//
// A tie between two people is what the coordination matrix counts: a shared network (both lead
// or take part in it), a KNOWS, or a shared training. A relation is cross-department when its
// two people have no department in common (for a person and a network: the person works in none
// of the departments of the network's leaders). Every answer respects `at` (default today).

const int = z.number().int();

// --- ripple (per network) ----------------------------------------------------------------
export const rippleParams = z.strictObject({ id: idSchema });
export const rippleQuery = z.strictObject({ at: atOrToday });
export const rippleResponse = z.strictObject({
  network: nodeRefSchema,
  at: z.string(),
  /**
   * People first reached at 1, 2 and 3 hops: hop 1 is the network's leaders and participants,
   * hop k+1 the people tied to hop k who were not reached before. Always three entries.
   */
  rings: z.array(z.strictObject({ hops: int, people: int })),
  /** Departments where people of hops 1 to 3 work, with how many of them work there. */
  departments: z.array(z.strictObject({ department: nodeRefSchema, people: int })),
  /** Partners the network, or another network that people of hops 1 to 3 lead or join, collaborates with. */
  partners: z.array(nodeRefSchema),
  /** KNOWS relations with `via` this network: the new relations it created, and how many cross departments. */
  newRelations: z.strictObject({ total: int, crossDepartment: int }),
});
export type RippleResponse = z.infer<typeof rippleResponse>;

// --- brokers and silos ---------------------------------------------------------------------
export const brokersQuery = z.strictObject({
  at: atOrToday,
  limit: boundedInt(1, 200, 20),
});
export const brokerSchema = z.strictObject({
  person: nodeRefSchema,
  /** The first of the person's departments by id, to show; their ties count for each of their departments, as in the coordination matrix. */
  department: nodeRefSchema.nullable(),
  /** How many other people the person is tied to. */
  degree: int,
  /** How many departments other than their own the people they are tied to work in. */
  departmentsReached: int,
  /**
   * Betweenness in the tie graph among people: over every pair of other people, the share of
   * shortest ways between them that pass through this person, summed (each pair once).
   */
  betweenness: z.number(),
});
export const pairStrength = z.strictObject({ a: nodeRefSchema, b: nodeRefSchema, ties: int });
export const brokersResponse = z.strictObject({
  at: z.string(),
  /** How betweenness was found: exactly, or estimated from `sampled` source people (large graphs). */
  method: z.enum(['exact', 'approximate']),
  sampled: int.nullable(),
  /** True when the answer came from a cache made at `computedAt` for the same graph and day. */
  cached: z.boolean(),
  computedAt: z.string(),
  /**
   * False when the graph has changed since `computedAt` and the whole answer is still that of the graph as it was
   * then: an estimate (`method` 'approximate') takes seconds to make, so after a change the previous one is given at
   * once while the new one is worked out; asking again a little later gets it. True for the graph as it is now.
   */
  current: z.boolean(),
  people: int,
  /** Highest betweenness first, then degree, then name. */
  brokers: z.array(brokerSchema),
  /** Per department: all its ties, those that leave it, and their share; by name. */
  departments: z.array(z.strictObject({ department: nodeRefSchema, ties: int, crossTies: int, share: z.number() })),
  /** Departments with no cross ties at all. */
  isolated: z.array(nodeRefSchema),
  /** Up to five department pairs with the most ties, and up to five with the fewest (zero included). */
  strongest: z.array(pairStrength),
  weakest: z.array(pairStrength),
});
export type BrokersResponse = z.infer<typeof brokersResponse>;

// --- trends --------------------------------------------------------------------------------
export const trendsQuery = z.strictObject({});
export const trendsResponse = z.strictObject({
  /**
   * Every quarter from the first dated relation to today's, oldest first ("2015-K1"); `survey`: those of
   * its relations that are KNOWS a survey answer wrote (issue 20), a series of their own.
   */
  quarters: z.array(z.strictObject({ quarter: z.string(), relations: int, crossDepartment: int, survey: int })),
  /** Every year from the first dated network to this year: networks started and finished. */
  years: z.array(z.strictObject({ year: int, started: int, finished: int })),
  /** What has no date precise enough to place: relations without a month in `since`, networks without `startedAt`. */
  undated: z.strictObject({ relations: int, networks: int }),
  /** The first date anything is dated (null when nothing is) and today: the time slider's range. */
  range: z.strictObject({ from: z.string().nullable(), to: z.string() }),
});
export type TrendsResponse = z.infer<typeof trendsResponse>;

// --- timeline (the time slider) ------------------------------------------------------------
/** The most stops the slider has by change; with more, it stops at the end of each month with a change instead. */
export const TIMELINE_MAX_STEPS = 240;
export const timelineQuery = z.strictObject({});
export const timelineResponse = z.strictObject({
  /** The model's relations, and how many have a `since` or an `until` (the others hold on every day). */
  relations: z.strictObject({ dated: int, total: int }),
  /** Networks, and how many have a `startedAt` (the others count on every day). */
  networks: z.strictObject({ dated: int, total: int }),
  /**
   * The days the slider stops at, oldest first, the last one today: the day before the first change
   * (the graph before anything dated began), then each day something changes (a relation begins, the
   * day after one ends, a network starts); or, when that would make more than TIMELINE_MAX_STEPS
   * stops, the last day of each month with a change, after that of the month before the first (`by: 'month'`).
   */
  steps: z.array(z.string()),
  by: z.enum(['change', 'month']),
});
export type TimelineResponse = z.infer<typeof timelineResponse>;

// --- endpoints -----------------------------------------------------------------------------
export const leadershipEndpoints = {
  ripple: ep({
    method: 'get',
    path: '/api/networks/{id}/ripple',
    summary:
      "How far a network's ripples reach at a day: people first reached at 1, 2 and 3 ties, their departments, partners, and the new relations it created.",
    params: rippleParams,
    query: rippleQuery,
    response: rippleResponse,
  }),
  brokers: ep({
    method: 'get',
    path: '/api/insights/brokers',
    summary:
      'Who bridges the departments (betweenness in the tie graph among people) and where departments stay alone, at a day.',
    query: brokersQuery,
    response: brokersResponse,
  }),
  trends: ep({
    method: 'get',
    path: '/api/insights/trends',
    summary:
      'Relations per quarter of their start (and how many cross departments), networks started and finished per year, and the dated range.',
    query: trendsQuery,
    response: trendsResponse,
  }),
  timeline: ep({
    method: 'get',
    path: '/api/insights/timeline',
    summary:
      "The time slider's stops: the days something changes, and how many relations and networks have dates at all.",
    query: timelineQuery,
    response: timelineResponse,
  }),
} as const;
