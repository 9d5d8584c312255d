import type { Request, RequestHandler, Router } from 'express';
import type { z } from 'zod';
import type { Principal } from '../../api/auth.js';
import { cprRefusal } from '../../api/cpr.js';
import type { Endpoint } from '../../api/endpoints.js';
import { requireRole } from '../auth/middleware.js';
import { HttpError, ValidationError } from './errors.js';
import { issueSentence } from './issues.js';

type Parsed<S> = S extends z.ZodType ? z.infer<S> : Record<string, never>;
export interface Input<E extends Endpoint> {
  params: Parsed<E['params']>;
  query: Parsed<E['query']>;
  body: Parsed<E['body']>;
  /** The signed-in user; always set on endpoints that need a role. */
  user: Principal | null;
  /** Scheme, host and port the request came to (the proxy's, when trusted): the base of a link the server makes without PUBLIC_URL. */
  origin: string;
}

type Where = 'path' | 'query' | 'body';

/** Parses one part of a request with its zod schema; ValidationError (400) naming the field. */
export function parse(schema: z.ZodType | undefined, value: unknown, where: Where): unknown {
  if (!schema) return {};
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  // A body field is named by its whole path (properties.until); a path or query parameter by its name.
  const { sentence, field } = issueSentence(
    r.error,
    value,
    where === 'body'
      ? { noun: 'field', whole: 'request body' }
      : { noun: `${where} parameter`, whole: where, firstKeyOnly: true },
  );
  throw new ValidationError(sentence, field === undefined ? undefined : { field });
}

const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Ringe holds no CPR numbers: a body with a CPR-like value anywhere (however it is spelled) is
 * refused naming the field, before the schema reads it, so the refusal is the same for every
 * field and no format check (a phone's, an id's) answers in its place.
 */
export function refuseCpr(body: unknown): void {
  const refusal = cprRefusal(body);
  if (refusal) throw new ValidationError(refusal.message, refusal.details);
}

/**
 * Registers an endpoint: role checked (401/403), path, query and body parsed with the
 * endpoint's zod schemas (400 naming the field), then the handler gets the parsed values only.
 * A state-changing endpoint without a role is a programming error and fails at start.
 */
export function route<E extends Endpoint>(
  router: Router,
  endpoint: E,
  handler: (input: Input<E>) => Promise<z.infer<E['response']>>,
): void {
  if (
    STATE_CHANGING.has(endpoint.method) &&
    (!endpoint.role || endpoint.role === 'public' || (endpoint.role === 'reader' && !endpoint.callerDecides))
  ) {
    throw new Error(
      `${endpoint.method.toUpperCase()} ${endpoint.path} changes state, so it must require coordinator or admin (or a signed-in reader when callerDecides).`,
    );
  }
  const expressPath = endpoint.path.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1');
  const guard: RequestHandler =
    endpoint.role && endpoint.role !== 'public'
      ? requireRole(endpoint.role)
      : endpoint.role === 'public'
        ? (_req, _res, next) => next()
        : (req, res, next) => (req.app.get('readRequiresSignIn') ? requireRole('reader')(req, res, next) : next());
  router[endpoint.method](expressPath, guard, async (req: Request, res) => {
    const params = parse(endpoint.params, req.params, 'path') as Input<E>['params'];
    const query = parse(endpoint.query, req.query, 'query') as Input<E>['query'];
    if (STATE_CHANGING.has(endpoint.method) && endpoint.body && !endpoint.cprPerItem) refuseCpr(req.body);
    const body = parse(endpoint.body, req.body ?? {}, 'body') as Input<E>['body'];
    const result = await handler({
      params,
      query,
      body,
      user: req.user ?? null,
      // Worked out only for the few handlers that read it (Express's protocol and host consult the proxy settings).
      get origin() {
        return `${req.protocol}://${req.host}`;
      },
    });
    const status = endpoint.status ?? 200;
    if (status === 204) res.status(204).end();
    else res.status(status).json(result);
  });
}

/** The parts of Express 5's router (router 2.x) that expressRoutes reads. */
interface RouterLayer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

export interface ExpressRoute {
  /** GET, POST …, or ALL for a route of every method. */
  method: string;
  /** As registered, mounts joined: /api/nodes/:id. */
  path: string;
}

const joinPath = (prefix: string, path: string) => prefix + (path === '/' ? '' : path) || '/';

/**
 * Every route of an Express 5 router stack (an app's `router.stack` or a Router's `stack`) with
 * its method, mounted routers included. It reads Express's internals, so it refuses loudly what
 * it cannot read rather than miss a route: methodNotAllowed and the route audit both rely on it.
 */
export function expressRoutes(stack: unknown, prefix = ''): ExpressRoute[] {
  if (!Array.isArray(stack)) throw new Error('No router stack: the Express router internals changed.');
  const paths = (raw: unknown): string[] => {
    const all: unknown[] = Array.isArray(raw) ? raw.flat(Infinity) : [raw];
    return all.map((p) => {
      if (typeof p !== 'string')
        throw new Error(`A route or router is mounted at ${String(p)}, which cannot be read: use a string path.`);
      return p;
    });
  };
  return (stack as RouterLayer[]).flatMap((layer): ExpressRoute[] => {
    if (layer.route) {
      const methods = Object.keys(layer.route.methods).map((m) => (m === '_all' ? 'ALL' : m.toUpperCase()));
      return paths(layer.route.path).flatMap((path) =>
        methods.map((method) => ({ method, path: joinPath(prefix, path) })),
      );
    }
    if (!layer.handle?.stack) return [];
    if (layer.rawPath === undefined)
      throw new Error('A mounted router has no rawPath: the Express router internals changed.');
    return paths(layer.rawPath).flatMap((mount) => {
      const at = joinPath(prefix, mount);
      return expressRoutes(layer.handle!.stack, at === '/' ? '' : at);
    });
  });
}

/** Methods in the order an Allow header lists them. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A route's path (/nodes/:id) as a RegExp matching it as Express does: any case, a trailing slash allowed. */
function routePattern(path: string): RegExp {
  if (!/^[\w/:.-]*$/.test(path))
    throw new Error(`methodNotAllowed cannot read the route path ${path}: use literal segments and :params only.`);
  const segments = path.split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/\./g, '\\.')));
  return new RegExp(`^${segments.join('/')}/?$`, 'i');
}

/**
 * After every route of `router` (read once, when this is made): a request for a path some
 * route has, with a method none of its routes takes (TRACE, or PUT on a read), gets 405 with
 * the JSON error and an Allow header naming the methods it takes; OPTIONS gets 204 with that
 * Allow header. A path no route has goes on to the 404.
 */
export function methodNotAllowed(router: Router): RequestHandler {
  // HEAD is answered wherever GET is, as Express does.
  const routes = expressRoutes(router.stack).map((r) => ({
    pattern: routePattern(r.path),
    methods: r.method === 'GET' ? ['GET', 'HEAD'] : [r.method],
  }));
  return (req, res, next) => {
    const allowed = new Set(routes.filter((r) => r.pattern.test(req.path)).flatMap((r) => r.methods));
    if (!allowed.size || allowed.has(req.method) || allowed.has('ALL')) return next();
    allowed.add('OPTIONS');
    const allow = METHOD_ORDER.filter((m) => allowed.has(m));
    res.setHeader('Allow', allow.join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    const list = allow.length > 1 ? `${allow.slice(0, -1).join(', ')} or ${allow.at(-1)}` : allow[0];
    next(
      new HttpError(405, 'method_not_allowed', `${req.baseUrl}${req.path} does not take ${req.method}, only ${list}.`),
    );
  };
}
