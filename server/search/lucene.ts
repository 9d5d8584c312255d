/**
 * Turns what a person typed into a Lucene query for the Danish full-text index. Only letters
 * and digits survive, so Lucene syntax in the input can never break the query. Each word
 * matches as typed (stemmed by the analyzer, so "indlæggelse" finds "indlæggelser"), as a
 * prefix while typing ("frivil"), with a typo or two, and with ae/oe/aa read as æ/ø/å.
 */
export function toLucene(input: string): string | null {
  const words = (input.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
  const groups = words.map((word) => {
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
