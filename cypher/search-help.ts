import { z } from 'zod';
import { day, int, maybeString, none, noRows, read, temporal, write } from '../server/common/declare.js';

// When search or who-to-contact has no good answer (issue 21): server/search/help.ts. A week is an ISO
// week as 'YYYY-Www' ('2026-W49'), which orders as text as it does in time.
const isoWeek = z.string().regex(/^\d{4}-W\d{2}$/);

/** What Ringe's vocabularies change with: how many nodes there are, the newest change of a node, of what departments' vocabulary reads, and of all. */
export const searchHelpFingerprint = read(
  none,
  z.object({
    nodes: int,
    lastNodeChange: temporal.nullable(),
    lastDepartmentChange: temporal.nullable(),
    lastChange: temporal.nullable(),
  }),
);

/** Nodes' parts of Ringe's vocabulary: the texts whose words may be suggested, and each node's texts whose words are only known. */
const nodeWords = z.object({
  suggested: z.array(z.string()),
  ids: z.array(z.string()),
  known: z.array(z.array(z.string())),
});

/** Ringe's vocabulary on day $today, node by node. */
export const searchHelpWords = read(z.object({ today: day }), nodeWords);

/** The part of Ringe's vocabulary of the nodes among $ids on day $today. */
export const searchHelpWordsOf = read(z.object({ ids: z.array(z.string()), today: day }), nodeWords);

/** Departments', people's or units' texts in the departments they count for (a department: its name too), with each one's id and networks led. */
const departmentTexts = z.object({
  name: maybeString,
  department: z.boolean(),
  departments: z.array(z.string()),
  texts: z.array(z.string()),
  ids: z.array(z.string()),
  networks: z.array(z.array(z.string())),
});

/** Each department's vocabulary on day $today, by the department, person or unit that holds its texts. */
export const searchHelpDepartments = read(z.object({ today: day }), departmentTexts);

/** The rows of searchHelpDepartments of the nodes among $ids and of the people leading a network among them. */
export const searchHelpDepartmentsOf = read(z.object({ ids: z.array(z.string()), today: day }), departmentTexts);

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
