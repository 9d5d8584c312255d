import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import express, { type RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger, LoggerOptions } from 'pino';
import { errorBody } from '../../api/errors.js';
import { configSchema, type Config } from './config.js';
import { HttpError } from './errors.js';

// HTTP hygiene in one place: security headers with a strict Content Security Policy, a request id
// on every answer and log line, one log line per request with secrets redacted, CORS only for
// configured origins, and rate limits on signing in and on writes.

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id: a safe incoming X-Request-Id, or a new UUID. */
    id: string;
  }
}

/** The settings of this module, from the environment (server/common/config.ts). */
export interface HttpSettings {
  /** Length of a rate-limit window. */
  rateWindowMs: number;
  /** Sign-in requests per client address per window; 0 means no limit. */
  signInLimit: number;
  /** Writes (POST, PUT, PATCH, DELETE under /api) per user, or per address when not signed in, per window; 0 means no limit. */
  writeLimit: number;
  /** Origins that get CORS headers; none by default. */
  corsOrigins: string[];
}

export function httpSettings(config: Config): HttpSettings {
  return {
    rateWindowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    signInLimit: config.RATE_LIMIT_SIGNIN,
    writeLimit: config.RATE_LIMIT_WRITES,
    corsOrigins: config.CORS_ORIGINS,
  };
}

/** The defaults of server/config.ts, for an app built without a config (tests). */
export const DEFAULT_HTTP: HttpSettings = httpSettings(configSchema.parse({}));

// ---------------------------------------------------------------------------------------------
// Content Security Policy

/**
 * Cytoscape.js puts one <style> element of its own into the page
 * (`.__________cytoscape_container { position: relative; }`); its hash allows exactly that one.
 * Svelte sets dynamic styles through the CSSOM (element.style), which CSP does not govern.
 */
const CYTOSCAPE_STYLE = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='";

/** The policy for the built client; `dev` relaxes it for Vite's hot reload (inline <style>, its websocket). */
export function contentSecurityPolicy({ dev = false, https = false } = {}): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'", CYTOSCAPE_STYLE],
    // data: and blob: for the graph's PNG download and CSV downloads made in the page.
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': dev ? ["'self'", 'ws:', 'wss:'] : ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    // Only when served over https: on plain http (this machine, a LAN test) it would break every asset.
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** helmet's own middleware for the headers below; securityHeaders answers what it sets. */
export function helmetHeaders(opts: { dev?: boolean; https?: boolean } = {}): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(opts) },
    // As frame-ancestors 'none', for browsers that know only the older header.
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * helmet's headers (its defaults: nosniff, HSTS, no referrer, same-origin opener and resources ...) with the
 * policy above. With a policy of fixed strings they depend on nothing in the request, so they are learnt once,
 * by letting helmet answer a stand-in, and set in one step: its dozen middlewares in a row cost every
 * request about 15 µs. Should helmet ever need the request for them, this fails at start.
 */
export function securityHeaders(opts: { dev?: boolean; https?: boolean } = {}): RequestHandler {
  const steps: ({ set: string; value: string | number | readonly string[] } | { remove: string })[] = [];
  let finished = false;
  const standIn = {
    setHeader: (name: string, value: string | number | readonly string[]) => steps.push({ set: name, value }),
    removeHeader: (name: string) => steps.push({ remove: name }),
  };
  helmetHeaders(opts)(new Proxy({}, { get: refuseRequest }) as never, standIn as never, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not set its headers at once, so they cannot be learnt at start.');
  return (_req, res, next) => {
    for (const step of steps) {
      if ('set' in step) res.setHeader(step.set, step.value);
      else res.removeHeader(step.remove);
    }
    next();
  };
}

function refuseRequest(_target: object, property: string | symbol): never {
  throw new Error(`helmet read the request's ${String(property)}, so its headers cannot be learnt at start.`);
}

// ---------------------------------------------------------------------------------------------
// Request ids and logging

/** An incoming X-Request-Id is kept only when it is a short token of these characters. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * First in the app: gives the request its id, answers it in X-Request-Id, and adds it as
 * `error.requestId` to every JSON error body, whoever writes it.
 */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const error = (body as { error?: unknown } | null)?.error;
    if (res.statusCode >= 400 && error && typeof error === 'object' && !Array.isArray(error)) {
      return json({ ...(body as object), error: { ...error, requestId: id } });
    }
    return json(body);
  };
  next();
};

const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set(['cookie', 'authorization', 'set-cookie', 'proxy-authorization']);

/** Headers for a log line: cookies and credentials replaced. */
function loggable(headers: IncomingHttpHeaders | OutgoingHttpHeaders): Record<string, unknown> {
  // A loop rather than entries, map and fromEntries: this runs twice for every request.
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : headers[k];
  return out;
}

/** The provider's redirect back carries a one-time code and state: never logged. */
const loggableUrl = (url: string) => (url.startsWith('/api/auth/callback') ? url.replace(/\?.*$/, '?[redacted]') : url);

/**
 * Options for the server's root logger: cookies and credentials redacted wherever a request or
 * response is logged. Lines about a request carry its `requestId`, given where they are written:
 * an AsyncLocalStorage would do it for every line, but on Node 20 it slows every promise in the
 * process, the database driver's included (0.2 ms of a 5 ms node request in the benchmark).
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["proxy-authorization"]',
        'res.headers["set-cookie"]',
        'headers.cookie',
        'headers.authorization',
      ],
      censor: REDACTED,
    },
  };
}

/** One line per request when its answer is sent (or the client went away): method, URL, status, time. */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const level = !res.writableFinished ? 'warn' : res.statusCode >= 500 ? 'error' : 'info';
      // The line is made only when it is written (not at LOG_LEVEL=warn for a completed request, nor when silent).
      if (!log.isLevelEnabled(level)) return;
      const line = {
        requestId: req.id,
        req: {
          method: req.method,
          url: loggableUrl(req.originalUrl),
          headers: loggable(req.headers),
          remoteAddress: req.ip,
        },
        res: { statusCode: res.statusCode, headers: loggable(res.getHeaders()) },
        responseTimeMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      };
      if (level === 'warn') log.warn(line, 'request aborted');
      else if (level === 'error') log.error(line, 'request failed');
      else log.info(line, 'request completed');
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (an address or headers over 16 kB,
 * a malformed request line) get the same JSON error shape as every other refusal, not an empty body.
 */
export function jsonClientErrors(server: Server, log?: Logger): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const refusal =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new HttpError(431, 'too_large', 'The request address or headers are too large.')
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new HttpError(408, 'timeout', 'The request took too long to arrive.')
          : new HttpError(400, 'bad_request', 'The request could not be read.');
    const { status } = refusal;
    const requestId = randomUUID();
    log?.info({ requestId, code: err.code, status }, 'request refused by the HTTP parser');
    const { error } = errorBody(status, refusal.code, refusal.message);
    const body = JSON.stringify({ error: { ...error, requestId } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Request bodies

const utf8 = new TextDecoder('utf-8', { fatal: true });
const INVALID_UTF8 = 'entity.utf8.invalid';

/**
 * express.json with a size limit that refuses (400) a body whose bytes are not UTF-8: body-parser
 * itself would decode them with replacement, and U+FFFD would be stored in their place.
 */
export function jsonBody(limit: string | number): RequestHandler {
  const parse = express.json({
    limit,
    verify: (_req, _res, buf, encoding) => {
      // Only UTF-8 is checked: a body declared as UTF-16 or UTF-32 is decoded as that.
      if (encoding !== 'utf-8') return;
      try {
        utf8.decode(buf);
      } catch {
        throw Object.assign(new Error('The request body is not valid UTF-8.'), { type: INVALID_UTF8 });
      }
    },
  });
  // body-parser answers a failed verify with 403; this is a malformed request.
  return (req, res, next) => {
    // A request without a body (every read) goes on at once, as body-parser would let it (type-is's hasBody).
    if (req.headers['transfer-encoding'] === undefined && Number.isNaN(Number(req.headers['content-length']))) {
      if (!Object.hasOwn(req, 'body')) req.body = undefined;
      return next();
    }
    parse(req, res, (err?: unknown) =>
      next(
        (err as { type?: string } | undefined)?.type === INVALID_UTF8
          ? new HttpError(400, 'bad_encoding', 'The request body is not valid UTF-8 text.')
          : err,
      ),
    );
  };
}

// ---------------------------------------------------------------------------------------------
// CORS

/**
 * CORS for the configured origins only, and only for reading (GET, HEAD): writes must still come
 * from Ringe's own origin (server/auth/middleware.ts). Without CORS_ORIGINS, no CORS header is sent.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    if (!allowed.size) return next();
    res.vary('Origin');
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After, Content-Disposition');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

// ---------------------------------------------------------------------------------------------
// Rate limits (in memory, per process: see README)

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SIGN_IN_PATHS = new Set(['/auth/sign-in', '/auth/callback', '/auth/dev/sign-in']);

const noLimit: RequestHandler = (_req, _res, next) => next();

function limiter(
  what: string,
  windowMs: number,
  limit: number,
  key: (req: Parameters<RequestHandler>[0]) => string,
  skip: (req: Parameters<RequestHandler>[0]) => boolean,
): RequestHandler {
  if (limit <= 0) return noLimit;
  const limited = rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    handler: (_req, res, next) => {
      const seconds = Number(res.getHeader('Retry-After')) || Math.ceil(windowMs / 1000);
      next(
        new HttpError(
          429,
          'rate_limited',
          `Too many ${what} in a short time; try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        ),
      );
    },
  });
  // Skipped before the limiter is entered: it is asynchronous, and every read would otherwise wait its promises out for nothing.
  return (req, res, next) => (skip(req) ? next() : limited(req, res, next));
}

const addressKey = (req: Parameters<RequestHandler>[0]) => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;

/** For the /api router, before the auth routes: sign-in requests per client address. */
export function signInLimit(s: HttpSettings): RequestHandler {
  return limiter('sign-in attempts', s.rateWindowMs, s.signInLimit, addressKey, (req) => !SIGN_IN_PATHS.has(req.path));
}

/** For the /api router, after the user is known: writes per user (per address when not signed in). */
export function writeLimit(s: HttpSettings): RequestHandler {
  return limiter(
    'changes',
    s.rateWindowMs,
    s.writeLimit,
    (req) => (req.user ? `user:${req.user.sub}` : addressKey(req)),
    (req) => !WRITE_METHODS.has(req.method) || SIGN_IN_PATHS.has(req.path),
  );
}
