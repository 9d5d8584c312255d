import type { z } from 'zod';
import { cprSentence } from '../../api/cpr.js';
import { CPR_MESSAGE } from '../../api/edit.js';

// A zod issue as one sentence, worded alike wherever input is refused: a request's field or
// parameter (common/http.ts), a property of a PATCH (edit), a column or field of an import
// (transfer), the configuration (config.ts) and the booklet's files (seed/booklet.ts).

type Issue = z.core.$ZodIssue;

/** A name taken from the input, quoted for a message: control characters escaped, at most 60 characters. */
export const quoted = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/**
 * An issue's message in the project's words, to follow a name ("must be ..."): zod's own wording
 * ("Invalid option: ...") replaced, the schemas' own messages kept, a message that starts with
 * the field's name (a refinement's) without it.
 */
export function issueMessage(issue: Issue, field = ''): string {
  const message = issue.message;
  if (issue.code === 'invalid_value' && message.startsWith('Invalid'))
    return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
  if (issue.code === 'invalid_type' && message.startsWith('Invalid'))
    return `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
  if (field && message.startsWith(`${field} `)) return message.slice(field.length + 1);
  return message;
}

/** 'The field "since" must be a date.': one named value's issue as a sentence. */
export function valueSentence(noun: string, field: string, issue: Issue): string {
  return `The ${noun} ${quoted(field)} ${issueMessage(issue, field)}.`;
}

/** How the input's parts are called in the sentence. */
export interface Wording {
  /** One value: "field", "column", "property", "query parameter", "path parameter". */
  noun: string;
  /** The whole input, for an issue about none of its values: "request body", "row", "item". */
  whole: string;
  /** Name a value by its first key only (a query or path parameter: a list's items are not named). */
  firstKeyOnly?: boolean;
  /** Count null as missing, as an import does (an empty cell is null). */
  nullIsMissing?: boolean;
}

/**
 * The first issue of a zod error as one sentence, with the field it names (its path, joined by
 * dots): an unknown key, a missing value ("is required"), a CPR-like value (the guard's own
 * sentence) or a value's own issue.
 */
export function issueSentence(
  error: z.ZodError,
  input: unknown,
  wording: Wording,
): { sentence: string; field?: string } {
  const issue = error.issues[0]!;
  const { noun } = wording;
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path.map(String), issue.keys[0]].join('.');
    return { sentence: `Unknown ${noun} ${quoted(field)}.`, field };
  }
  const steps = wording.firstKeyOnly ? issue.path.slice(0, 1) : issue.path;
  const field = steps.map(String).join('.');
  if (!field) return { sentence: `The ${wording.whole} ${issueMessage(issue)}.` };
  const value = steps.reduce<unknown>((v, k) => (v && typeof v === 'object' ? Reflect.get(v, k) : undefined), input);
  if (value === undefined || (wording.nullIsMissing && value === null))
    return { sentence: `The ${noun} ${quoted(field)} is required.`, field };
  if (issue.message === CPR_MESSAGE)
    return { sentence: cprSentence(field, noun === 'column' ? 'column' : 'field'), field };
  return { sentence: valueSentence(noun, field, issue), field };
}
