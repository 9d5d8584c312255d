import { z } from 'zod';
import { day, int, maybeString, none, noRows, read, temporal, write } from '../server/common/declare.js';

// When search or who-to-contact has no good answer (issue 21): server/search/help.ts. A week is an ISO
// week as 'YYYY-Www' ('2026-W49'), which orders as text as it does in time.
const isoWeek = z.string().regex(/^\d{4}-W\d{2}$/);

/** What Ringe's vocabularies change with: how many nodes there are, the newest change of a node, and of what departments' vocabulary reads. */
export const searchHelpFingerprint = read(
  none,
  z.object({ nodes: int, lastNodeChange: temporal.nullable(), lastDepartmentChange: temporal.nullable() }),
);

/** Ringe's vocabulary as texts with how many nodes carry each, and whether its words may be suggested. */
export const searchHelpWords = read(
  z.object({ today: day }),
  z.object({ text: z.string(), suggest: z.boolean(), occurs: int }),
);

/** Each department's vocabulary on day $today (its name, units, people's titles, networks its people lead). */
export const searchHelpDepartments = read(
  z.object({ today: day }),
  z.object({ id: z.string(), name: maybeString, texts: z.array(z.string()) }),
);

/** Whether the index finds, for $lucene, anything search would show on day $today. */
export const searchHelpFinds = read(z.object({ lucene: z.string(), today: day }), z.object({ finds: z.boolean() }));

/** Counts one asking of a topic's words in a week. */
export const searchMissCount = write(z.object({ words: z.string().min(1), week: isoWeek }), noRows);

/** The counted topics of week $from and after, most asked first, at most $limit. */
export const searchMisses = read(
  z.object({ from: isoWeek, limit: int }),
  z.object({ words: z.string(), week: isoWeek, count: int }),
);

/** Deletes up to $limit counted topics of weeks before $before. */
export const searchMissPurge = write(z.object({ before: isoWeek, limit: int }), z.object({ deleted: int }));
