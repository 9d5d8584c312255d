import { CPR_REASON } from '../../../api/cpr.js';
import { SURVEY_REFUSALS } from '../../../api/surveys.js';
import type { Say } from './sentences.js';

// A failed call in the page's language, by its code and details (api/errors.ts): the server's
// `message` is one English sentence for developers and logs, never shown as it is.

/** What an error says about itself: an ApiError (client/src/lib/api.ts) has these. */
export interface ErrorFacts {
  code: string;
  /** A 400's field: a path or query parameter by its name, a body field by its path. */
  field?: string | undefined;
  /** A 400's reason: `cpr` for a CPR-like value. */
  reason?: string | undefined;
}

const BY_CODE: Record<string, string> = {
  offline: 'state.offline',
  unavailable: 'state.unavailable',
  busy: 'state.busy',
  not_found: 'state.notFound',
  bad_json: 'error.request',
  bad_encoding: 'error.request',
  bad_request: 'error.request',
  method_not_allowed: 'error.request',
  unauthenticated: 'error.unauthenticated',
  forbidden: 'error.forbidden',
  bad_origin: 'error.badOrigin',
  own_roles: 'error.ownRoles',
  conflict: 'error.conflict',
  too_large: 'error.tooLarge',
  rate_limited: 'error.rateLimited',
  timeout: 'error.timeout',
  mail: 'error.mail',
  internal: 'error.internal',
};

const isFacts = (e: unknown): e is ErrorFacts => !!e && typeof (e as { code?: unknown }).code === 'string';

/** One sentence for a failed call (an ApiError), or for anything else thrown: "an unexpected answer". */
export function errorText(say: Say, e: unknown): string {
  if (!isFacts(e)) return say('error.unexpected') ?? String(e);
  if (e.code === 'validation') {
    if (e.reason === CPR_REASON) return say('edit.cpr') ?? e.code;
    // A survey's refusal (api/surveys.ts) is one sentence of its own, not a field's.
    if (SURVEY_REFUSALS.some((r) => r === e.reason)) return say(`surveys.refusal.${e.reason}`) ?? e.code;
    return (e.field ? say('error.field', { field: e.field }) : say('error.validation')) ?? e.code;
  }
  return say(BY_CODE[e.code] ?? 'error.unexpected') ?? e.code;
}
