import type { ErrorRequestHandler, RequestHandler } from 'express';
import neo4j from 'neo4j-driver';
import type { Logger } from 'pino';
import { type ErrorCode, type ErrorDetails, type ErrorStatus, errorBody } from '../../api/errors.js';
import { DbBusyError, DbUnavailableError } from './db/index.js';

/**
 * Errors a handler may throw on purpose; the middleware below turns them into HTTP answers. The
 * status, its codes and its details are those api/errors.ts declares, which the client parses.
 */
export class HttpError<out S extends ErrorStatus = ErrorStatus> extends Error {
  constructor(
    readonly status: S,
    readonly code: ErrorCode<S>,
    message: string,
    readonly details?: ErrorDetails<S>,
  ) {
    super(message);
  }
}
export class ValidationError extends HttpError<400> {
  constructor(message: string, details?: ErrorDetails<400>) {
    super(400, 'validation', message, details);
  }
}
export class NotFoundError extends HttpError<404> {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}
export class ConflictError extends HttpError<409> {
  constructor(message: string, details?: ErrorDetails<409>) {
    super(409, 'conflict', message, details);
  }
}
/** Another synchronisation of the organisation holds the one sync lease (server/sync/engine.ts): two runs never overlap. */
export class SyncBusyError extends HttpError<409> {
  constructor(message = 'Another synchronisation is running; try again when it has finished.') {
    super(409, 'busy', message);
  }
}
/** Seconds a client is asked to wait (Retry-After) when the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

export class UnavailableError extends HttpError<503> {
  constructor(message = 'The database is not reachable right now; try again in a moment.') {
    super(503, 'unavailable', message);
  }
}

/** Seconds a client is asked to wait (Retry-After) when this process sheds load. */
export const BUSY_RETRY_AFTER_SECONDS = 2;

/** Too many requests need the database at once here: refused at once rather than queued for long. */
export class BusyError extends HttpError<503> {
  constructor() {
    super(503, 'busy', 'Ringe is busy right now; try again in a moment.');
  }
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`There is no ${req.method} ${req.originalUrl.split('?')[0]}.`));
};

const UNAVAILABLE_CODES = new Set([neo4j.error.SERVICE_UNAVAILABLE, neo4j.error.SESSION_EXPIRED]);
/** Socket errors of a database connection, should one ever reach us unwrapped. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
/** The driver's own "could not get a connection" errors, which carry no Neo4j code. */
const UNREACHABLE_MESSAGE =
  /Connection acquisition timed out|Failed to establish connection|Pool is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT/;

/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, a leader
 * switch, the network, no free connection in time), so retrying later is the right answer:
 * ServiceUnavailable, SessionExpired, any Neo.TransientError, connection refused or timed out.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DbUnavailableError) return true;
  for (
    let e = err as { name?: string; code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code)) return true;
    if (e.name !== 'Neo4jError') continue;
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('Neo.TransientError')) return true;
    if (typeof e.message === 'string' && UNREACHABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** Maps any error to a short JSON answer. Never sends stack traces or Cypher. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toHttpError(err);
    if (known instanceof UnavailableError) {
      // Expected while the database is away: one line each, no stack.
      log.warn({ requestId: req.id, path: req.path, cause: (err as Error)?.message }, 'database unreachable');
    } else if (known instanceof BusyError) {
      // Load shed on purpose, not an outage: a line of its own.
      log.warn({ requestId: req.id, path: req.path, cause: (err as Error)?.message }, 'database busy');
    } else if (known.status >= 500) log.error({ requestId: req.id, err, path: req.path }, 'request failed');
    // Every 503 says when to try again (a timed-out transaction too: while Neo4j is starting,
    // transactions wait for it and may time out).
    if (known.status === 503)
      res.set('Retry-After', String(known instanceof BusyError ? BUSY_RETRY_AFTER_SECONDS : RETRY_AFTER_SECONDS));
    res.status(known.status).json(errorBody(known.status, known.code, known.message, known.details));
  };
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as { type?: string; status?: number; code?: string; name?: string };
  // body-parser's own errors
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'bad_json', 'The request body is not valid JSON.');
  if (e?.type === 'entity.too.large') return new HttpError(413, 'too_large', 'The request body is too large.');
  // body-parser's unsupported charset or encoding (415); any other client error it finds is a 400.
  if (e?.status === 415) return new HttpError(415, 'bad_request', 'The request could not be read.');
  if (e?.status && e.status >= 400 && e.status < 500)
    return new HttpError(400, 'bad_request', 'The request could not be read.');
  if (err instanceof DbBusyError) return new BusyError();
  if (isDatabaseUnavailable(err)) return new UnavailableError();
  if (e?.name === 'Neo4jError' && e.code && /TransactionTimedOut|TransactionTimeout/.test(e.code)) {
    return new HttpError(503, 'timeout', 'The question took too long to answer; try a smaller one.');
  }
  return new HttpError(500, 'internal', 'Something went wrong on the server; it has been logged.');
}
