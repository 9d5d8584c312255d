/**
 * A STAND-IN for OS2mo, for tests: no OS2mo can run on these machines. It follows what OS2mo's own
 * repository (github.com/OS2mo/os2mo, mora/graphapi and docs/src/tech-docs/iam/auth.md) says of:
 * - Keycloak's token endpoint /auth/realms/mo/protocol/openid-connect/token: client credentials
 *   (grant_type, client_id, client_secret as a form) give {access_token, expires_in, token_type};
 *   a wrong client gets 401 unauthorized_client; tokens expire (after their lifetime, or after a
 *   number of requests the test sets), and OS2mo answers 401 to an expired one;
 * - POST /graphql/vN: org_units and employees with `filter: {from_date}`, `limit` and `cursor`,
 *   answered as Paged[Response[...]] ({page_info: {next_cursor}, objects: [{uuid, current}]}), with
 *   opaque cursors; like OS2mo it cuts the page by `limit` before it drops what does not hold on
 *   the day, so a page may be shorter than the limit, even empty, before next_cursor is null;
 *   GraphQL errors come as 200 with `errors`.
 * What it leaves out: it parses no GraphQL. It knows the adapter's two queries by operation name
 * (RingeOrgUnits, RingeEmployees) and answers each with the fields that query asks for
 * (server/sync/sources/os2mo.ts); any other operation gets GraphQL's "Unknown operation" error.
 * No registrations, no other collections, no RBAC, no validities beyond from/to days.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type Aspect = 'Ansvarlig' | 'Udførende' | 'Indsigt';
/** The kle_aspect facet's classes: user key and scope, as OS2mo's KLE importer makes them. */
const ASPECT_SCOPE: Record<Aspect, string> = { Ansvarlig: 'ANSVARLIG', Udførende: 'UDFOERENDE', Indsigt: 'INDSIGT' };

/** Days are inclusive, YYYY-MM-DD; no `to` is open. */
type Validity = { from?: string; to?: string | null };
export type StandinUnit = Validity & {
  uuid: string;
  name: string;
  parent: string | null;
  kle?: { number: string; title: string; aspects: Aspect[] }[];
  /** Person uuids of the unit's manager roles; null for a vacant one. */
  managers?: (string | null)[];
};
export type StandinEmployee = {
  uuid: string;
  givenName: string;
  surname: string;
  nickname?: string;
  engagements: (Validity & { unit: string; jobFunction: string; primary?: boolean })[];
  addresses?: {
    scope: 'EMAIL' | 'PHONE' | 'DAR' | 'TEXT';
    value: string;
    visibility?: 'PUBLIC' | 'INTERNAL' | 'SECRET';
  }[];
};

export type Os2moStandin = {
  url: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  version: number;
  /** The organisation OS2mo holds; the test changes it between runs. */
  data: { units: StandinUnit[]; employees: StandinEmployee[] };
  /** expires_in of new tokens. */
  tokenLifetimeSeconds: number;
  /** When set, every token issued so far expires once this many GraphQL requests have been answered. */
  expireTokensAfterRequests: number | null;
  /** The GraphQL request (1-based) that fails: 503, or 200 whose body is cut off midway. */
  failOnRequest: { request: number; how: 'status' | 'cut' } | null;
  /** The GraphQL request (1-based) answered with a GraphQL error. */
  errorOnRequest: number | null;
  stats: { tokens: number; requests: number; pages: { RingeOrgUnits: number; RingeEmployees: number } };
  close(): Promise<void>;
};

const holds = (v: Validity, day: string) => (v.from ?? '0000') <= day && (v.to == null || day <= v.to);
const cursorOf = (last: string) => {
  const json = Buffer.from(JSON.stringify({ last })).toString('base64');
  return `${createHash('shake128', { outputLength: 3 }).update(json).digest('hex')}_${json}`;
};
const lastOf = (cursor: string): string => JSON.parse(Buffer.from(cursor.split('_')[1]!, 'base64').toString()).last;

/**
 * A list in uuid order, sorted again only when the list changed (another object, or another uuid at a
 * place): with 50,000 employees (bench/sync.ts) sorting for every page took longer than the reading.
 */
const sortedLists = new WeakMap<object[], { items: object[]; uuids: string[]; sorted: object[] }>();
function sortedByUuid<T extends { uuid: string }>(all: T[]): T[] {
  const known = sortedLists.get(all);
  if (
    known &&
    known.items.length === all.length &&
    all.every((x, i) => x === known.items[i] && x.uuid === known.uuids[i])
  )
    return known.sorted as T[];
  const sorted = [...all].sort((a, b) => a.uuid.localeCompare(b.uuid));
  sortedLists.set(all, { items: [...all], uuids: all.map((x) => x.uuid), sorted });
  return sorted;
}

function page<T extends { uuid: string }>(
  all: T[],
  limit: number,
  cursor: string | null,
  render: (x: T) => object | null,
) {
  const after = cursor ? lastOf(cursor) : '';
  const slice = sortedByUuid(all)
    .filter((x) => x.uuid > after)
    .slice(0, limit);
  const objects = slice.flatMap((x) => {
    const current = render(x);
    return current ? [{ uuid: x.uuid, current }] : [];
  });
  return { page_info: { next_cursor: slice.length < limit ? null : cursorOf(slice.at(-1)!.uuid) }, objects };
}

const listOf = (items: object[]) => ({ objects: items.map((current) => ({ current })) });

function unitNow(u: StandinUnit, day: string) {
  if (!holds(u, day)) return null;
  return {
    name: u.name,
    parent_response: u.parent ? { uuid: u.parent } : null,
    kles_response: listOf(
      (u.kle ?? []).map((k) => ({
        kle_number_response: { current: { user_key: k.number, name: k.title } },
        kle_aspects_response: listOf(k.aspects.map((a) => ({ user_key: a, scope: ASPECT_SCOPE[a] }))),
      })),
    ),
    managers_response: listOf((u.managers ?? []).map((m) => ({ person_response: m ? { uuid: m } : null }))),
  };
}

function employeeNow(e: StandinEmployee, day: string) {
  return {
    name: `${e.givenName} ${e.surname}`,
    nickname: e.nickname ?? '',
    engagements_response: listOf(
      e.engagements
        .filter((g) => holds(g, day))
        .map((g) => ({
          is_primary: !!g.primary,
          org_unit_response: { uuid: g.unit },
          job_function_response: { current: { name: g.jobFunction } },
        })),
    ),
    addresses_response: listOf(
      (e.addresses ?? []).map((a) => ({
        value: a.value,
        address_type_response: { current: { scope: a.scope } },
        visibility_response: a.visibility ? { current: { scope: a.visibility } } : null,
      })),
    ),
  };
}

const QUERIES = {
  RingeOrgUnits: { root: 'org_units', list: (s: Os2moStandin) => s.data.units, render: unitNow },
  RingeEmployees: { root: 'employees', list: (s: Os2moStandin) => s.data.employees, render: employeeNow },
} as const;

export async function startOs2moStandin(version = 30): Promise<Os2moStandin> {
  const tokens = new Map<string, { expires: number; issuedAtRequest: number }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const standin: Os2moStandin = {
    url,
    tokenUrl: `${url}/auth/realms/mo/protocol/openid-connect/token`,
    clientId: 'ringe',
    clientSecret: randomBytes(12).toString('hex'),
    version,
    data: { units: [], employees: [] },
    tokenLifetimeSeconds: 300,
    expireTokensAfterRequests: null,
    failOnRequest: null,
    errorOnRequest: null,
    stats: { tokens: 0, requests: 0, pages: { RingeOrgUnits: 0, RingeEmployees: 0 } },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const graphqlError = (res: ServerResponse, message: string, path?: string) =>
    json(res, 200, {
      data: null,
      errors: [{ message, locations: [{ line: 2, column: 3 }], ...(path ? { path: [path] } : {}) }],
    });

  function answer(req: IncomingMessage, res: ServerResponse, body: string) {
    if (req.method === 'POST' && req.url === '/auth/realms/mo/protocol/openid-connect/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials') {
        return json(res, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' });
      }
      if (form.get('client_id') !== standin.clientId || form.get('client_secret') !== standin.clientSecret) {
        return json(res, 401, {
          error: 'unauthorized_client',
          error_description: 'Invalid client or Invalid client credentials',
        });
      }
      const token = randomBytes(16).toString('hex');
      tokens.set(token, {
        expires: Date.now() + standin.tokenLifetimeSeconds * 1000,
        issuedAtRequest: standin.stats.requests,
      });
      standin.stats.tokens++;
      return json(res, 200, {
        access_token: token,
        expires_in: standin.tokenLifetimeSeconds,
        refresh_expires_in: 0,
        token_type: 'Bearer',
        'not-before-policy': 0,
        scope: 'email profile',
      });
    }
    if (req.method !== 'POST' || req.url !== `/graphql/v${version}`) return json(res, 404, { detail: 'Not Found' });
    const n = ++standin.stats.requests;
    const token = tokens.get(/^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    const limit = standin.expireTokensAfterRequests;
    if (!token || token.expires < Date.now() || (limit !== null && n > limit && token.issuedAtRequest < limit)) {
      return json(res, 401, { status: 401, error: 'Unauthorized', description: 'Token expired or invalid' });
    }
    if (standin.failOnRequest?.request === n) {
      if (standin.failOnRequest.how === 'status') return json(res, 503, { detail: 'Service Unavailable' });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4000' });
      return res.write('{"data": {"org_units": {"objects": [{"uuid": ', () => res.destroy());
    }
    const {
      query,
      variables = {},
      operationName,
    } = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName: string };
    const known = QUERIES[operationName as keyof typeof QUERIES];
    if (!known || !query.includes(`${known.root}(`))
      return graphqlError(res, `Unknown operation named '${operationName}'.`);
    if (standin.errorOnRequest === n)
      return graphqlError(res, `Not allowed to read ${known.root}: the client lacks a role.`, known.root);
    const day = String(variables.day ?? '');
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/.test(day))
      return graphqlError(res, `Variable '$day' got invalid value '${day}'; Expected type 'DateTime'.`);
    const size = variables.limit;
    if (size != null && !(Number.isInteger(size) && (size as number) > 0))
      return graphqlError(res, 'Input should be greater than 0');
    const cursor = (variables.cursor as string | null | undefined) ?? null;
    if (cursor && !/^[0-9a-f]{6}_[A-Za-z0-9+/=]+$/.test(cursor))
      return graphqlError(res, `Could not parse cursor '${cursor}'.`);
    standin.stats.pages[operationName as keyof typeof QUERIES]++;
    const list = known.list(standin) as { uuid: string }[];
    const render = known.render as (x: { uuid: string }, day: string) => object | null;
    const all = size == null ? list.length + 1 : (size as number);
    return json(res, 200, {
      data: { [known.root]: page(list, all, cursor, (x) => render(x, day.slice(0, 10))) },
    });
  }
  return standin;
}
