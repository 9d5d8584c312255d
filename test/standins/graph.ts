import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A STAND-IN for Microsoft Entra ID and Microsoft Graph, for the tests of server/sync/sources/entra.ts
 * (no real tenant can be reached from here). One node http server on 127.0.0.1 plays both hosts:
 * - the Microsoft identity platform's token endpoint, POST /{tenant}/oauth2/v2.0/token, client
 *   credentials only, answering errors as AADSTS JSON (learn.microsoft.com/entra/identity-platform/
 *   v2-oauth2-client-creds-grant-flow, reference-error-codes);
 * - Graph v1.0 GET /v1.0/users with $select, $expand=manager and $top paged by @odata.nextLink with
 *   an opaque $skiptoken, at most 100 a page when expanding (graph/api/user-list, graph/paging,
 *   known issue 13635), and GET /v1.0/users/delta: first round, $deltatoken=latest, $skiptoken
 *   pages, @odata.deltaLink, changed users with every selected property that has a value,
 *   manager@delta, deleted users as "@removed" (graph/delta-query-overview, delta-query-users);
 * - 401 InvalidAuthenticationToken for a missing or expired token, 429/503 with Retry-After on
 *   demand (graph/throttling), 410 Gone syncStateNotFound for a delta token it no longer knows.
 * Left out: every other resource, $filter/$orderby/$count, certificates and federated credentials,
 * Prefer: return=minimal, replication delays, real JWTs (tokens are opaque strings here).
 * The test owns `users` and mutates it between runs; a deltaLink remembers what it had handed out.
 */

export type StandInUser = {
  id: string;
  displayName: string;
  jobTitle?: string | null;
  mail?: string | null;
  businessPhones?: string[];
  mobilePhone?: string | null;
  department?: string | null;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest';
  managerId?: string | null;
};

export type GraphStandIn = {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  users: StandInUser[];
  /** Users per delta page (Graph picks its own page size for delta). */
  deltaPageSize: number;
  /** Token lifetime handed out (expires_in), and how many Graph requests a token serves (then 401). */
  tokenSeconds: number;
  tokenRequests: number;
  /** Counters the tests assert on; `requests` lists every Graph request as "GET /path?query". */
  counts: { tokens: number; unauthorized: number; throttled: number };
  requests: string[];
  /** The next `times` Graph requests answer `status` with Retry-After: seconds. */
  throttle(seconds: number, times?: number, status?: 429 | 503): void;
  /** After `okRequests` more successful Graph requests, every one answers 500 until cleared. */
  failAfter(okRequests: number | null): void;
  /** Forget every delta token handed out, as after seven days or a tenant migration. */
  expireDeltaTokens(): void;
  close(): Promise<void>;
};

/** What a delta token has handed out: per user its selected properties (as JSON) and its manager. */
type DeltaState = { select: string[]; seen: Map<string, { props: string; managerId: string }> };
/** What a $skiptoken stands for: the items still to hand out, the page size, the query the nextLink repeats. */
type Cursor = { items: Record<string, unknown>[]; size: number; query: string; delta: DeltaState | null };

const opaque = () => randomBytes(18).toString('base64url');

export async function startGraphStandIn(users: StandInUser[] = []): Promise<GraphStandIn> {
  const tokens = new Map<string, { until: number; left: number }>();
  const deltaTokens = new Map<string, DeltaState>();
  const cursors = new Map<string, Cursor>();
  let throttling = { seconds: 0, times: 0, status: 429 };
  let failIn: number | null = null;

  const self: GraphStandIn = {
    url: '',
    tenantId: `tenant-${opaque()}`,
    clientId: `client-${opaque()}`,
    clientSecret: `secret~${opaque()}`,
    users,
    deltaPageSize: 50,
    tokenSeconds: 3599,
    tokenRequests: Number.POSITIVE_INFINITY,
    counts: { tokens: 0, unauthorized: 0, throttled: 0 },
    requests: [],
    throttle(seconds, times = 1, status = 429) {
      throttling = { seconds, times, status };
    },
    failAfter(okRequests) {
      failIn = okRequests;
    },
    expireDeltaTokens() {
      deltaTokens.clear();
    },
    close: () => new Promise((done) => server.close(() => done())),
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
  const graphError = (res: ServerResponse, status: number, code: string, message: string, headers = {}) =>
    json(res, status, { error: { code, message, innerError: { date: new Date().toISOString() } } }, headers);
  const aadError = (res: ServerResponse, status: number, error: string, aadsts: number, text: string) =>
    json(res, status, {
      error,
      error_description: `AADSTS${aadsts}: ${text}\r\nTrace ID: ${opaque()}\r\nTimestamp: ${new Date().toISOString()}`,
      error_codes: [aadsts],
      timestamp: new Date().toISOString(),
    });

  /** A user as Graph shows it: the selected properties that have a value, id always. */
  const shape = (u: StandInUser, select: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = { id: u.id };
    for (const key of select) {
      const value = { accountEnabled: true, userType: 'Member', businessPhones: [], ...u }[key as keyof StandInUser];
      if (key !== 'manager' && key !== 'id' && value !== undefined && value !== null) out[key] = value;
    }
    return out;
  };
  const manager = (id: string) => ({ '@odata.type': '#microsoft.graph.user', id });

  function token(res: ServerResponse, tenant: string, body: URLSearchParams) {
    const clientId = body.get('client_id');
    const refusals: [boolean, number, string, number, string][] = [
      [tenant !== self.tenantId, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`],
      [
        body.get('grant_type') !== 'client_credentials',
        400,
        'unsupported_grant_type',
        70003,
        'Unsupported grant type.',
      ],
      [clientId !== self.clientId, 400, 'unauthorized_client', 700016, `Application '${clientId}' was not found.`],
      [
        body.get('client_secret') !== self.clientSecret,
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided.',
      ],
      [
        body.get('scope') !== `${self.url}/.default`,
        400,
        'invalid_scope',
        1002012,
        'The provided value for scope is not valid.',
      ],
    ];
    const refused = refusals.find(([wrong]) => wrong);
    if (refused) return aadError(res, refused[1], refused[2], refused[3], refused[4]);
    const accessToken = `eyJ0eXAi.${opaque()}`;
    tokens.set(accessToken, { until: Date.now() + self.tokenSeconds * 1000, left: self.tokenRequests });
    self.counts.tokens++;
    const lifetime = { expires_in: self.tokenSeconds, ext_expires_in: self.tokenSeconds };
    json(res, 200, { token_type: 'Bearer', ...lifetime, access_token: accessToken });
  }

  /** Hands out one page of a cursor, and the deltaLink after the last page of a delta round. */
  function page(res: ServerResponse, base: string, path: string, cursor: Cursor) {
    const items = cursor.items.splice(0, cursor.size);
    const query = cursor.query;
    const out: Record<string, unknown> = { '@odata.context': `${base}/v1.0/$metadata#users`, value: items };
    if (cursor.items.length > 0) {
      const skip = opaque();
      cursors.set(skip, cursor);
      out['@odata.nextLink'] = `${base}${path}?${query}${query ? '&' : ''}$skiptoken=${skip}`;
    } else if (cursor.delta) {
      const next = opaque();
      deltaTokens.set(next, cursor.delta);
      out['@odata.deltaLink'] = `${base}/v1.0/users/delta?$deltatoken=${next}`;
    }
    json(res, 200, out);
  }

  /** A delta round: what changed against what the token had seen, and what it now sees. */
  function deltaRound(state: DeltaState): Cursor {
    const items: Record<string, unknown>[] = [];
    const seen: DeltaState['seen'] = new Map();
    for (const u of self.users) {
      const now = { props: JSON.stringify(shape(u, state.select)), managerId: u.managerId ?? '' };
      const before = state.seen.get(u.id);
      seen.set(u.id, now);
      const managerChanged = before?.managerId !== now.managerId;
      if (before?.props === now.props && !managerChanged) continue;
      const item = shape(u, state.select);
      if (state.select.includes('manager') && managerChanged) {
        if (now.managerId) item['manager@delta'] = [manager(now.managerId)];
        else if (before?.managerId) item['manager@delta'] = [{ ...manager(before.managerId), '@removed': {} }];
      }
      items.push(item);
    }
    for (const id of state.seen.keys()) if (!seen.has(id)) items.push({ id, '@removed': { reason: 'changed' } });
    return { items, size: self.deltaPageSize, query: '', delta: { select: state.select, seen } };
  }

  function graph(req: IncomingMessage, res: ServerResponse, url: URL) {
    const base = `http://${req.headers.host}`;
    const q = url.searchParams;
    const skip = q.get('$skiptoken');
    if (url.pathname === '/v1.0/users' || url.pathname === '/v1.0/users/delta') {
      const isDelta = url.pathname.endsWith('/delta');
      if (skip !== null) {
        const cursor = cursors.get(skip);
        cursors.delete(skip);
        if (!cursor) return graphError(res, 400, 'Request_BadRequest', 'The skip token is not valid.');
        return page(res, base, url.pathname, cursor);
      }
      const select = (q.get('$select') ?? 'id,displayName,mail').split(',');
      if (isDelta) {
        const tokenText = q.get('$deltatoken');
        if (tokenText === 'latest') {
          return page(res, base, url.pathname, { ...deltaRound({ select, seen: new Map() }), items: [] });
        }
        const state = tokenText === null ? { select, seen: new Map() } : deltaTokens.get(tokenText);
        if (!state) {
          return graphError(res, 410, 'syncStateNotFound', 'The sync state is expired or not found; start over.', {
            location: `${base}/v1.0/users/delta?$deltatoken=`,
          });
        }
        return page(res, base, url.pathname, deltaRound(state));
      }
      const expand = q.get('$expand') ?? '';
      const top = Math.min(Number(q.get('$top') ?? 100), expand ? 100 : 999);
      const items = self.users.map((u) => {
        const item = shape(u, select);
        if (expand.startsWith('manager') && u.managerId) item.manager = manager(u.managerId);
        return item;
      });
      return page(res, base, url.pathname, { items, size: top, query: url.search.slice(1), delta: null });
    }
    graphError(res, 400, 'BadRequest', `Resource not found for the segment '${url.pathname}'.`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      if (tokenPath && req.method === 'POST') {
        return token(res, decodeURIComponent(tokenPath[1]!), new URLSearchParams(Buffer.concat(chunks).toString()));
      }
      self.requests.push(`${req.method} ${decodeURIComponent(url.pathname + url.search)}`);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const grant = tokens.get(bearer);
      if (!grant || grant.until <= Date.now() || grant.left <= 0) {
        self.counts.unauthorized++;
        const why = bearer ? 'Lifetime validation failed, the token is expired.' : 'Access token is empty.';
        return graphError(res, 401, 'InvalidAuthenticationToken', why);
      }
      grant.left--;
      if (throttling.times > 0) {
        throttling.times--;
        self.counts.throttled++;
        return graphError(
          res,
          throttling.status,
          throttling.status === 429 ? 'TooManyRequests' : 'serviceNotAvailable',
          'Too many requests; retry after the time given.',
          { 'retry-after': String(throttling.seconds) },
        );
      }
      if (failIn !== null && failIn-- <= 0) {
        return graphError(res, 500, 'generalException', 'An unexpected error occurred.');
      }
      if (req.method !== 'GET') return graphError(res, 405, 'Request_BadRequest', 'Only GET is served here.');
      graph(req, res, url);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}
