import { isKind, type NodeRef } from '../../api/common.js';
import { parseRelationId } from '../../api/edit.js';
import { byCodeUnit } from '../../api/order.js';
import type { Queries, ReadQueries, RowOf } from '../common/queries.js';
import { STOP_WORDS, withDanishLetters, wordsIn } from './words.js';

// Ringe's vocabularies for "Mente du …?" and the nearest department (server/search/help.ts), kept in this process and
// brought up to date from the change log as the tie graph is (server/ties/kept.ts), instead of being read whole again
// after every edit: each node's part is kept (its texts, and for the departments' vocabulary which departments they
// count for), so a node a change touched has its old part taken out and its part as it is now, read for just those
// nodes in the caller's read transaction, counted in. Each process follows the log itself and needs nothing from
// another. The whole vocabulary is read again when the log cannot say what a change touched (an import, an erasure,
// a sync), when more than MAX_CHANGES came since the last reading, when the nodes counted do not add up (something
// wrote without a change), and at least every FULL_EVERY_MS; for the departments' vocabulary also when a unit's
// place in the tree may have moved (a PART_OF or ROLLS_UP_TO, a unit or department deleted or brought back, a
// department changed): rare, and the unit's department is its nearest ancestor's, a whole subtree's at once.

/** More changes than this since the last reading, and the whole vocabulary is read again. */
export const MAX_CHANGES = 500;
/** Changes are read again from this long before the newest one seen: a slow transaction can commit after a later one. */
const OVERLAP_MS = 60_000;
/** The whole vocabulary is read again at least this often, for writes that record no change. */
export const FULL_EVERY_MS = 10 * 60_000;
/** Days kept: today's and the day before (a request may still ask for it just after midnight). */
const DAYS = 2;

/**
 * A word as compared (its folded form): lower case, with ae/oe/aa read as æ/ø/å (words.ts withDanishLetters), so
 * "arbejdsmiljoe" is "arbejdsmiljø" and "rad" is not "råd" (unlike words.ts's looser fold for the word list).
 */
export function fold(word: string): string {
  return withDanishLetters(word.toLowerCase());
}

const LETTER = /\p{L}/u;

/**
 * A word worth suggesting or comparing: three letters or more, some of them letters, and none of the stop words the
 * index's `danish` analyzer leaves out (words.ts STOP_WORDS, also typed "paa"): they find nothing, so they are never
 * suggested, and they tie no department to a question.
 */
export const meaningful = (word: string) => word.length >= 3 && LETTER.test(word) && !STOP_WORDS.has(fold(word));

const meaningfulWords = (text: string) => wordsIn(text).filter(meaningful);

// --- the words ----------------------------------------------------------------------------------------------------

export interface Word {
  /** As it is mostly written (lower case). */
  form: string;
  /** How many times it occurs in the texts that may be suggested. */
  occurs: number;
  /** Whether it may be suggested (not only a name's part or a remark's word). */
  suggest: boolean;
}

export interface Vocabulary {
  /** Every word by its folded form (fold). */
  readonly words: ReadonlyMap<string, Word>;
  /** The folded words in code-unit order, to find a word by its start. */
  readonly sorted: readonly string[];
  /** The folded words that may be suggested, by length. */
  readonly byLength: ReadonlyMap<number, ReadonlySet<string>>;
  /**
   * Whether a folded word finds something in the index, as far as asked since the last change of a node: a new map
   * then, so an answer asked before it is not put into the new one.
   */
  readonly finds: Map<string, boolean>;
}

/** A word's tokens as counted: its folded form and lower-case form. */
type Token = readonly [key: string, form: string];
const tokensOf = (text: string): Token[] =>
  meaningfulWords(text).map((token) => {
    const form = token.toLowerCase();
    return [fold(form), form];
  });

/** The insertion point of `key` in a sorted list. */
function place(list: readonly string[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One node's part of the words: texts whose words may be suggested, and texts whose words are only known. */
interface NodeWords {
  id: string;
  suggested: string[];
  known: string[];
}

/** The nodes of the rows (grouped by their suggested texts), one by one. */
const nodeWordsOf = (rows: readonly RowOf<'searchHelpWords'>[]): NodeWords[] =>
  rows.flatMap(({ suggested, ids, known }) => ids.map((id, i) => ({ id, suggested, known: known[i] ?? [] })));

/** The words of Ringe's vocabulary, counted node by node so a node's part can be taken out again. */
export class Words implements Vocabulary {
  readonly words = new Map<string, Word>();
  sorted: string[] = [];
  readonly byLength = new Map<number, Set<string>>();
  finds = new Map<string, boolean>();
  /** Per folded word: its tokens in all texts, and per lower-case form its tokens in texts that may be suggested. */
  private readonly tally = new Map<string, { all: number; forms: Map<string, number> }>();
  /** Each node's texts, by id. */
  private readonly parts = new Map<string, { suggested: string[]; known: string[] }>();
  /** Whether the sorted list is kept as words come and go (after the first reading). */
  private keepSorted = false;

  /** Words whose entries are made once all the rows are counted (during a whole reading). */
  private pending: Set<string> | null = null;

  /** The vocabulary of a whole reading. */
  static of(rows: readonly RowOf<'searchHelpWords'>[]): Words {
    const words = new Words();
    // The same texts (titles, name parts) recur thousands of times: each is split once.
    const split = new Map<string, Token[]>();
    const tokens = (text: string) => {
      let found = split.get(text);
      if (!found) {
        found = tokensOf(text);
        split.set(text, found);
      }
      return found;
    };
    words.pending = new Set();
    for (const node of nodeWordsOf(rows)) words.count(node, 1, tokens);
    for (const key of words.pending) words.settle(key);
    words.pending = null;
    words.sorted = [...words.words.keys()].sort(byCodeUnit);
    words.keepSorted = true;
    return words;
  }

  /** Takes out the parts of the nodes `ids` and counts in `rows`, their parts now (a node with none has no row). */
  replace(ids: Iterable<string>, rows: readonly RowOf<'searchHelpWords'>[]): void {
    for (const id of ids) {
      const part = this.parts.get(id);
      if (part) this.count({ id, ...part }, -1, tokensOf);
    }
    for (const node of nodeWordsOf(rows)) this.count(node, 1, tokensOf);
    this.finds = new Map();
  }

  private count(row: NodeWords, sign: 1 | -1, tokens: (text: string) => readonly Token[]): void {
    const touched = this.pending ?? new Set<string>();
    const add = (key: string, form: string | null) => {
      let entry = this.tally.get(key);
      if (!entry) {
        entry = { all: 0, forms: new Map() };
        this.tally.set(key, entry);
      }
      entry.all += sign;
      if (form !== null) {
        const n = (entry.forms.get(form) ?? 0) + sign;
        if (n) entry.forms.set(form, n);
        else entry.forms.delete(form);
      }
      touched.add(key);
    };
    for (const text of row.suggested) for (const [key, form] of tokens(text)) add(key, form);
    for (const text of row.known) for (const [key] of tokens(text)) add(key, null);
    if (sign > 0) this.parts.set(row.id, { suggested: row.suggested, known: row.known });
    else this.parts.delete(row.id);
    if (touched !== this.pending) for (const key of touched) this.settle(key);
  }

  /** Makes a word's entry what its tally says (gone when no text holds it). */
  private settle(key: string): void {
    const entry = this.tally.get(key)!;
    const had = this.words.get(key);
    const lengthList = () => {
      let list = this.byLength.get(key.length);
      if (!list) {
        list = new Set();
        this.byLength.set(key.length, list);
      }
      return list;
    };
    if (entry.all <= 0) {
      this.tally.delete(key);
      this.words.delete(key);
      this.byLength.get(key.length)?.delete(key);
      if (had && this.keepSorted) this.sorted.splice(place(this.sorted, key), 1);
      return;
    }
    let occurs = 0;
    let form: string | null = null;
    let most = 0;
    // The most written form ("netværk" rather than "netvaerk"), then the first in code-unit order, so it never wobbles.
    for (const [f, n] of entry.forms) {
      occurs += n;
      if (n > most || (n === most && form !== null && byCodeUnit(f, form) < 0)) {
        most = n;
        form = f;
      }
    }
    const suggest = occurs > 0;
    this.words.set(key, { form: form ?? key, occurs, suggest });
    if (suggest) lengthList().add(key);
    else this.byLength.get(key.length)?.delete(key);
    if (!had && this.keepSorted) this.sorted.splice(place(this.sorted, key), 0, key);
  }
}

// --- the departments ----------------------------------------------------------------------------------------------

export interface Departments {
  readonly refs: readonly NodeRef[];
  /** Each folded word of a department's vocabulary: how many of its texts hold it, by department (index in refs). */
  readonly words: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** A department's, person's or unit's texts in the departments they count for, with the networks whose names are among them. */
interface NodeTexts {
  id: string;
  /** A department's name (its own row's). */
  name: string | null;
  department: boolean;
  departments: string[];
  texts: string[];
  networks: string[];
}

/** The nodes of the rows (grouped by their texts and departments), one by one. */
const nodeTextsOf = (rows: readonly RowOf<'searchHelpDepartments'>[]): NodeTexts[] =>
  rows.flatMap(({ ids, networks, ...texts }) => ids.map((id, i) => ({ id, ...texts, networks: networks[i] ?? [] })));

/** Each department's vocabulary, counted by the departments, people and units that hold its texts. */
export class DepartmentWords implements Departments {
  readonly refs: NodeRef[] = [];
  readonly words = new Map<string, Map<number, number>>();
  /** Each department's place in refs, by id. */
  private readonly at = new Map<string, number>();
  /** How many rows hold a text in a department (at, text): a department's texts are counted once each. */
  private readonly held = new Map<string, number>();
  /** Each row's part, by its node's id. */
  private readonly parts = new Map<string, NodeTexts>();
  /** The people whose part holds a network's name and theme, by the network. */
  private readonly leaders = new Map<string, Set<string>>();

  /** The vocabulary of a whole reading; null when a row names a department that has none. */
  static of(rows: readonly RowOf<'searchHelpDepartments'>[]): DepartmentWords | null {
    const departments = new DepartmentWords();
    return departments.replace([], rows) ? departments : null;
  }

  /** The people whose part holds the name of one of these networks. */
  leadersOf(ids: Iterable<string>): string[] {
    return [...ids].flatMap((id) => [...(this.leaders.get(id) ?? [])]);
  }

  /**
   * Takes out the parts of the nodes `ids` and counts in `rows`, the parts now of those nodes and of others (each
   * row's old part is taken out too). False when a row names a department that has no row of its own.
   */
  replace(ids: Iterable<string>, rows: readonly RowOf<'searchHelpDepartments'>[]): boolean {
    const nodes = nodeTextsOf(rows);
    for (const id of new Set([...ids, ...nodes.map((n) => n.id)])) {
      const part = this.parts.get(id);
      if (part) this.count(part, -1);
    }
    // Departments first, so the people and units in them find their place.
    for (const node of nodes) if (node.department) this.place(node.id, node.name);
    for (const node of nodes) if (node.departments.some((d) => !this.at.has(d))) return false;
    for (const node of nodes) this.count(node, 1);
    return true;
  }

  private place(id: string, name: string | null): void {
    const ref: NodeRef = { id, kind: 'Department', name: name ?? id };
    const at = this.at.get(id);
    if (at === undefined) this.at.set(id, this.refs.push(ref) - 1);
    else this.refs[at] = ref;
  }

  private count(row: NodeTexts, sign: 1 | -1): void {
    for (const department of row.departments) {
      const at = this.at.get(department)!;
      for (const text of row.texts) {
        const key = `${at}\u0000${text}`;
        const before = this.held.get(key) ?? 0;
        const after = before + sign;
        if (after) this.held.set(key, after);
        else this.held.delete(key);
        // A text counts for a department once, however many rows hold it there.
        if ((before === 0) === (after === 0)) continue;
        for (const token of meaningfulWords(text)) this.tallyWord(fold(token), at, sign);
      }
    }
    for (const network of row.networks) {
      let people = this.leaders.get(network);
      if (sign > 0) {
        if (!people) {
          people = new Set();
          this.leaders.set(network, people);
        }
        people.add(row.id);
      } else {
        people?.delete(row.id);
        if (people?.size === 0) this.leaders.delete(network);
      }
    }
    if (sign > 0) this.parts.set(row.id, row);
    else this.parts.delete(row.id);
  }

  private tallyWord(key: string, at: number, sign: 1 | -1): void {
    let of = this.words.get(key);
    if (!of) {
      of = new Map();
      this.words.set(key, of);
    }
    const n = (of.get(at) ?? 0) + sign;
    if (n) of.set(at, n);
    else of.delete(at);
    if (!of.size) this.words.delete(key);
  }
}

// --- following the log --------------------------------------------------------------------------------------------

/** searchHelpFingerprint's row. */
export type Fingerprint = RowOf<'searchHelpFingerprint'> | undefined;
type ChangeRow = RowOf<'tiesChanges'>;

/** What a kept vocabulary reads, and how a change moves it. */
interface Follows<S> {
  /** What the vocabulary moves with, from the fingerprint: while it stays the same, the kept one is the graph's. */
  key(fp: Fingerprint): string;
  /** Reads the whole vocabulary; null when what it read does not hold together (then it is read again). */
  read(t: ReadQueries, day: string): Promise<S | null>;
  /** The nodes whose part a change may move ([] for none), or 'full' when the log cannot say. */
  touches(change: ChangeRow): string[] | 'full';
  /** Reads the parts of the nodes touched and puts them in; false when it cannot (then the whole is read). */
  update(t: ReadQueries, day: string, state: S, ids: string[]): Promise<boolean>;
}

/** Asks for the parts of no node, so Neo4j plans the query before the first edit needs it (~0.3-0.8 s at 50,000). */
const planned = new WeakSet<Follows<unknown>>();

/**
 * The ids asked for, padded with '' (no node's id) to 16 or the next power of two: Neo4j plans a query again for a
 * list of another size, ~0.3-0.8 s at 50,000 people, which an edit of one node and one of a relation's two ends
 * would each pay once; so nearly every edit asks with the one size planned after the first whole reading.
 */
function padded(ids: readonly string[]): string[] {
  let size = 16;
  while (size < ids.length) size *= 2;
  return [...ids, ...Array<string>(size - ids.length).fill('')];
}

interface KeptDay<S> {
  state: S;
  key: string;
  /** The newest change seen (an ISO time), null when none. */
  position: string | null;
  /** The ids of the changes from a minute before `position` on already applied; null when a whole reading cannot tell. */
  applied: Set<string> | null;
  /** The nodes (:Entity) when last read, to tell writes the log does not hold. */
  nodes: number;
  loadedAt: number;
}

/** A node change's effect on the number of nodes, or null when it cannot be told (an undo may do either). */
function nodesMoved(c: ChangeRow): number | null {
  if (c.targetKind === 'Relation') return 0;
  if (c.targetKind === null || !isKind(c.targetKind)) return null;
  return c.action === 'create' ? 1 : c.action === 'delete' ? -1 : c.action === 'update' ? 0 : null;
}

/** Whether `p` settles (either way) within `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    p.then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => {
      timer = setTimeout(resolve, ms, false);
    }),
  ]);
  clearTimeout(timer);
  return settled;
}

/**
 * One vocabulary of each day, kept and brought up to date from the change log in the caller's read transaction (a
 * whole reading in one of its own, for requests: `ready`).
 */
export class KeptVocabulary<S> {
  private readonly days = new Map<string, KeptDay<S>>();
  private updating: Promise<unknown> = Promise.resolve();
  /** How the vocabulary was last made ready: kept as it was, brought up to date from the log, or read whole. */
  lastUpdate: 'kept' | 'changes' | 'full' | 'none' = 'none';

  constructor(
    private readonly follows: Follows<S>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The day's vocabulary as the graph is now, read in the caller's read transaction `t`; `fingerprint`, when given, is
   * searchHelpFingerprint's row just read in it (one reading for both vocabularies).
   */
  async current(t: ReadQueries, day: string, fingerprint?: Fingerprint): Promise<S> {
    const fp = fingerprint ?? (await t.searchHelpFingerprint())[0];
    const kept = this.fresh(day, fp);
    if (kept) {
      this.lastUpdate = 'kept';
      return kept.state;
    }
    // One update at a time: the next one finds it done, or reads only what came since (the fingerprint again,
    // unless no update was running: then the one just read is as new).
    return this.queue(t, day, this.waiting === 0 ? fp : undefined);
  }

  /**
   * For a request: the day's vocabulary as the graph is now, or, when that is not ready within `patienceMs`, the one
   * kept from before (undefined when there is none). Following the change log runs in the request's transaction `t`;
   * a whole reading runs in a read transaction of its own (`queries`), as it can take longer than a request may (6.5 s
   * at 500,000 people), and it goes on when the request has answered. A request never waits longer for another's
   * update either: that one runs in the other's transaction, which an outage can hold until the driver's timeouts.
   */
  async ready(
    queries: Queries,
    t: ReadQueries,
    day: string,
    fp: Fingerprint,
    patienceMs: number,
  ): Promise<S | undefined> {
    // Real time, not `now` (the clock of the vocabulary's age, which tests set).
    const until = performance.now() + patienceMs;
    const before = this.made;
    for (;;) {
      const kept = this.fresh(day, fp);
      if (kept) {
        this.lastUpdate = 'kept';
        return kept.state;
      }
      // Made since this request came: as new as its own reading, or newer (a whole one sees the graph later).
      if (this.made !== before && this.days.has(day)) return this.days.get(day)!.state;
      // Nobody is bringing it up to date: this request does (and is waited for only as long as the others).
      const update = this.waiting === 0 ? this.queue(t, day, fp, queries) : this.updating;
      update.catch(() => {});
      const left = until - performance.now();
      if (left <= 0 || !(await settlesWithin(update, left))) return this.days.get(day)?.state;
    }
  }

  /** Whether a vocabulary of the day is kept, however old. */
  holds(day: string): boolean {
    return this.days.has(day);
  }

  /** The updates waiting or running. */
  private waiting = 0;

  /** Updates that have ended well. */
  private made = 0;

  /** Runs an update after those before it; `read` is the fingerprint when none runs before it. */
  private queue(t: ReadQueries, day: string, read: Fingerprint | undefined, queries?: Queries): Promise<S> {
    this.waiting++;
    const next = this.updating
      .then(() => this.update(t, day, read, queries))
      .then((state) => {
        this.made++;
        return state;
      });
    this.updating = next.catch(() => undefined).finally(() => this.waiting--);
    return next;
  }

  private fresh(day: string, fp: Fingerprint): KeptDay<S> | undefined {
    const entry = this.days.get(day);
    return entry && entry.key === this.follows.key(fp) && this.now() - entry.loadedAt <= FULL_EVERY_MS
      ? entry
      : undefined;
  }

  private async update(t: ReadQueries, day: string, read?: Fingerprint, queries?: Queries): Promise<S> {
    const fp = read ?? (await t.searchHelpFingerprint())[0];
    const kept = this.fresh(day, fp);
    if (kept) {
      this.lastUpdate = 'kept';
      return kept.state;
    }
    const entry = this.days.get(day);
    const old = entry !== undefined && this.now() - entry.loadedAt > FULL_EVERY_MS;
    if (entry && old && queries) {
      // The whole read again every 10 minutes is a check on following the log, not what a request needs: for a
      // request it runs in a transaction of its own and the request answers as at any other time, with the vocabulary
      // kept, or brought up to date from the log (it waited for the whole reading: 0.5 s at 50,000 people).
      this.refresh(queries, day);
      if (entry.key === this.follows.key(fp)) {
        this.lastUpdate = 'kept';
        return entry.state;
      }
    }
    if (entry && entry.position !== null && (!old || queries)) {
      if (await this.follow(t, day, entry, fp)) {
        this.lastUpdate = 'changes';
        return entry.state;
      }
    }
    if (!queries) return this.load(t, day, fp);
    // In a transaction of its own, with its own fingerprint: the whole is as that transaction sees the graph.
    return queries.readTx(async (w) => this.load(w, day, (await w.searchHelpFingerprint())[0]), { long: true });
  }

  /** The days being read whole again in the background (refresh). */
  private readonly refreshing = new Set<string>();

  /** Reads the day whole again in a read transaction of its own, unless that is under way; the kept one stays meanwhile. */
  private refresh(queries: Queries, day: string): void {
    if (this.refreshing.has(day)) return;
    this.refreshing.add(day);
    queries
      .readTx(async (w) => this.load(w, day, (await w.searchHelpFingerprint())[0]), { long: true })
      .then(
        () => {
          this.made++;
        },
        // Failed (the database away, say): the next request after it tries again.
        () => {},
      )
      .finally(() => this.refreshing.delete(day));
  }

  private async load(t: ReadQueries, day: string, fp: Fingerprint): Promise<S> {
    // The changes of the minute before the newest, read before the whole: what they did is in it, so following
    // later does not take them for late ones (nor read everything again for a minute after a sync).
    const position = fp?.lastChange ?? null;
    const window =
      position === null || Number.isNaN(Date.parse(position)) ? [] : await t.tiesChanges(this.since(position));
    let state = await this.follows.read(t, day);
    // Read while a department came or went: once more.
    state ??= await this.follows.read(t, day);
    if (state === null) throw new Error("Ringe's departments' vocabulary did not hold together in two readings.");
    if (!planned.has(this.follows)) {
      await this.follows.update(t, day, state, []);
      planned.add(this.follows);
    }
    this.days.delete(day);
    this.days.set(day, {
      state,
      key: this.follows.key(fp),
      position,
      applied: position === null || window.length > MAX_CHANGES ? null : new Set(window.map((c) => c.id)),
      nodes: fp?.nodes ?? 0,
      loadedAt: this.now(),
    });
    for (const old of this.days.keys()) {
      if (this.days.size <= DAYS) break;
      this.days.delete(old);
    }
    this.lastUpdate = 'full';
    return state;
  }

  /** The changes to read from `position` on: from a minute before it, for late commits. */
  private since(position: string) {
    const since = new Date(Date.parse(position) - OVERLAP_MS).toISOString();
    return { since, seen: position, limit: MAX_CHANGES + 1 };
  }

  /** Brings the day up to date from the change log; false when it cannot (then the whole is read). */
  private async follow(t: ReadQueries, day: string, entry: KeptDay<S>, fp: Fingerprint): Promise<boolean> {
    if (Number.isNaN(Date.parse(entry.position!))) return false;
    const all = await t.tiesChanges(this.since(entry.position!));
    if (all.length > MAX_CHANGES) return false;
    // After a whole reading every change of the minute before is read again (harmless: a node is read as it is
    // now), but only those after it count as new.
    const { applied } = entry;
    const changes = applied ? all.filter((c) => !applied.has(c.id)) : all;
    const isNew = (c: ChangeRow) => (applied ? true : c.fresh);
    const touched = new Set<string>();
    let moved = false;
    let nodes: number | null = entry.nodes;
    for (const c of changes) {
      const ids = this.follows.touches(c);
      if (ids === 'full') return false;
      for (const id of ids) touched.add(id);
      if (!isNew(c)) continue;
      if (ids.length) moved = true;
      const by = nodesMoved(c);
      nodes = nodes === null || by === null ? null : nodes + by;
    }
    // The vocabulary's fingerprint moved, but no change says how: something wrote without one.
    if (!moved) return false;
    // More or fewer nodes than the changes made or deleted: something else wrote too.
    if (nodes !== null && nodes !== (fp?.nodes ?? 0)) return false;
    if (touched.size && !(await this.follows.update(t, day, entry.state, [...touched]))) return false;
    entry.key = this.follows.key(fp);
    entry.position = fp?.lastChange ?? entry.position;
    entry.applied = new Set(all.map((c) => c.id));
    entry.nodes = fp?.nodes ?? 0;
    return true;
  }
}

/** The node a change is of, or the ends of a relation change (with its type); null when the log cannot say. */
function targetOf(c: ChangeRow): { node: string } | { type: string; ends: [string, string] } | null {
  if (c.action === 'import' || c.action === 'erase' || c.targetKind === 'Source' || c.targetId === null) return null;
  if (c.targetKind !== 'Relation') return { node: c.targetId };
  const relation = parseRelationId(c.targetId);
  return relation ? { type: relation.type, ends: [relation.source, relation.target] } : null;
}

/** The words follow node changes only: no relation bears on them. */
export const followsWords: Follows<Words> = {
  key: (fp) => JSON.stringify([fp?.nodes ?? 0, fp?.lastNodeChange ?? null]),
  read: async (t, day) => Words.of(await t.searchHelpWords({ today: day })),
  touches(c) {
    const target = targetOf(c);
    if (!target) return 'full';
    return 'node' in target ? [target.node] : [];
  },
  async update(t, day, state, ids) {
    state.replace(ids, await t.searchHelpWordsOf({ ids: padded(ids), today: day }));
    return true;
  },
};

/** Relations that move a unit's department, for a whole subtree at once. */
const TREE = new Set(['PART_OF', 'ROLLS_UP_TO']);
/** Relations that move a person's texts between departments. */
const PEOPLES = new Set(['WORKS_IN', 'LEADS']);

/** The departments' vocabulary follows what it reads: nodes, and WORKS_IN and LEADS; the units' tree is read whole. */
export const followsDepartments: Follows<DepartmentWords> = {
  key: (fp) => JSON.stringify([fp?.nodes ?? 0, fp?.lastDepartmentChange ?? null]),
  read: async (t, day) => DepartmentWords.of(await t.searchHelpDepartments({ today: day })),
  touches(c) {
    const target = targetOf(c);
    if (!target) return 'full';
    if ('node' in target) {
      // A department changed (its name orders its units' nearest departments), or a unit or department deleted or
      // brought back with its relations: units may have moved to another department.
      const tree = c.targetKind === 'Department' || c.targetKind === 'Unit';
      return tree && c.action !== 'create' && !(c.targetKind === 'Unit' && c.action === 'update')
        ? 'full'
        : [target.node];
    }
    if (TREE.has(target.type)) return 'full';
    return PEOPLES.has(target.type) ? target.ends : [];
  },
  async update(t, day, state, ids) {
    // A network's name counts in its leaders' departments: those who held it are read again with those who lead it now.
    const wanted = [...new Set([...ids, ...state.leadersOf(ids)])];
    return state.replace(wanted, await t.searchHelpDepartmentsOf({ ids: padded(wanted), today: day }));
  },
};
