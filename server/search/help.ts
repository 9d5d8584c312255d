import { startRepeating } from '../common/repeating.js';
import { pino, type Logger } from 'pino';
import { type NodeRef, today } from '../../api/common.js';
import { cprRefusal } from '../../api/cpr.js';
import { byCodeUnit } from '../../api/order.js';
import { danishOrder } from '../common/labels.js';
import type { Queries, ReadQueries } from '../common/queries.js';
import { loggerOptions } from '../common/security.js';
import { daysBefore } from '../surveys/retention.js';
import { toLucene } from './lucene.js';
import {
  type Departments,
  type DepartmentWords,
  type Fingerprint,
  fold,
  followsDepartments,
  followsWords,
  KeptVocabulary,
  meaningful,
  type Vocabulary,
  type Words,
} from './vocabulary.js';
import { editDistance, englishReadings, isEnglishOnly, wordsOf } from './words.js';

/**
 * What to offer when search or who-to-contact has no good answer (issue 21): words the user may have
 * meant ("Mente du …?"), and the nearest department. Both come from Ringe's own vocabulary (cypher/search-help.cypher):
 * the words of network names and themes, people's titles (never their names), departments, units and their KLE
 * subjects, partners, trainings, outcomes, forums and projects.
 */
export interface SearchHelp {
  suggestions: string[];
  nearestDepartment: NodeRef | null;
}

/** No help: the answer was good. */
export const NO_HELP: SearchHelp = { suggestions: [], nearestDepartment: null };

/** Suggestions offered at most. */
export const MAX_SUGGESTIONS = 3;
/** Typed words a suggestion may correct (the first unknown ones), so a long topic asks the index little. */
const MAX_CORRECTED = 3;
/** Words looked up in the index per request to see that they find something (each answer is remembered). */
const MAX_CHECKS = 6;

/** How far a typed word may be from what is suggested for it: beyond the index's own typos (1 edit from 4 letters, 2 from 8). */
export function maxEdits(length: number): number {
  return length < 3 ? 0 : length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

// --- the vocabulary -----------------------------------------------------------------------------------------------

// Ringe's vocabularies are read from most of its nodes, so each is kept in this process and follows the change log
// (server/search/vocabulary.ts): a node an edit touched is read again, not the whole vocabulary. Each is brought up
// to date in the caller's read transaction, one request at a time; a whole reading in a transaction of its own.
const keptWords = new KeptVocabulary<Words>(followsWords);
const keptDepartments = new KeptVocabulary<DepartmentWords>(followsDepartments);

/**
 * How long a request waits for the vocabularies to be brought up to date before it answers with the ones kept from
 * before, or without help: help is optional, the answer is not. A whole reading took 6.5 s at 500,000 people, more
 * than a read may (READ_TIMEOUT_MS), and after an outage updates begun in failing transactions ran until their
 * timeouts.
 */
export const HELP_PATIENCE_MS = 1_000;
/** The same before a process has any vocabulary of the day (its first search; about 0.7 s at 50,000 people). */
export const FIRST_HELP_PATIENCE_MS = 3_000;
/**
 * What a request keeps of its transaction's time for the rest of its answer: it never waits for help so long that
 * its read passes its timeout (a slow search on a busy machine has less left than the patience).
 */
export const ANSWER_RESERVE_MS = 1_000;

/** How long a request may wait for the vocabularies: by whether the process has any of the day, and its transaction's deadline. */
export function helpPatienceMs(held: boolean, deadline: number, now = Date.now()): number {
  return Math.max(0, Math.min(held ? HELP_PATIENCE_MS : FIRST_HELP_PATIENCE_MS, deadline - ANSWER_RESERVE_MS - now));
}

/** The vocabularies for a request, both within one patience (undefined where there is none yet). */
async function vocabularies(
  queries: Queries,
  t: ReadQueries,
  day: string,
  fp: Fingerprint,
): Promise<{ words: Vocabulary | undefined; departments: () => Promise<Departments | undefined> }> {
  const until = Date.now() + helpPatienceMs(keptWords.holds(day), t.deadline);
  // The departments' first reading of the day starts with the words' (it is whole, in a transaction of its own),
  // not when a request first needs it, after the words': it would have only what is left of the same patience.
  const first = keptDepartments.holds(day) ? undefined : keptDepartments.ready(queries, t, day, fp, until - Date.now());
  const words = await keptWords.ready(queries, t, day, fp, until - Date.now());
  return {
    words,
    departments: () => first ?? keptDepartments.ready(queries, t, day, fp, Math.max(0, until - Date.now())),
  };
}

// --- known words --------------------------------------------------------------------------------------------------

/** Whether some word of the vocabulary starts with `start` (a word being typed). */
function startsSome(v: Vocabulary, start: string): boolean {
  let lo = 0;
  let hi = v.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v.sorted[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return v.sorted[lo]?.startsWith(start) ?? false;
}

/** A folded word the index finds as it is: a word of the vocabulary, the start of one, or one with an ending (up to 4 letters) the stemmer takes off. */
function knownAlone(v: Vocabulary, w: string): boolean {
  if (v.words.has(w) || (w.length >= 3 && startsSome(v, w))) return true;
  for (let n = Math.max(4, w.length - 4); n < w.length; n++) if (v.words.has(w.slice(0, n))) return true;
  return false;
}

/**
 * A folded word the index finds (so hits for it are not only fuzzy ones): known alone, or a compound of a known
 * word (or one lacking its final e, as "arbejd" in "arbejdsmiljø") and a known rest, with or without a joining s or e.
 */
function known(v: Vocabulary, w: string): boolean {
  if (knownAlone(v, w)) return true;
  for (let i = 3; i <= w.length - 3; i++) {
    const head = w.slice(0, i);
    if (!v.words.has(head) && !v.words.has(`${head}e`)) continue;
    const rest = w.slice(i);
    if (knownAlone(v, rest)) return true;
    if ((rest[0] === 's' || rest[0] === 'e') && rest.length > 3 && knownAlone(v, rest.slice(1))) return true;
  }
  return false;
}

// --- suggestions --------------------------------------------------------------------------------------------------

interface Candidate {
  key: string;
  form: string;
  distance: number;
  occurs: number;
}

/** The words that may be suggested for a folded word, nearest first, then the most frequent, then by form. */
function candidates(v: Vocabulary, w: string, max: number): Candidate[] {
  const near: Candidate[] = [];
  for (let length = w.length - max; length <= w.length + max; length++) {
    for (const key of v.byLength.get(length) ?? []) {
      const distance = editDistance(w, key, max);
      // an English word of the vocabulary in Ringe's own words is no Danish word to propose
      if (distance > max || key === w || isEnglishOnly(key)) continue;
      const { form, occurs } = v.words.get(key)!;
      near.push({ key, form, distance, occurs });
    }
  }
  // Then by the folded word, so the order never rests on the order the vocabulary learnt its words in.
  return near.sort(
    (a, b) => a.distance - b.distance || b.occurs - a.occurs || danishOrder(a.form, b.form) || byCodeUnit(a.key, b.key),
  );
}

/** Whether a word of the vocabulary finds something search shows (remembered with the vocabulary). */
async function finds(t: ReadQueries, v: Vocabulary, c: Candidate, day: string): Promise<boolean> {
  // The answers of this state of the graph: an edit meanwhile gives the vocabulary a new map, not this one.
  const answers = v.finds;
  const seen = answers.get(c.key);
  if (seen !== undefined) return seen;
  const lucene = toLucene(c.form);
  const [row] = lucene ? await t.searchHelpFinds({ lucene, today: day }) : [];
  const found = row?.finds ?? false;
  answers.set(c.key, found);
  return found;
}

/**
 * "Mente du …?": the typed words with the unknown ones put right. The first suggestion takes each one's nearest
 * word, the others one word's second or third nearest instead; fewest edits first, then the most frequent words.
 * Each word put in finds something (the index is asked), so each suggestion does.
 */
async function suggestionsFor(t: ReadQueries, v: Vocabulary, typed: string[], unknown: number[], day: string) {
  let checks = MAX_CHECKS;
  const options: { at: number; choices: Candidate[] }[] = [];
  for (const at of unknown.slice(0, MAX_CORRECTED)) {
    const word = typed[at]!;
    const choices: Candidate[] = [];
    for (const c of candidates(v, fold(word), maxEdits(word.length))) {
      if (choices.length === MAX_SUGGESTIONS || (checks <= 0 && !v.finds.has(c.key))) break;
      if (!v.finds.has(c.key)) checks--;
      if (await finds(t, v, c, day)) choices.push(c);
    }
    if (choices.length) options.push({ at, choices });
  }
  if (!options.length) return [];
  const picks = [options.map(() => 0)];
  options.forEach((o, i) => {
    for (let k = 1; k < o.choices.length; k++) picks.push(options.map((_, j) => (j === i ? k : 0)));
  });
  const phrases = picks.map((pick) => {
    const words = [...typed];
    let distance = 0;
    let occurs = 0;
    pick.forEach((k, i) => {
      const c = options[i]!.choices[k]!;
      words[options[i]!.at] = c.form;
      distance += c.distance;
      occurs += c.occurs;
    });
    return { text: words.join(' '), distance, occurs };
  });
  phrases.sort((a, b) => a.distance - b.distance || b.occurs - a.occurs || danishOrder(a.text, b.text));
  const asTyped = typed.join(' ');
  return [...new Set(phrases.map((p) => p.text))].filter((p) => p !== asTyped).slice(0, MAX_SUGGESTIONS);
}

// --- the nearest department ---------------------------------------------------------------------------------------

/** How near a word of a department is to a typed (folded) word: 0 the same, 1 one is the other's start or ending, else its edits; null when not near. */
function nearness(w: string, key: string, max: number): number | null {
  if (key === w) return 0;
  if ((w.length >= 4 && key.startsWith(w)) || (key.length >= 4 && w.startsWith(key) && w.length - key.length <= 4)) {
    return 1;
  }
  const d = editDistance(w, key, max);
  return d <= max ? d : null;
}

/**
 * The department whose vocabulary shares the most typed words, each word as it is or near (nearness); of equals, the
 * one whose shared words are nearer, then more often there, then by name. Null when none shares any.
 */
function nearestDepartment(deps: Departments, typed: string[]): NodeRef | null {
  const tally = new Map<number, { shared: number; distance: number; occurs: number }>();
  for (const word of new Set(typed.map(fold))) {
    const max = maxEdits(word.length);
    const best = new Map<number, { distance: number; occurs: number }>();
    for (const [key, of] of deps.words) {
      if (Math.abs(key.length - word.length) > max && !key.startsWith(word) && !word.startsWith(key)) continue;
      const distance = nearness(word, key, max);
      if (distance === null) continue;
      for (const [at, occurs] of of) {
        const held = best.get(at);
        if (!held || distance < held.distance || (distance === held.distance && occurs > held.occurs)) {
          best.set(at, { distance, occurs });
        }
      }
    }
    for (const [at, { distance, occurs }] of best) {
      const sum = tally.get(at) ?? { shared: 0, distance: 0, occurs: 0 };
      tally.set(at, { shared: sum.shared + 1, distance: sum.distance + distance, occurs: sum.occurs + occurs });
    }
  }
  let chosen: number | null = null;
  for (const [at, s] of tally) {
    if (chosen === null) {
      chosen = at;
      continue;
    }
    const c = tally.get(chosen)!;
    const [a, b] = [deps.refs[at]!, deps.refs[chosen]!];
    const order =
      c.shared - s.shared ||
      s.distance - c.distance ||
      c.occurs - s.occurs ||
      danishOrder(a.name, b.name) ||
      byCodeUnit(a.id, b.id);
    if (order < 0) chosen = at;
  }
  return chosen === null ? null : deps.refs[chosen]!;
}

// --- help ---------------------------------------------------------------------------------------------------------

/**
 * Help for `input` when the answer found `found` results: suggestions ("Mente du …?") and the nearest
 * department, only when the answer is poor; NO_HELP otherwise.
 *
 * Poor is: nothing found, or only fuzzy hits, that is some typed word of 4 letters or more is not known
 * (not a word of Ringe's vocabulary or of people's names or remarks, the start of one, such a word with an
 * ending, a compound of such words, or an English word of the vocabulary) and a near word that finds something can
 * be suggested for it, never an English one. With hits,
 * words of 3 letters or less are taken as being typed. With nothing found, the nearest department is given even
 * when no word can be suggested.
 */
export async function searchHelp(queries: Queries, t: ReadQueries, input: string, found: number): Promise<SearchHelp> {
  const typed = wordsOf(input);
  const content = typed.filter(meaningful);
  // The words that may be unknown: with hits, short ones are being typed (and the vocabulary is not even read).
  const askable = typed.flatMap((w, at) => (meaningful(w) && (found === 0 || w.length >= 4) ? [at] : []));
  if (!askable.length) return NO_HELP;
  const day = today();
  // What both vocabularies move with, read once.
  const [fp] = await t.searchHelpFingerprint();
  const { words: v, departments } = await vocabularies(queries, t, day, fp);
  if (!v) return NO_HELP;
  // An English word of the vocabulary (server/search/english.ts) is no typo: it asks for its Danish words.
  const english = new Set(englishReadings(typed).flatMap((r) => typed.slice(r.from, r.to)));
  const unknown = askable.filter((at) => !english.has(typed[at]!) && !known(v, fold(typed[at]!)));
  if (found > 0 && !unknown.length) return NO_HELP;
  const suggestions = await suggestionsFor(t, v, typed, unknown, day);
  if (found > 0 && !suggestions.length) return NO_HELP;
  const near = await departments();
  return { suggestions, nearestDepartment: near ? nearestDepartment(near, content) : null };
}

// --- misses -------------------------------------------------------------------------------------------------------

/** The ISO week of a day ('YYYY-MM-DD') as 'YYYY-Www': the week of its Thursday, in that Thursday's year. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const year = d.getUTCFullYear();
  const week = 1 + Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The process's own log, for a count that failed where the caller gave none (the first time it is needed). */
let processLog: Pick<Logger, 'warn'> | undefined;
const fallbackLog = () => {
  processLog ??= pino(loggerOptions(process.env.LOG_LEVEL ?? 'info'));
  return processLog;
};

/**
 * Counts a topic that found no one in this ISO week (its words only), in a write transaction of its own;
 * never stores a CPR-like value. Failing to count never fails the answer: it is logged.
 */
export async function recordMiss(queries: Queries, input: string, log?: Pick<Logger, 'warn'>): Promise<void> {
  const words = wordsOf(input).join(' ');
  // Ringe holds no CPR number (api/cpr.ts), not even one somebody searched for: as typed or as its words.
  if (!words || cprRefusal(input) || cprRefusal(words)) return;
  try {
    await queries.searchMissCount({ words, week: isoWeek(today()) });
  } catch (err) {
    (log ?? fallbackLog()).warn({ err: (err as Error).message }, 'Et emne, der ikke fandt nogen, kunne ikke tælles.');
  }
}

/** Topics listed at most: the most asked first, so what is left out was asked least. */
export const MISSES_LISTED = 1000;

/** The misses of this week and the `weeks` - 1 before it, most asked first (coordinators and admins). */
export async function listMisses(
  queries: Queries,
  weeks: number,
): Promise<{ words: string; week: string; count: number }[]> {
  const from = isoWeek(daysBefore(today(), 7 * (weeks - 1)));
  return queries.searchMisses({ from, limit: MISSES_LISTED });
}

/** Weeks a counted topic is kept after its own. */
export const MISS_WEEKS_KEPT = 52;

/** Deletes the counted topics of weeks more than MISS_WEEKS_KEPT weeks before `day`, `batch` at a time; answers how many. */
export async function purgeOldMisses(
  queries: Queries,
  { day = today(), batch = 10_000 }: { day?: string; batch?: number } = {},
): Promise<number> {
  const before = isoWeek(daysBefore(day, 7 * MISS_WEEKS_KEPT));
  let deleted = 0;
  for (;;) {
    const [row] = await queries.searchMissPurge({ before, limit: batch });
    deleted += row?.deleted ?? 0;
    if ((row?.deleted ?? 0) < batch) return deleted;
  }
}

/** Runs purgeOldMisses now and then every `intervalMs` (not keeping the process alive); a failure is logged and tried again next time. */
export function startMissPurge({
  queries,
  log,
  intervalMs = 60 * 60_000,
}: {
  queries: Queries;
  log: Pick<Logger, 'info' | 'warn'>;
  intervalMs?: number;
}): { stop(): Promise<void> } {
  return startRepeating(
    () =>
      purgeOldMisses(queries)
        .then((deleted) => {
          if (deleted) log.info({ deleted }, 'Emner, der ikke fandt nogen, ældre end 52 uger er slettet.');
        })
        .catch((err: unknown) => {
          log.warn({ err: (err as Error).message }, 'Gamle emner, der ikke fandt nogen, kunne ikke slettes nu.');
        }),
    intervalMs,
  );
}
