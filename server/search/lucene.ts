import {
  cachedWordTree,
  type Clause,
  englishReadings,
  familyOf,
  longWordStart,
  STOP_WORDS,
  spellingsOf,
  stem,
  withDanishLetters,
  wordsOf,
} from './words.js';

/**
 * Turns what a person typed into a Lucene query for the Danish full-text index: the tree of its word
 * forms (server/search/words.ts) written in Lucene's syntax. Only letters and digits survive (and dots
 * between digits, as in a KLE number), so Lucene syntax in the input can never break the query. Each
 * word matches as typed (stemmed by the analyzer, so "indlæggelse" finds "indlæggelser"), as a prefix
 * while typing ("frivil"), with a typo or two, with ae/oe/aa read as æ/ø/å, by its derivations and by
 * its compound parts; a node matching all the words scores them twice. A KLE number matches as typed and
 * as the start of a longer one ("27.24" finds 27.24.08), never by a typo (27.25 is another subject).
 * `infix` also looks for long words inside compounds (words.ts wordTree), for a submitted topic only. An English
 * word or phrase of the vocabulary (server/search/english.ts) also asks for its Danish words, weighing less.
 */
export function toLucene(input: string, { infix = false }: { infix?: boolean } = {}): string | null {
  const tree = cachedWordTree(input, infix);
  return tree ? luceneOf(tree, true) : null;
}

/** A clause in Lucene's syntax: term^boost, prefix*^boost, fuzzy~edits, and groups in brackets joined by OR or AND. */
function luceneOf(c: Clause, top = false): string {
  const boost = c.boost === 1 ? '' : `^${c.boost}`;
  switch (c.kind) {
    case 'term':
      return `${c.text}${boost}`;
    case 'prefix':
      return `${c.text}*${boost}`;
    case 'infix':
      return `*${c.text}*${boost}`;
    case 'fuzzy':
      return `${c.text}~${c.edits}${boost}`;
    default: {
      if (c.of.length === 1 && c.boost === 1 && !c.field) return luceneOf(c.of[0]!, top);
      const inner = c.of.map((x) => luceneOf(x)).join(c.kind === 'all' ? ' AND ' : ' OR ');
      if (c.field) return `${c.field}:(${inner})${boost}`;
      return top && c.boost === 1 ? inner : `(${inner})${boost}`;
    }
  }
}

/** The KLE numbers in what a person typed ("27.24"), for the exact match that ranks a unit responsible for one first. */
export function kleNumbersIn(input: string): string[] {
  return [...new Set(input.match(/\p{N}{2}(?:\.\p{N}{2}){1,2}/gu) ?? [])];
}

/**
 * What of a topic can name a unit's KLE subject (who-to-contact's topicReasons, search's ranking of units): its KLE
 * numbers, and its words of four letters or more but stop words, each as its spellings, which a word of the subject's
 * title starts with (lower case, with ae/oe/aa read as æ/ø/å, its stem, the stem its derivations share, the word
 * list's spelling, a long word's start: "underviser" names "Undervisning", "rotter" names "Rottebekæmpelse",
 * "hjælpemiddel" names "Hjælpemidler"), so "og" or "med" names no subject; and the Danish words of its English words.
 */
export function kleTerms(topic: string): { numbers: string[]; words: string[][] } {
  const typed = [...new Set(topic.toLowerCase().match(/\p{L}{4,}/gu) ?? [])]
    .filter((w) => !STOP_WORDS.has(w))
    .slice(0, 10);
  // An English word or phrase of the vocabulary names a subject by its Danish words too ("snow clearing": Snerydning).
  const danish = englishReadings(wordsOf(topic).filter((w) => !STOP_WORDS.has(w))).flatMap((r) =>
    r.danish.flatMap((d) => d.toLowerCase().match(/\p{L}{4,}/gu) ?? []),
  );
  const words = [...new Set([...typed, ...danish])].filter((w) => !STOP_WORDS.has(w));
  return {
    numbers: kleNumbersIn(topic),
    words: words.map((w) => {
      const danish = withDanishLetters(w);
      const long = longWordStart(danish);
      return [
        ...new Set(
          [w, danish, stem(danish), familyOf(danish), ...spellingsOf(danish), ...(long ? [long] : [])].filter(
            (s) => s.length >= 4,
          ),
        ),
      ];
    }),
  };
}
