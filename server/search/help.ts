import { startRepeating } from '../common/repeating.js';
import { pino, type Logger } from 'pino';
import { type NodeRef, today } from '../../api/common.js';
import { cprRefusal } from '../../api/cpr.js';
import { byCodeUnit } from '../../api/order.js';
import { danishOrder } from '../common/labels.js';
import type { Queries, ReadQueries } from '../common/queries.js';
import { loggerOptions } from '../common/security.js';
import { daysBefore } from '../surveys/retention.js';
import { type FingerprintReader, GraphAnswers } from '../ties/cache.js';
import { toLucene } from './lucene.js';
import { editDistance, STOP_WORDS, withDanishLetters, wordsIn, wordsOf } from './words.js';

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

/**
 * A word as compared (its folded form): lower case, with ae/oe/aa read as æ/ø/å (words.ts withDanishLetters), so
 * "arbejdsmiljoe" is "arbejdsmiljø" and "rad" is not "råd" (unlike words.ts's looser fold for the word list).
 */
function fold(word: string): string {
  return withDanishLetters(word.toLowerCase());
}

const LETTER = /\p{L}/u;

/**
 * A word worth suggesting or comparing: three letters or more, some of them letters, and none of the stop words the
 * index's `danish` analyzer leaves out (words.ts STOP_WORDS, also typed "paa"): they find nothing, so they are never
 * suggested, and they tie no department to a question.
 */
const meaningful = (word: string) => word.length >= 3 && LETTER.test(word) && !STOP_WORDS.has(fold(word));

/** How far a typed word may be from what is suggested for it: beyond the index's own typos (1 edit from 4 letters, 2 from 8). */
export function maxEdits(length: number): number {
  return length < 3 ? 0 : length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

// --- the vocabulary -----------------------------------------------------------------------------------------------

interface Word {
  /** As it is mostly written (lower case). */
  form: string;
  /** How many times it occurs in the texts that may be suggested. */
  occurs: number;
  /** Whether it may be suggested (not only a name's part or a remark's word). */
  suggest: boolean;
}

interface Vocabulary {
  /** Every word by its folded form (fold). */
  words: Map<string, Word>;
  /** The folded words in code-unit order, to find a word by its start. */
  sorted: string[];
  /** The folded words that may be suggested, by length. */
  byLength: Map<number, string[]>;
  /** Whether a folded word finds something in the index, as far as asked (for the graph this vocabulary is of). */
  finds: Map<string, boolean>;
}

interface Departments {
  refs: NodeRef[];
  /** Each folded word of a department's vocabulary: how many of its texts hold it, by department (index in refs). */
  words: Map<string, Map<number, number>>;
}

const meaningfulWords = (text: string) => wordsIn(text).filter(meaningful);

function vocabularyOf(rows: { text: string; suggest: boolean; occurs: number }[]): Vocabulary {
  const counted = new Map<string, { forms: Map<string, number>; occurs: number; suggest: boolean }>();
  for (const { text, suggest, occurs } of rows) {
    for (const token of meaningfulWords(text)) {
      const form = token.toLowerCase();
      const key = fold(form);
      let word = counted.get(key);
      if (!word) {
        word = { forms: new Map(), occurs: 0, suggest: false };
        counted.set(key, word);
      }
      if (!suggest) continue;
      word.suggest = true;
      word.occurs += occurs;
      word.forms.set(form, (word.forms.get(form) ?? 0) + occurs);
    }
  }
  const words = new Map<string, Word>();
  const byLength = new Map<number, string[]>();
  for (const [key, { forms, occurs, suggest }] of counted) {
    // The most written form ("netværk" rather than "netvaerk"), then the first in code-unit order, so it never wobbles.
    const form = [...forms].sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0]))[0]?.[0] ?? key;
    words.set(key, { form, occurs, suggest });
    if (!suggest) continue;
    const sameLength = byLength.get(key.length);
    if (sameLength) sameLength.push(key);
    else byLength.set(key.length, [key]);
  }
  return { words, sorted: [...words.keys()].sort(byCodeUnit), byLength, finds: new Map() };
}

function departmentsOf(rows: { id: string; name: string | null; texts: string[] }[]): Departments {
  const refs: NodeRef[] = [];
  const words = new Map<string, Map<number, number>>();
  for (const { id, name, texts } of rows) {
    const at = refs.push({ id, kind: 'Department', name: name ?? id }) - 1;
    for (const text of texts) {
      for (const token of meaningfulWords(text)) {
        const key = fold(token);
        let of = words.get(key);
        if (!of) {
          of = new Map();
          words.set(key, of);
        }
        of.set(at, (of.get(at) ?? 0) + 1);
      }
    }
  }
  return { refs, words };
}

// Ringe's vocabularies are read from most of its nodes, so each is kept while what it reads stays the same
// (server/ties/cache.ts): the words while no node changes, the departments' also while no one's department,
// leadership or unit changes; a KNOWS or a participant, by far the most frequent edits, moves neither. Both are
// read in the caller's read transaction, fingerprint and all, so the caches run no query of their own.
const helpFingerprint = async (reader: FingerprintReader) => (await reader.searchHelpFingerprint())[0];
const vocabularies = new GraphAnswers<Vocabulary>(undefined, {
  entries: 2,
  fingerprint: async (reader) => {
    const fp = await helpFingerprint(reader);
    return JSON.stringify([fp?.nodes ?? 0, fp?.lastNodeChange ?? null]);
  },
});
const departmentVocabularies = new GraphAnswers<Departments>(undefined, {
  entries: 2,
  fingerprint: async (reader) => {
    const fp = await helpFingerprint(reader);
    return JSON.stringify([fp?.nodes ?? 0, fp?.lastDepartmentChange ?? null]);
  },
});

async function vocabulary(t: ReadQueries, day: string): Promise<Vocabulary> {
  const compute = async (fingerprint: string) => ({
    fingerprint,
    value: vocabularyOf(await t.searchHelpWords({ today: day })),
  });
  return (await vocabularies.answer(JSON.stringify(['words', day]), compute, { t })).value;
}

async function departments(t: ReadQueries, day: string): Promise<Departments> {
  const compute = async (fingerprint: string) => ({
    fingerprint,
    value: departmentsOf(await t.searchHelpDepartments({ today: day })),
  });
  return (await departmentVocabularies.answer(JSON.stringify(['departments', day]), compute, { t })).value;
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
      if (distance > max || key === w) continue;
      const { form, occurs } = v.words.get(key)!;
      near.push({ key, form, distance, occurs });
    }
  }
  return near.sort((a, b) => a.distance - b.distance || b.occurs - a.occurs || danishOrder(a.form, b.form));
}

/** Whether a word of the vocabulary finds something search shows (remembered with the vocabulary). */
async function finds(t: ReadQueries, v: Vocabulary, c: Candidate, day: string): Promise<boolean> {
  const seen = v.finds.get(c.key);
  if (seen !== undefined) return seen;
  const lucene = toLucene(c.form);
  const [row] = lucene ? await t.searchHelpFinds({ lucene, today: day }) : [];
  const found = row?.finds ?? false;
  v.finds.set(c.key, found);
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
 * ending, or a compound of such words) and a near word that finds something can be suggested for it. With hits,
 * words of 3 letters or less are taken as being typed. With nothing found, the nearest department is given even
 * when no word can be suggested.
 */
export async function searchHelp(t: ReadQueries, input: string, found: number): Promise<SearchHelp> {
  const typed = wordsOf(input);
  const content = typed.filter(meaningful);
  // The words that may be unknown: with hits, short ones are being typed (and the vocabulary is not even read).
  const askable = typed.flatMap((w, at) => (meaningful(w) && (found === 0 || w.length >= 4) ? [at] : []));
  if (!askable.length) return NO_HELP;
  const day = today();
  const v = await vocabulary(t, day);
  const unknown = askable.filter((at) => !known(v, fold(typed[at]!)));
  if (found > 0 && !unknown.length) return NO_HELP;
  const suggestions = await suggestionsFor(t, v, typed, unknown, day);
  if (found > 0 && !suggestions.length) return NO_HELP;
  return { suggestions, nearestDepartment: nearestDepartment(await departments(t, day), content) };
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
