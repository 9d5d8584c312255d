import type { ErrorRequestHandler, RequestHandler } from 'express';
import neo4j from 'neo4j-driver';
import type { Logger } from 'pino';

/** Errors a handler may throw on purpose; the middleware below turns them into HTTP answers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
export class ValidationError extends HttpError {
  constructor(message: string, details?: unknown) {
    super(400, 'validation', message, details);
  }
}
export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}
export class ConflictError extends HttpError {
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, details);
  }
}
export class UnavailableError extends HttpError {
  constructor(message = 'The database is not reachable right now; try again in a moment.') {
    super(503, 'unavailable', message);
  }
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`There is no ${req.method} ${req.originalUrl.split("?")[0]}.`));
};

const UNAVAILABLE_CODES = new Set([neo4j.error.SERVICE_UNAVAILABLE, neo4j.error.SESSION_EXPIRED]);

/** Maps any error to a short JSON answer. Never sends stack traces or Cypher. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toHttpError(err);
    if (known.status >= 500) log.error({ err, path: req.path }, 'request failed');
    res.status(known.status).json({
      error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) },
    });
  };
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as { type?: string; status?: number; code?: string; name?: string };
  // body-parser's own errors
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'bad_json', 'The request body is not valid JSON.');
  if (e?.type === 'entity.too.large') return new HttpError(413, 'too_large', 'The request body is too large.');
  if (e?.status && e.status >= 400 && e.status < 500) return new HttpError(e.status, 'bad_request', 'The request could not be read.');
  if (e?.name === 'Neo4jError' && e.code && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('Neo.TransientError'))) {
    return new UnavailableError();
  }
  if (e?.name === 'Neo4jError' && e.code && /TransactionTimedOut|TransactionTimeout/.test(e.code)) {
    return new HttpError(503, 'timeout', 'The question took too long to answer; try a smaller one.');
  }
  return new HttpError(500, 'internal', 'Something went wrong on the server; it has been logged.');
}
