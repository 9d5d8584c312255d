/**
 * A KLE number as typed ("27.24", "27.24.08"): kept whole, as the Danish analyzer keeps digits joined
 * by dots as one token, so it finds the unit whose kleText names it and not every text holding a 24.
 */
const KLE_NUMBER = /^\p{N}+(\.\p{N}+)+$/u;

/**
 * Turns what a person typed into a Lucene query for the Danish full-text index. Only letters
 * and digits survive (and dots between digits, as in a KLE number), so Lucene syntax in the input can
 * never break the query. Each word matches as typed (stemmed by the analyzer, so "indlæggelse" finds
 * "indlæggelser"), as a prefix while typing ("frivil"), with a typo or two, and with ae/oe/aa read as
 * æ/ø/å. A number matches as typed and as the start of a longer one ("27.24" finds 27.24.08), never by
 * a typo (27.25 is another subject).
 */
export function toLucene(input: string): string | null {
  const words = (input.toLowerCase().match(/\p{N}+(?:\.\p{N}+)+|[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
  const groups = words.map((word) => {
    if (KLE_NUMBER.test(word)) return `(${word}^4 OR ${word}*^2)`;
    const variants = new Set([word, word.replace(/ae/g, 'æ').replace(/oe/g, 'ø').replace(/aa/g, 'å')]);
    const parts: string[] = [];
    for (const v of variants) {
      parts.push(`${v}^4`);
      if (v.length >= 3) parts.push(`${v}*^2`);
      if (v.length >= 4) parts.push(`${v}~${v.length >= 8 ? 2 : 1}`);
    }
    return `(${parts.join(' OR ')})`;
  });
  return groups.length ? groups.join(' OR ') : null;
}

/** The KLE numbers in what a person typed ("27.24"), for the exact match that ranks a unit responsible for one first. */
export function kleNumbersIn(input: string): string[] {
  return [...new Set(input.match(/\p{N}{2}(?:\.\p{N}{2}){1,2}/gu) ?? [])];
}
