import { z } from 'zod';
import { NETWORK_KINDS, nodeRefSchema, relTypeSchema } from './common.js';
import { changeSchema } from './edit.js';
import { ep } from './endpoint.js';
import { flowerResponse } from './explore.js';
import { roundResultsResponse } from './surveys.js';

// The booklet ("Netværksstrukturen i Albertslund Kommune", 2014) regenerated from live data: a
// printable report. Networks come in the booklet's order, then the shared themes of its
// "”Ringene i vandet”" chapter (the 2014 text as it stands, not data), the network leaders'
// contact list, and, with `since`, what changed since that day.

/** Changes and relations carried per list of "what changed since". */
export const MAX_REPORT_CHANGES = 200;

export const reportQuery = z.strictObject({
  /** A day (YYYY-MM-DD, Albertslund time): also list what changed from the start of that day. */
  since: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }).optional(),
});

/** A survey round's results without the rings and the caller's role (api/surveys.ts). */
export const reportSurveySchema = roundResultsResponse.omit({ manager: true, rings: true });

const leaderSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  /** Where the person works (the first department by name). */
  department: nodeRefSchema.nullable(),
});

export const reportNetworkSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  kind: z.enum(NETWORK_KINDS),
  /** The network's place in the booklet (1 = its first network page); null for networks added since. */
  bookletOrder: z.number().int().nullable(),
  theme: z.string().nullable(),
  status: z.string(),
  phase: z.string().nullable(),
  remarks: z.array(z.string()),
  /** True for the networks the booklet lost the heading of (reconstructed from the remarks). */
  inferred: z.boolean(),
  /** Those leading the network today, by name. */
  leaders: z.array(leaderSchema),
  /** Its outcomes by perspective, as /api/networks/{id}/flower gives them. */
  petals: flowerResponse.shape.petals,
  /**
   * What its latest closed survey round measured (issue 20), as anyone may see it: every figure rests
   * on at least 5 respondents, else `tooFew` and none; null when it has no closed round.
   */
  survey: reportSurveySchema.nullable(),
});

export const bookletThemesSchema = z.strictObject({
  /** The booklet: "Netværksstrukturen i Albertslund Kommune". */
  title: z.string(),
  edition: z.string(),
  /** The year the text was written (2014): it is the booklet's text, not regenerated from data. */
  year: z.number().int(),
  /** The chapter's heading as printed: ”Ringene i vandet”. */
  heading: z.string(),
  intro: z.string(),
  /** The chapter's four lists, headings and lines exactly as the booklet prints them. */
  lists: z.array(z.strictObject({ heading: z.string(), items: z.array(z.string()) })),
  source: z.string(),
});

export const reportContactSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  department: nodeRefSchema.nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

export const reportChangeSchema = z.strictObject({
  id: z.string(),
  at: z.string(),
  /** Who made the change. */
  who: z.string(),
  action: changeSchema.shape.action,
  /** The kind of node changed, or "Relation". */
  targetKind: z.string(),
  targetId: z.string(),
  /** The node's name (as recorded when it no longer exists); for a relation "source → target". */
  targetName: z.string(),
  /** For a change of a relation, its type. */
  relationType: relTypeSchema.nullable(),
});

export const reportRelationSchema = z.strictObject({
  type: relTypeSchema,
  source: nodeRefSchema,
  target: nodeRefSchema,
  since: z.string(),
  until: z.string().nullable(),
});

export const reportChangesSchema = z.strictObject({
  since: z.string(),
  /** Recorded changes from the start of `since` (Albertslund time), newest first. */
  changes: z.array(reportChangeSchema),
  /**
   * Relations whose `since` is on or after the day, newest first; a partial `since` (2014-06)
   * counts when its month or year reaches the day.
   */
  relations: z.array(reportRelationSchema),
  /** True when there were more changes or relations than the answer carries (at most MAX_REPORT_CHANGES each). */
  truncated: z.boolean(),
});

export const reportResponse = z.strictObject({
  /** The day this edition shows (today in Albertslund, YYYY-MM-DD). */
  date: z.string(),
  /** In the booklet's order, then networks the booklet does not have, by kind then name. */
  networks: z.array(reportNetworkSchema),
  themes: bookletThemesSchema,
  /** "Kontaktoplysninger på netværkslederne": everyone leading a network today, alphabetical by first name, as the booklet sorts them. */
  contacts: z.array(reportContactSchema),
  /** What changed since `since`; null without it. */
  changes: reportChangesSchema.nullable(),
});

export type ReportResponse = z.infer<typeof reportResponse>;
export type ReportNetwork = z.infer<typeof reportNetworkSchema>;
export type BookletThemes = z.infer<typeof bookletThemesSchema>;

export const reportEndpoints = {
  report: ep({
    method: 'get',
    path: '/api/report',
    summary:
      "The booklet's current edition from live data: networks in the booklet's order with leaders and petals, the booklet's 2014 themes, the leaders' contact list, and with `since` what changed since that day.",
    query: reportQuery,
    response: reportResponse,
  }),
};
