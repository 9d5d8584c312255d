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
 * - registrations (GraphQL v26 and later, mora/graphapi/query.py `registrations__v26` and
 *   resolvers.py `registration_resolver`): `filter: {models, uuids, start, end}` (RegistrationFilter,
 *   filters.py) keeps every registration whose period OVERLAPS [start, end] (`registration_predicate`:
 *   lower <= end and upper > start), so an object's current registration, open-ended, is always among
 *   them: the caller picks the ones that began after its time. Paged by the objects' uuids (`limit`
 *   objects, each with all its matching registrations); an EngagementRegistration or
 *   AddressRegistration answers `validities` as registered then (model_registration.py), a deletion's
 *   none. Each change to an employee, engagement or address is a registration, made as OS2mo makes
 *   it, when written: assigning `data`, or calling `register()` after changing it in place, compares
 *   every object with what was registered and registers what differs at that moment, and a vanished
 *   object as deleted (a change in place not yet registered is, as in OS2mo, not yet a registration).
 *   What the first `data` holds counts as registered long ago (LONG_AGO, or its own `registered`),
 *   as a municipality's data is; what appears later, as registered when it appears;
 * - validities: engagements(filter: {from_date, to_date}) keeps those whose validity overlaps the
 *   interval, and `validities(start, end)` gives the periods that overlap theirs (from/to as OS2mo's
 *   midnights, `to` the last day in force).
 * What it leaves out: it parses no GraphQL. It knows the adapter's queries by operation name
 * (RingeOrgUnits, RingeEmployees, RingeRegistrations, RingeRegistrationOwners,
 * RingeEngagementsChanging, RingeUnitEngagements, RingeEmployeesByUuid) and answers each with the
 * fields that query asks for (server/sync/sources/os2mo.ts); any other operation gets GraphQL's
 * "Unknown operation" error. Registrations of employees, engagements and addresses only (not of
 * units, managers or KLE); no other collections, no RBAC, no validities beyond from/to days, one
 * validity per engagement.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type Aspect = 'Ansvarlig' | 'Udførende' | 'Indsigt';
/** The kle_aspect facet's classes: user key and scope, as OS2mo's KLE importer makes them. */
const ASPECT_SCOPE: Record<Aspect, string> = { Ansvarlig: 'ANSVARLIG', Udførende: 'UDFOERENDE', Indsigt: 'INDSIGT' };

/** Days are inclusive, YYYY-MM-DD; no `to` is open. */
type Validity = { from?: string; to?: string | null };
/**
 * When an object was first registered (ISO time), if not LONG_AGO (the first `data`) or now (later);
 * only read the first time the stand-in sees the object. An engagement or address without one of its
 * own takes its employee's.
 */
type Registered = { registered?: string };
export type StandinUnit = Validity & {
  uuid: string;
  name: string;
  parent: string | null;
  kle?: { number: string; title: string; aspects: Aspect[] }[];
  /** Person uuids of the unit's manager roles; null for a vacant one. */
  managers?: (string | null)[];
};
export type StandinEmployee = Registered & {
  uuid: string;
  givenName: string;
  surname: string;
  nickname?: string;
  /** Without a uuid, an engagement's or address's is made from the employee's and its place in the list. */
  engagements: (Validity & Registered & { uuid?: string; unit: string; jobFunction: string; primary?: boolean })[];
  addresses?: (Registered & {
    uuid?: string;
    scope: 'EMAIL' | 'PHONE' | 'DAR' | 'TEXT';
    value: string;
    visibility?: 'PUBLIC' | 'INTERNAL' | 'SECRET';
  })[];
};

/** Registered before any test or benchmark: the organisation as OS2mo already held it. */
export const LONG_AGO = '2020-01-01T00:00:00.000000+00:00';

export type Os2moStandin = {
  url: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  version: number;
  /** The organisation OS2mo holds; the test changes it between runs (assigning it registers the changes). */
  data: { units: StandinUnit[]; employees: StandinEmployee[] };
  /**
   * Registers every change made to `data` in place since the last registration (as OS2mo does when it
   * writes), as of `at` (ISO; default now: a test's setup may date its changes long ago).
   */
  register(at?: string): void;
  /** expires_in of new tokens. */
  tokenLifetimeSeconds: number;
  /** When set, every token issued so far expires once this many GraphQL requests have been answered. */
  expireTokensAfterRequests: number | null;
  /** The GraphQL request (1-based) that fails: 503, or 200 whose body is cut off midway. */
  failOnRequest: { request: number; how: 'status' | 'cut' } | null;
  /** The GraphQL request (1-based) answered with a GraphQL error. */
  errorOnRequest: number | null;
  stats: { tokens: number; requests: number; pages: Record<Operation, number> };
  close(): Promise<void>;
};

const holds = (v: Validity, day: string) => (v.from ?? '0000') <= day && (v.to == null || day <= v.to);
const cursorOf = (last: string) => {
  const json = Buffer.from(JSON.stringify({ last })).toString('base64');
  return `${createHash('shake128', { outputLength: 3 }).update(json).digest('hex')}_${json}`;
};
const lastOf = (cursor: string): string => JSON.parse(Buffer.from(cursor.split('_')[1]!, 'base64').toString()).last;
/** OS2mo gives validities as midnights in its own zone (Copenhagen: +01:00 in winter, which the tests use). */
const midnight = (day: string) => `${day}T00:00:00+01:00`;

/** An engagement's or address's uuid when the test gave none: the employee's with its kind and place. */
const partUuid = (employee: string, kind: 'e' | 'a', i: number) =>
  `${employee.slice(0, 14)}${kind === 'e' ? 'e' : 'a'}${i.toString(16).padStart(3, '0')}${employee.slice(18)}`;
const engagementUuid = (e: StandinEmployee, i: number) => e.engagements[i]!.uuid ?? partUuid(e.uuid, 'e', i);
const addressUuid = (e: StandinEmployee, i: number) => e.addresses![i]!.uuid ?? partUuid(e.uuid, 'a', i);

/**
 * A list in uuid order, sorted again only when the list changed (another object, or another uuid at a
 * place), which is looked at on a read's first page only: with 50,000 employees (bench/sync.ts)
 * sorting, or even comparing, for every page took longer than the reading.
 */
const sortedLists = new WeakMap<object[], { items: object[]; uuids: string[]; sorted: object[] }>();
function sortedByUuid<T extends { uuid: string }>(all: T[], look = true): T[] {
  const known = sortedLists.get(all);
  if (
    known &&
    (!look ||
      (known.items.length === all.length && all.every((x, i) => x === known.items[i] && x.uuid === known.uuids[i])))
  )
    return known.sorted as T[];
  const sorted = [...all].sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
  sortedLists.set(all, { items: [...all], uuids: all.map((x) => x.uuid), sorted });
  return sorted;
}

/** The place of the first item after `after` in a list sorted by uuid (OS2mo's keyset paging uses an index too). */
function firstAfter(sorted: { uuid: string }[], after: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.uuid > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function page<T extends { uuid: string }>(
  all: T[],
  limit: number,
  cursor: string | null,
  render: (x: T) => object | null,
) {
  const sorted = sortedByUuid(all, cursor === null);
  const from = cursor ? firstAfter(sorted, lastOf(cursor)) : 0;
  const slice = sorted.slice(from, from + limit);
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

type Model = 'employee' | 'engagement' | 'address';
/** One registration: its period (end null while it is the current one); a deletion registers no state. */
type Registration = { start: string; end: string | null; deleted: boolean; from: number; until: number };
const msOf = (t: string | null) => (t === null ? Number.POSITIVE_INFINITY : Date.parse(t));
const registration = (start: string, deleted = false): Registration => ({
  start,
  end: null,
  deleted,
  from: msOf(start),
  until: Number.POSITIVE_INFINITY,
});
/** What the stand-in registered of an object: whose it is (an employee's own uuid for an employee), and its fingerprint. */
type Logged = { uuid: string; model: Model; owner: string; print: string; registrations: Registration[] };

/** An engagement with its uuid and employee, as engagements(...) lists them. */
type EngagementRow = { uuid: string; person: string; g: StandinEmployee['engagements'][number] };

export type Operation =
  | 'RingeOrgUnits'
  | 'RingeEmployees'
  | 'RingeEmployeesByUuid'
  | 'RingeRegistrations'
  | 'RingeRegistrationOwners'
  | 'RingeEngagementsChanging'
  | 'RingeUnitEngagements';
const ROOTS: Record<Operation, string> = {
  RingeOrgUnits: 'org_units',
  RingeEmployees: 'employees',
  RingeEmployeesByUuid: 'employees',
  RingeRegistrations: 'registrations',
  RingeRegistrationOwners: 'registrations',
  RingeEngagementsChanging: 'engagements',
  RingeUnitEngagements: 'engagements',
};

export async function startOs2moStandin(version = 30): Promise<Os2moStandin> {
  const tokens = new Map<string, { expires: number; issuedAtRequest: number }>();
  const log = new Map<string, Logged>();
  let logSorted: Logged[] | null = null;
  let data: Os2moStandin['data'] = { units: [], employees: [] };

  /** Compares every employee, engagement and address with what was registered, and registers what differs now. */
  let registeredBefore = false;
  function register(now = new Date().toISOString()) {
    engagementRows = null;
    // The organisation first assigned was there before any test or benchmark; what is new later, is new now.
    const firstSeen = registeredBefore ? now : LONG_AGO;
    registeredBefore = true;
    const seen = new Set<string>();
    const note = (uuid: string, model: Model, owner: string, print: string, registered: string | undefined) => {
      seen.add(uuid);
      const known = log.get(uuid);
      if (!known) {
        log.set(uuid, {
          uuid,
          model,
          owner,
          print,
          registrations: [registration(registered ?? firstSeen)],
        });
        logSorted = null;
        return;
      }
      const last = known.registrations.at(-1)!;
      if (known.print === print && !last.deleted) return;
      Object.assign(last, { end: now, until: msOf(now) });
      known.registrations.push(registration(now));
      Object.assign(known, { owner, print });
    };
    for (const e of data.employees) {
      note(e.uuid, 'employee', e.uuid, `${e.givenName}\u0000${e.surname}\u0000${e.nickname ?? ''}`, e.registered);
      for (const [i, g] of e.engagements.entries())
        note(
          engagementUuid(e, i),
          'engagement',
          e.uuid,
          `${g.unit}\u0000${g.jobFunction}\u0000${!!g.primary}\u0000${g.from ?? ''}\u0000${g.to ?? ''}`,
          g.registered ?? e.registered,
        );
      for (const [i, a] of (e.addresses ?? []).entries())
        note(
          addressUuid(e, i),
          'address',
          e.uuid,
          `${a.scope}\u0000${a.value}\u0000${a.visibility ?? ''}`,
          a.registered ?? e.registered,
        );
    }
    for (const known of log.values()) {
      const last = known.registrations.at(-1)!;
      if (seen.has(known.uuid) || last.deleted) continue;
      Object.assign(last, { end: now, until: msOf(now) });
      known.registrations.push(registration(now, true));
    }
    // Indexed when written, as OS2mo's tables are, so a read does not pay for sorting them.
    logSorted ??= sortedByUuid([...log.values()]);
    engagements();
  }

  /**
   * Every engagement in uuid order (so what a filter keeps is in order too, and sorting it again costs
   * one pass), kept until `data` is assigned again or registered.
   */
  let engagementRows: EngagementRow[] | null = null;
  function engagements() {
    engagementRows ??= sortedByUuid(
      data.employees.flatMap((e) => e.engagements.map((g, i) => ({ uuid: engagementUuid(e, i), person: e.uuid, g }))),
    );
    return engagementRows;
  }
  /** The engagements a filter keeps, kept per filter while the engagements are, so each page is not a new list to sort. */
  const kept = new Map<string, EngagementRow[]>();
  let keptOf: EngagementRow[] | null = null;
  const engagementsWhere = (key: string, keep: (r: EngagementRow) => boolean) => {
    const all = engagements();
    if (keptOf !== all) kept.clear();
    keptOf = all;
    const list = kept.get(key) ?? all.filter(keep);
    kept.set(key, list);
    return list;
  };

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
    get data() {
      return data;
    },
    set data(next) {
      data = next;
      register();
    },
    register: (at) => register(at),
    tokenLifetimeSeconds: 300,
    expireTokensAfterRequests: null,
    failOnRequest: null,
    errorOnRequest: null,
    stats: {
      tokens: 0,
      requests: 0,
      pages: Object.fromEntries(Object.keys(ROOTS).map((k) => [k, 0])) as Record<Operation, number>,
    },
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
  const dateOf = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.+-]+Z?)?$/.test(v) ? v : null);

  /** Answers one page of a known operation, or says why not. */
  function pageOf(op: Operation, v: Record<string, unknown>, limit: number, cursor: string | null): object | string {
    const day = dateOf(v.day)?.slice(0, 10);
    switch (op) {
      case 'RingeOrgUnits':
      case 'RingeEmployees':
      case 'RingeEmployeesByUuid': {
        if (!day) return `Variable '$day' got invalid value '${v.day}'; Expected type 'DateTime'.`;
        if (op === 'RingeOrgUnits') return page(data.units, limit, cursor, (u) => unitNow(u, day));
        let list = data.employees;
        if (op === 'RingeEmployeesByUuid') {
          if (!Array.isArray(v.uuids)) return "Variable '$uuids' of required type '[UUID!]!' was not provided.";
          const wanted = new Set(v.uuids as string[]);
          list = list.filter((e) => wanted.has(e.uuid));
        }
        return page(list, limit, cursor, (e) => employeeNow(e, day));
      }
      case 'RingeRegistrations':
      case 'RingeRegistrationOwners': {
        // registration_predicate: lower(period) <= end and upper(period) > start; a missing bound is infinity.
        const start = v.start == null ? '' : dateOf(v.start);
        const end = v.end == null ? null : dateOf(v.end);
        if (start === null || (v.end != null && end === null))
          return `Variable '$start' or '$end' got an invalid value; Expected type 'DateTime'.`;
        const [lo, hi] = [start === '' ? Number.NEGATIVE_INFINITY : msOf(start), msOf(end)];
        const overlaps = (r: Registration) => r.from <= hi && r.until > lo;
        const models = Array.isArray(v.models) ? new Set(v.models as string[]) : null;
        const uuids = Array.isArray(v.uuids) ? new Set(v.uuids as string[]) : null;
        logSorted ??= sortedByUuid([...log.values()]);
        const from = cursor ? firstAfter(logSorted, lastOf(cursor)) : 0;
        const objects: object[] = [];
        let taken = 0;
        let last = '';
        // `limit` objects (uuids) a page, each with all its matching registrations.
        for (let i = from; i < logSorted.length && taken < limit; i++) {
          const o = logSorted[i]!;
          if ((models && !models.has(o.model)) || (uuids && !uuids.has(o.uuid))) continue;
          const matching = o.registrations.filter(overlaps);
          if (!matching.length) continue;
          taken++;
          last = o.uuid;
          for (const r of matching) {
            if (op === 'RingeRegistrations') {
              objects.push({ uuid: o.uuid, start: r.start });
              continue;
            }
            const kind = {
              employee: 'PersonRegistration',
              engagement: 'EngagementRegistration',
              address: 'AddressRegistration',
            };
            objects.push({
              __typename: kind[o.model],
              model: o.model,
              uuid: o.uuid,
              ...(o.model === 'employee'
                ? {}
                : { validities: r.deleted ? [] : [{ person_response: { uuid: o.owner } }] }),
            });
          }
        }
        return { page_info: { next_cursor: taken < limit ? null : cursorOf(last) }, objects };
      }
      case 'RingeEngagementsChanging': {
        const from = dateOf(v.from)?.slice(0, 10);
        const to = dateOf(v.to)?.slice(0, 10);
        if (!from || !to) return `Variable '$from' or '$to' got an invalid value; Expected type 'DateTime'.`;
        const overlapping = (g: Validity) => (g.from ?? '0000') <= to && (g.to == null || g.to >= from);
        const found = page(
          engagementsWhere(`changing|${from}|${to}`, (r) => overlapping(r.g)),
          limit,
          cursor,
          (r) => ({
            // Each engagement of the stand-in has one validity: the periods that overlap are it.
            validity: { from: midnight(r.g.from ?? '1900-01-01'), to: r.g.to ? midnight(r.g.to) : null },
            person_response: { uuid: r.person },
          }),
        );
        // Asked for as `validities(start, end)` on each object, not `current`.
        return { ...found, objects: found.objects.map((o) => ({ uuid: o.uuid, validities: [o.current] })) };
      }
      case 'RingeUnitEngagements': {
        if (!day) return `Variable '$day' got invalid value '${v.day}'; Expected type 'DateTime'.`;
        if (!Array.isArray(v.units)) return "Variable '$units' of required type '[UUID!]!' was not provided.";
        const units = new Set(v.units as string[]);
        return page(
          engagementsWhere(`units|${day}|${[...units].join()}`, (r) => units.has(r.g.unit) && holds(r.g, day)),
          limit,
          cursor,
          (r) => ({ person_response: { uuid: r.person } }),
        );
      }
    }
  }
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
    const op = operationName as Operation;
    const root = ROOTS[op];
    // registrations are in GraphQL version 26 and later (query.py: registrations__v26).
    if (!root || !query.includes(`${root}(`) || (root === 'registrations' && version < 26))
      return graphqlError(res, `Unknown operation named '${operationName}'.`);
    if (standin.errorOnRequest === n)
      return graphqlError(res, `Not allowed to read ${root}: the client lacks a role.`, root);
    const size = variables.limit;
    if (size != null && !(Number.isInteger(size) && (size as number) > 0))
      return graphqlError(res, 'Input should be greater than 0');
    const cursor = (variables.cursor as string | null | undefined) ?? null;
    if (cursor && !/^[0-9a-f]{6}_[A-Za-z0-9+/=]+$/.test(cursor))
      return graphqlError(res, `Could not parse cursor '${cursor}'.`);
    const all = size == null ? Number.MAX_SAFE_INTEGER : (size as number);
    const answered = pageOf(op, variables, all, cursor);
    if (typeof answered === 'string') return graphqlError(res, answered);
    standin.stats.pages[op]++;
    return json(res, 200, { data: { [root]: answered } });
  }
  return standin;
}
