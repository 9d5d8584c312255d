import { z } from 'zod';
import { CPR_REASON } from './cpr.js';
import { editedNode, editedRelation } from './edit.js';
import { SURVEY_REFUSALS } from './surveys.js';
import { importProblemSchema } from './transfer.js';

// Every error answer of the API, declared once by HTTP status: its codes and what its `details`
// hold. The server builds its error bodies with these types (server/common/errors.ts), the client
// parses them into ApiError (client/src/lib/api.ts), and the tests check every error answer they
// meet against them (test/helpers.ts), so server and client cannot drift apart.
//
// On the wire an error is `{ "error": { code, message, details?, requestId? } }`, its status the
// HTTP status. Parsed with `errorAnswers` (the status beside it), it becomes one flat object,
// discriminated by status: `{ status: 409, code: 'conflict', message, current }`.

/** Statuses whose answers carry no details. */
const noDetails = z.strictObject({});

function declare<const S extends number, const C extends readonly [string, ...string[]], D extends z.ZodObject>(
  status: S,
  codes: C,
  details: D,
) {
  const error = z.strictObject({
    code: z.enum(codes),
    /** One sentence, for people; clients decide by status, code and details. */
    message: z.string(),
    details: details.optional(),
    /** The request's id (also its X-Request-Id header and in the server's log lines). */
    requestId: z.string().optional(),
  });
  return z
    .strictObject({ status: z.literal(status), error })
    .transform(({ status, error: { details, ...rest } }): Partial<z.output<D>> & typeof rest & { status: S } =>
      Object.assign({}, details, rest, { status }),
    );
}

/** The details of a 400: which field, and for a CPR-like value or an import file, why. */
export const validationDetails = z.strictObject({
  /** A path or query parameter by its name; a body field by its whole path (properties.until). */
  field: z.string().optional(),
  /**
   * `cpr`: the value looks like a CPR number, which Ringe must not store (api/cpr.ts); or why a survey
   * request was refused (SURVEY_REFUSALS, api/surveys.ts), which the client says in the page's language.
   */
  reason: z.enum([CPR_REASON, ...SURVEY_REFUSALS]).optional(),
  /** What is wrong with an import file, as a code and its values (api/transfer.ts). */
  problem: importProblemSchema.optional(),
  /** An import file's line (the header is line 1) and column. */
  line: z.number().int().optional(),
  column: z.string().optional(),
});

/** The details of a 409 where a node or relation is in the way: its current state, to show beside one's own. */
export const conflictDetails = z.strictObject({ current: z.union([editedNode, editedRelation]) });

/** Every error answer the API gives, by status; parse `{ status, ...body }`. */
export const errorAnswers = z.discriminatedUnion('status', [
  /** A parameter, field or body is missing or invalid, or the request could not be read. */
  declare(400, ['validation', 'bad_json', 'bad_encoding', 'bad_request'], validationDetails),
  declare(401, ['unauthenticated'], noDetails),
  /** Without the role; from another origin; an admin changing their own roles. */
  declare(403, ['forbidden', 'bad_origin', 'own_roles'], noDetails),
  declare(404, ['not_found'], noDetails),
  declare(405, ['method_not_allowed'], noDetails),
  /** The request took too long to arrive (Node's HTTP parser). */
  declare(408, ['timeout'], noDetails),
  /** Changed since it was read, or already there otherwise, or nothing left to undo; busy: a sync of the organisation runs already. */
  declare(409, ['conflict', 'busy'], conflictDetails),
  declare(413, ['too_large'], noDetails),
  /** A body in a character set or encoding the server does not read. */
  declare(415, ['bad_request'], noDetails),
  declare(429, ['rate_limited'], noDetails),
  /** The request's address or headers are too large (Node's HTTP parser). */
  declare(431, ['too_large'], noDetails),
  declare(500, ['internal'], noDetails),
  /** The database is away (unavailable), this server sheds load (busy), a question ran too long (timeout), or the mail server (SMTP_URL) could not be used (mail). */
  declare(503, ['unavailable', 'busy', 'timeout', 'mail'], noDetails),
]);

/** An error answer as it travels, with its status beside the body. */
type Wire = z.input<typeof errorAnswers>;
export type ErrorStatus = Wire['status'];
/** Each status's error body, as the server writes it. */
type WireErrors = { [W in Wire as W['status']]: W['error'] };
export type ErrorCode<S extends ErrorStatus = ErrorStatus> = WireErrors[S]['code'];
export type ErrorDetails<S extends ErrorStatus = ErrorStatus> = NonNullable<WireErrors[S]['details']>;
/** A parsed error answer: one flat object, discriminated by `status`. */
export type ErrorAnswer = z.output<typeof errorAnswers>;

export const isErrorStatus = (status: number): status is ErrorStatus =>
  errorAnswers.options.some((o) => o.in.shape.status.value === status);

/** The body of an error answer, laid out in this one place (the request's id is added by server/common/security.ts). */
export function errorBody<S extends ErrorStatus>(
  _status: S,
  code: ErrorCode<S>,
  message: string,
  details?: ErrorDetails<S>,
): { error: { code: ErrorCode<S>; message: string; details?: ErrorDetails<S> } } {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}
