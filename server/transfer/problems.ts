import type { z } from 'zod';
import type { CprPlace } from '../../api/cpr.js';
import { CPR_MESSAGE } from '../../api/edit.js';
import type { ImportProblem } from '../../api/transfer.js';

// An import's refusals as codes and values (api/transfer.ts, IMPORT_PROBLEMS), beside the English
// sentences the service writes, so the client says them in the user's language.

export type Problem = ImportProblem;
type Values = Problem['values'];

export const problem = (code: Problem['code'], values: Values = {}): Problem => ({ code, values });

/**
 * The code of a zod issue about one value, as reasonOf (service.ts) words it. A CPR-like value
 * (a value stored before, which a CSV row does not replace) is `cpr`, its `place` a field or a column.
 */
export function zodProblem(error: z.ZodError, input: unknown, place: CprPlace = 'field'): Problem {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    return problem('unknownField', { field: [...issue.path.map(String), issue.keys[0]].join('.') });
  const field = issue.path.map(String).join('.');
  if (!field) return problem('row', { message: issue.message });
  const raw = issue.path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    input,
  );
  if (raw === undefined || raw === null) return problem('required', { field });
  if (issue.message === CPR_MESSAGE) return problem('cpr', { field, place });
  if (issue.message === 'must not be empty') return problem('required', { field });
  if (issue.code === 'invalid_value')
    return problem('oneOf', { field, options: issue.values.map((v) => String(v)).join(', ') });
  if (issue.code === 'too_big' && issue.origin === 'string')
    return problem('tooLong', { field, max: Number(issue.maximum) });
  if (issue.code === 'invalid_type' && issue.expected === 'boolean') return problem('boolean', { field });
  if (issue.code === 'invalid_type' && issue.expected === 'number') return problem('number', { field });
  if (issue.code === 'invalid_format' && issue.format === 'email') return problem('email', { field });
  if (/\bdate\b/.test(issue.message)) return problem('date', { field });
  if (/\bphone number\b/.test(issue.message)) return problem('phone', { field });
  let message = issue.message;
  if (message.startsWith(`${field} `)) message = message.slice(field.length + 1);
  return problem('invalid', { field, message });
}
