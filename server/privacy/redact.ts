import { createHash } from 'node:crypto';
import { ERASED, ERASED_PERSON } from '../../api/transfer.js';

// An erased person's name and email in free text (other nodes' sources and remarks, relations'
// wording, the history's before/after): found in any case and spacing, replaced by a marker.

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Not inside a longer word: no letter or digit may touch the match. */
const START = '(?<![\\p{L}\\p{N}])';
/** The same after it, but a Danish genitive s ("Carina Kofoeds") may follow and stays. */
const END = "(?=(?:'?s)?(?![\\p{L}\\p{N}]))";

/** The values as whole words, longest first, case-insensitive; in a name any run of whitespace matches any other. */
function pattern(values: Iterable<string>, spaced: boolean): RegExp | null {
  const list = [...new Set([...values].map((v) => v.trim().replace(/\s+/g, ' ')).filter((v) => v.length >= 2))]
    .sort((a, b) => b.length - a.length)
    .map((v) => (spaced ? v.split(' ').map(escapeRegExp).join('\\s+') : escapeRegExp(v)));
  return list.length ? new RegExp(`${START}(?:${list.join('|')})${END}`, 'giu') : null;
}

/** Replaces the names with ERASED_PERSON and the emails with ERASED in one text. */
export function textRedactor(names: Iterable<string>, emails: Iterable<string>): (text: string) => string {
  const byName = pattern(names, true);
  const byEmail = pattern(emails, false);
  return (text) => {
    let out = text;
    if (byEmail) out = out.replace(byEmail, ERASED);
    if (byName) out = out.replace(byName, ERASED_PERSON);
    return out;
  };
}

/** A string property redacted (a list of strings item by item); anything else as it is. */
export function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? redact(v) : v));
  return value;
}

/**
 * Lower-case strings one of which every text naming the person holds (each name's longest word,
 * each email): the database narrows its search with CONTAINS, textRedactor decides.
 */
export function searchNeedles(names: Iterable<string>, emails: Iterable<string>): string[] {
  const words = [...names].map(
    (n) =>
      n
        .trim()
        .split(/\s+/)
        .sort((a, b) => b.length - a.length)[0] ?? '',
  );
  return [
    ...new Set(
      [...words, ...[...emails].map((e) => e.trim())].map((s) => s.toLowerCase()).filter((s) => s.length >= 2),
    ),
  ];
}

/**
 * How an erasure is remembered: a hash of the person's id, never the id itself (ids are slugs of
 * names). It lets an import or a restore recognise the person without Ringe keeping who it was.
 */
export const erasureHash = (id: string) => createHash('sha256').update(`ringe-erasure\n${id}`).digest('hex');
