// The words a search matched, marked where a text shows them (issue 21). The server names the words
// as written (api/explore.ts marksSchema); the client finds their whole-word occurrences, whatever
// their case, and cuts the text into runs for <mark>: data stays text, never HTML.

/** A piece of a text, marked or not; `at` is where it starts (a key for the list of runs). */
export interface Run {
  text: string;
  mark: boolean;
  at: number;
}

/** Characters a word is made of: an occurrence next to one of them is part of a longer word. */
const WORD = String.raw`[\p{L}\p{M}\p{N}]`;
/** A mark as a pattern of its own characters (the marks are data: `.` in "27.24" is a dot). */
const literal = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Where each of the texts `within` occurs in `text`, as [start, end) ranges. */
function rangesOf(text: string, within: readonly (string | null | undefined)[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const part of within) {
    if (!part) continue;
    for (let i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) ranges.push([i, i + part.length]);
  }
  return ranges;
}

/**
 * `text` cut into runs, the whole-word occurrences of `marks` (case-insensitive) marked. With `within`,
 * only occurrences inside those parts of the text are marked (the names in a sentence, not its own
 * words: "Leder netværket …" marks no "leder" the topic had).
 */
export function markedRuns(
  text: string,
  marks: readonly string[],
  within?: readonly (string | null | undefined)[] | undefined,
): Run[] {
  const words = [...new Set(marks.map((m) => m.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!words.length || !text) return [{ text, mark: false, at: 0 }];
  const allowed = within ? rangesOf(text, within) : [[0, text.length] as [number, number]];
  const pattern = new RegExp(`(?<!${WORD})(?:${words.map(literal).join('|')})(?!${WORD})`, 'giu');
  const runs: Run[] = [];
  let done = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!allowed.some(([from, to]) => from <= start && end <= to)) continue;
    if (start > done) runs.push({ text: text.slice(done, start), mark: false, at: done });
    runs.push({ text: m[0], mark: true, at: start });
    done = end;
  }
  if (done < text.length || !runs.length) runs.push({ text: text.slice(done), mark: false, at: done });
  return runs;
}
