/**
 * Danish word forms for search and who-to-contact (issue 21): the words a person typed, and which words
 * of a shown text they matched. STUB: the words helper fills this in (stemmer, compounds, derivations,
 * the kinds' own names); callers already use it.
 */

/** The words of what a person typed, lower case, in order (letters and digits; a KLE number kept whole). */
export function wordsOf(input: string): string[] {
  return (input.toLowerCase().match(/\p{N}+(?:\.\p{N}+)+|[\p{L}\p{N}]+/gu) ?? []).slice(0, 10);
}

/**
 * The words of the given texts that the typed input matched, each as written in the text, in the
 * order they first occur, without repeats (searchHit.marks, contact.marks).
 */
export function marksIn(_texts: readonly (string | null | undefined)[], _input: string): string[] {
  return [];
}
