// The one CPR guard: Ringe holds no citizens' personal data, so no value that looks like a Danish
// CPR number (ddmmyy-xxxx) may enter the graph, by any route (editing, imports, restore, and
// whatever comes later). Shared by server and client, so it is pure and has no dependencies.
//
// People write a CPR number in many ways, and copying from documents adds more, so the text is
// first brought to a plain form: NFKC (full-width and other compatibility forms), every Unicode
// decimal digit as 0-9, invisible characters (zero-width spaces and joiners, soft hyphens,
// combining marks, controls) removed. Then a CPR number is a date ddmmyy, written joined or as
// dd.mm.yy (any separators), followed by four digits, joined or after a separator (a space, a
// no-break space, a dash of any kind, '.', '/'), with no digit right before or after. The
// four digits must be one group: a date followed by a time (01.02.03 12 30) or a second phone
// number is not read as one.
// Ordinary data passes: eight-digit phone numbers (43 68 68 68, +45 43686868), years, ISO dates
// (2014-03-01), KLE numbers (27.15.00).

/** Characters that join the groups of a CPR number: whitespace, dashes, '.', '/', and their look-alikes. */
const SEPARATOR = '[\\s\\p{Pd}./\\\\_\\u00b7\\u2022\\u2044\\u2212\\u2215\\u2027\\u2219]{1,3}';
const DAY = '(?:0[1-9]|[12]\\d|3[01])';
const MONTH = '(?:0[1-9]|1[0-2])';
const YEAR = '\\d{2}';
const CPR = new RegExp(
  `(?<!\\d)${DAY}(?:${SEPARATOR})?${MONTH}(?:${SEPARATOR})?${YEAR}(?:${SEPARATOR})?\\d{4}(?!\\d)`,
  'u',
);

/** Invisible characters: default-ignorable code points (zero-width space and joiners, soft hyphen, BOM), combining marks, controls other than whitespace. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{M}\u0000-\u0008\u000e-\u001f\u007f-\u009f]/gu;
const DECIMAL_DIGIT = /\p{Nd}/u;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;

/** A Unicode decimal digit's value: Unicode keeps each script's digits 0-9 in ten consecutive code points. */
function asciiDigit(d: string): string {
  const cp = d.codePointAt(0)!;
  let before = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(cp - before - 1))) before++;
  return String(before % 10);
}

/** The text as the guard reads it: NFKC, digits as 0-9, invisible characters removed. */
export function cprReading(s: string): string {
  return s.normalize('NFKC').replace(INVISIBLE, '').replace(NON_ASCII_DIGIT, asciiDigit);
}

/** Whether the text holds something that looks like a CPR number, however it is spelled. */
export function looksLikeCpr(s: string): boolean {
  return CPR.test(cprReading(s));
}

/**
 * The path of the first string (or object key) in a value that looks like a CPR number, as
 * `properties.phone`, `nodes.3.id`; null when there is none. Walks without recursion, so a
 * deeply nested body cannot exhaust the stack.
 */
export function findCpr(value: unknown, path = ''): string | null {
  const join = (p: string, k: string | number) => (p ? `${p}.${k}` : String(k));
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'string') {
      if (looksLikeCpr(v)) return p;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(p, i)]);
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        if (looksLikeCpr(k)) return join(p, k);
        stack.push([x, join(p, k)]);
      }
    }
  }
  return null;
}

/** What a refusal calls the place of the value: a field of a request or an item, or a CSV column. */
export type CprPlace = 'field' | 'column';

/** The refusal, one Danish sentence naming the field (or column): quoted, control characters escaped, at most 60 characters. */
export function cprSentence(name: string, place: CprPlace = 'field'): string {
  const quoted = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  return `${place === 'column' ? 'Kolonnen' : 'Feltet'} ${quoted} ligner et CPR-nummer; Ringe må ikke gemme CPR-numre.`;
}

/** `details.reason` of a refusal, so a client can say it in the user's own language. */
export const CPR_REASON = 'cpr';

export interface CprRefusal {
  message: string;
  details: { field: string; reason: typeof CPR_REASON };
}

/** The refusal of a value (a request body, an imported item) holding a CPR-like string; null when it holds none. */
export function cprRefusal(value: unknown, path = '', place: CprPlace = 'field'): CprRefusal | null {
  const found = findCpr(value, path);
  if (found === null) return null;
  const field = found || 'body';
  return { message: cprSentence(field, place), details: { field, reason: CPR_REASON } };
}
