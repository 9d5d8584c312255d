/**
 * OS2mo (the municipal organisation system) as a source, read through its GraphQL API at
 * /graphql/vN with a Keycloak client-credentials token.
 *
 * A first run reads two queries, each paged by OS2mo's cursors (`limit`, then
 * `page_info.next_cursor` until it is null; a page may come back shorter than the limit, even empty,
 * before the end): the organisation units that hold on the run's day, with their parent, their KLE
 * numbers with aspects and their managers, and the employees, with their engagements (unit and job function) and addresses (work e-mail and
 * phone). Every object is asked for as it stands on the run's day (`filter: {from_date}` and
 * `current(at:)`), so a person whose engagements have all ended is absent and the engine ends them.
 *
 * Later runs read only what changed (`complete: false`), from the run's `state` (see INCREMENTAL below):
 * every unit again (they are few), the employees that a registration since the last run touched, those
 * whose engagement began or ended between the last run's day and this one, and those whose manager may
 * have changed; a person read without an engagement on the day, or gone, is `removed`.
 *
 * Written from OS2mo's own schema (github.com/OS2mo/os2mo, mora/graphapi: collections/*.py,
 * paged.py, response.py, version.py, and for later runs query.py, resolvers.py, filters.py,
 * model_registration.py, rbac_map.py; GraphQL version 30 is the newest there) and its docs
 * (docs/src/tech-docs/iam/auth.md: the token; graphql/migration.md: the versions). Only fields that
 * are not deprecated are used, so a newer version keeps answering.
 */
import {
  type KleAspect,
  type SnapshotKle,
  type SnapshotPerson,
  type SnapshotUnit,
  SourceError,
  type SourceErrorCode,
  type SourceRefusal,
  type SyncSource,
} from '../source.js';

export type Os2moSourceConfig = {
  /** OS2mo's base address, e.g. https://os2mo.kommune.dk (the API is at /graphql/vN beneath it). */
  url: string;
  /** Keycloak's token endpoint, e.g. https://os2mo.kommune.dk/auth/realms/mo/protocol/openid-connect/token. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The GraphQL version asked for (/graphql/vN). Default 30, the newest OS2mo has. */
  graphqlVersion?: number;
  /** Objects per page (`limit`). Default 200: each employee brings its engagements and addresses along. */
  pageSize?: number;
  /**
   * How far before the last run's start registrations are read again, in seconds (default 300): a
   * registration carries the time its transaction began, so one still being written as the last run
   * read, or a clock a little apart from ours, is not missed.
   */
  registrationOverlapSeconds?: number;
};

export const OS2MO_GRAPHQL_VERSION = 30;

/** Why OS2mo or its Keycloak could not be read, in one sentence that never holds the secret or a token. */
export class Os2moError extends SourceError {
  constructor(
    code: SourceErrorCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(code, message);
    this.name = 'Os2moError';
  }
}

// The queries, by operation name (the test stand-in answers these names). `$day` is noon of the run's
// day: OS2mo compares validities as datetimes in its own time zone, and noon is on the same day in any
// Danish offset and clear of the midnight on which engagements start and end.
const UNITS_QUERY = `query RingeOrgUnits($day: DateTime!, $limit: int, $cursor: Cursor) {
  org_units(filter: {from_date: $day}, limit: $limit, cursor: $cursor) {
    page_info { next_cursor }
    objects {
      uuid
      current(at: $day) {
        name
        parent_response { uuid }
        kles_response(filter: {from_date: $day}) {
          objects {
            current(at: $day) {
              kle_number_response { current { user_key name } }
              kle_aspects_response { objects { current { user_key scope } } }
            }
          }
        }
        managers_response(filter: {from_date: $day}) {
          objects { current(at: $day) { person_response { uuid } } }
        }
      }
    }
  }
}`;

/** What is read of an employee on the day, by both the whole read and the read of changed people. */
const EMPLOYEE_FIELDS = `
      uuid
      current(at: $day) {
        name
        nickname
        engagements_response(filter: {from_date: $day}) {
          objects {
            current(at: $day) {
              is_primary
              org_unit_response { uuid }
              job_function_response { current { name } }
            }
          }
        }
        addresses_response(filter: {from_date: $day}) {
          objects {
            current(at: $day) {
              value
              address_type_response { current { scope } }
              visibility_response { current { scope } }
            }
          }
        }
      }`;

const EMPLOYEES_QUERY = `query RingeEmployees($day: DateTime!, $limit: int, $cursor: Cursor) {
  employees(filter: {from_date: $day}, limit: $limit, cursor: $cursor) {
    page_info { next_cursor }
    objects {${EMPLOYEE_FIELDS}
    }
  }
}`;

// INCREMENTAL. OS2mo is bitemporal: a registration (when something was written) is apart from a
// validity (the days it holds). Its GraphQL API (version 26 and later; mora/graphapi/query.py
// `registrations__v26`, resolvers.py `registration_resolver` and `registration_predicate`, filters.py
// `RegistrationFilter {uuids, actors, models, start, end}`, model_registration.py) lists registrations
// whose period OVERLAPS [start, end]: every object's current registration is open-ended, so it is
// always among them, and only the registrations' own `start` tells what was written since. (The
// collections' `registration` filters work the same way, and their `from_date`/`to_date` filters keep
// the validities that overlap, so neither names only what changed. OS2mo's event system, events.md,
// does, but it is consumed one event per request, forever, by a listener declared in OS2mo.) So a
// later run reads, in GraphQL version 26 or later:
// 1. RingeRegistrations: the registrations of employees, engagements and addresses from the last run's
//    start (less registrationOverlapSeconds), just their uuid and start, and keeps the objects with a
//    registration that began since;
// 2. RingeRegistrationOwners: for those objects, whose they were: an employee is its own; an
//    engagement's or address's person as registered (`validities`, so a deleted one still says whose
//    it was);
// 3. RingeEngagementsChanging: the engagements whose validity overlaps the days from the last run's
//    to this one's, with their validities, and keeps those that began after the last run's day or ended
//    before this one's: a change registered long ago that takes effect now (a leaver's last day, a
//    start, a move from a date);
// 4. RingeEmployeesByUuid: those people, and every manager of a unit (now or at the last run), as the
//    whole read reads them;
// 5. RingeUnitEngagements: the people of the units whose manager, as a person there gets it (the unit's
//    own, or the nearest above), is another than at the last run, read as in 4.
// Every unit is read each time (RingeOrgUnits), as in the whole read. The state keeps the run's start,
// its day, each unit's manager as its people get it and the managers; a first run, another OS2mo, an
// earlier day or a state that cannot be read reads everything.
const REGISTRATIONS_QUERY = `query RingeRegistrations($models: [String!], $start: DateTime, $limit: int, $cursor: Cursor) {
  registrations(filter: {models: $models, start: $start}, limit: $limit, cursor: $cursor) {
    page_info { next_cursor }
    objects { uuid start }
  }
}`;

const REGISTRATION_OWNERS_QUERY = `query RingeRegistrationOwners($uuids: [UUID!], $start: DateTime, $limit: int, $cursor: Cursor) {
  registrations(filter: {uuids: $uuids, start: $start}, limit: $limit, cursor: $cursor) {
    page_info { next_cursor }
    objects {
      model
      uuid
      ... on EngagementRegistration { validities(start: null, end: null) { person_response { uuid } } }
      ... on AddressRegistration { validities(start: null, end: null) { person_response { uuid } } }
    }
  }
}`;

const ENGAGEMENTS_CHANGING_QUERY = `query RingeEngagementsChanging($from: DateTime!, $to: DateTime!, $limit: int, $cursor: Cursor) {
  engagements(filter: {from_date: $from, to_date: $to}, limit: $limit, cursor: $cursor) {
    page_info { next_cursor }
    objects {
      uuid
      validities(start: $from, end: $to) { validity { from to } person_response { uuid } }
    }
  }
}`;

const UNIT_ENGAGEMENTS_QUERY = `query RingeUnitEngagements($units: [UUID!]!, $day: DateTime!, $limit: int, $cursor: Cursor) {
  engagements(filter: {org_unit: {uuids: $units}, from_date: $day}, limit: $limit, cursor: $cursor) {
    page_info { next_cursor }
    objects { uuid current(at: $day) { person_response { uuid } } }
  }
}`;

const EMPLOYEES_BY_UUID_QUERY = `query RingeEmployeesByUuid($uuids: [UUID!]!, $day: DateTime!, $limit: int, $cursor: Cursor) {
  employees(filter: {uuids: $uuids, from_date: $day}, limit: $limit, cursor: $cursor) {
    page_info { next_cursor }
    objects {${EMPLOYEE_FIELDS}
    }
  }
}`;

/** The first GraphQL version with `registrations` giving each object's state as registered. */
const REGISTRATIONS_FROM_VERSION = 26;
/** The models whose registrations can change a person as this source reads them. */
const PERSON_MODELS = ['employee', 'engagement', 'address'];
/** uuids asked for in one request (OS2mo takes them as a list in the filter). */
const UUIDS_PER_REQUEST = 500;

/** What a run leaves for the next one to start from. */
type Os2moState = {
  v: 1;
  /** The GraphQL address read: another OS2mo's registrations say nothing of this one's. */
  api: string;
  /** When the run began reading (ISO), by this server's clock. */
  at: string;
  day: string;
  /** Each unit in force, with the manager a person there gets (the unit's own or the nearest above), or null. */
  units: Record<string, string | null>;
  /** Everyone who manages a unit: read each time, as their own manager depends on it. */
  managers: string[];
  /** When the last full read began (ISO): the next comes FULL_READ_EVERY_MS after it. */
  fullAt: string;
};

/**
 * Everything is read again once a day: a change of an address or a name entered earlier to take effect later leaves
 * no registration on its day (only an engagement's dates are asked for), and an edit in Ringe of a field OS2mo owns
 * is overwritten when OS2mo next sends the person.
 */
const FULL_READ_EVERY_MS = 24 * 60 * 60_000;

// The shapes of the answers, as far as they are read; every level may be null where OS2mo has nothing.
type Current<T> = { current: T | null } | null;
type Objects<T> = { objects: (Current<T> & { uuid?: string })[] } | null;
type Page<O> = { page_info: { next_cursor: string | null }; objects: O[] };
type Now<T> = { uuid: string } & Current<T>;

type UnitNow = {
  name: string | null;
  parent_response: { uuid: string } | null;
  kles_response: Objects<{
    kle_number_response: Current<{ user_key: string; name: string | null }>;
    kle_aspects_response: Objects<{ user_key: string | null; scope: string | null }>;
  }>;
  managers_response: Objects<{ person_response: { uuid: string } | null }>;
};

type EmployeeNow = {
  name: string | null;
  nickname: string | null;
  engagements_response: Objects<{
    is_primary: boolean | null;
    org_unit_response: { uuid: string } | null;
    job_function_response: Current<{ name: string | null }>;
  }>;
  addresses_response: Objects<{
    value: string | null;
    address_type_response: Current<{ scope: string | null }>;
    visibility_response: Current<{ scope: string | null }>;
  }>;
};

/**
 * The KLE aspect of a class of OS2mo's kle_aspect facet. The scope is what integrations read
 * (ANSVARLIG, UDFOERENDE, INDSIGT; some installations call insight INFORMERET); the user key
 * ("Ansvarlig", "Udførende", "Indsigt", in English "Responsible", "Executive", "Insight") when a
 * class has no scope.
 */
const ASPECTS: Record<string, KleAspect> = {
  ansvarlig: 'ansvarlig',
  responsible: 'ansvarlig',
  udfoerende: 'udfoerende',
  udførende: 'udfoerende',
  executive: 'udfoerende',
  indsigt: 'indsigt',
  informeret: 'indsigt',
  insight: 'indsigt',
};
const ASPECT_ORDER: KleAspect[] = ['ansvarlig', 'udfoerende', 'indsigt'];

function aspectOf(cls: { user_key: string | null; scope: string | null } | null): KleAspect | undefined {
  return ASPECTS[(cls?.scope ?? '').toLowerCase()] ?? ASPECTS[(cls?.user_key ?? '').trim().toLowerCase()];
}

const present = <T>(list: Objects<T>): T[] =>
  (list?.objects ?? []).map((o) => o?.current).filter((c): c is T => c != null);

/** A KLE class's name without the number some installations put before the title. */
function titleOf(number: string, name: string | null): string | undefined {
  const title = (name ?? '').trim();
  const bare = title.startsWith(number) ? title.slice(number.length).replace(/^[\s:.-]+/, '') : title;
  return bare || undefined;
}

export function createOs2moSource(config: Os2moSourceConfig): SyncSource {
  const base = config.url.replace(/\/+$/, '');
  const version = config.graphqlVersion ?? OS2MO_GRAPHQL_VERSION;
  const graphqlUrl = `${base}/graphql/v${version}`;
  const pageSize = config.pageSize ?? 200;
  // The light lists of the incremental read (registrations, validities) come many to a page.
  const listPageSize = pageSize * 25;
  const overlapMs = (config.registrationOverlapSeconds ?? 300) * 1000;
  let token: { value: string; renewAt: number } | null = null;

  /**
   * POSTs and reads the whole answer: its JSON, or undefined when it is not JSON. An unreachable host
   * or an answer broken off is said plainly; an abort is passed on as it is.
   */
  async function post(url: string, init: RequestInit, signal: AbortSignal): Promise<[Response, unknown]> {
    signal.throwIfAborted();
    try {
      const res = await fetch(url, { ...init, method: 'POST', signal });
      const text = await res.text();
      try {
        return [res, JSON.parse(text)];
      } catch {
        return [res, undefined];
      }
    } catch (err) {
      if (signal.aborted) throw signal.reason ?? err;
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new Os2moError(
        'unreachable',
        `${new URL(url).host} could not be reached or broke off its answer (${cause}).`,
      );
    }
  }

  /** A Keycloak access token by client credentials, kept until shortly before it expires. */
  async function accessToken(signal: AbortSignal, renew = false): Promise<string> {
    if (token && !renew && Date.now() < token.renewAt) return token.value;
    token = null;
    const [res, body] = await post(
      config.tokenUrl,
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: config.clientId,
          client_secret: config.clientSecret,
        }).toString(),
      },
      signal,
    );
    const answer = (body ?? {}) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
      error_description?: unknown;
    };
    if (!res.ok || typeof answer.access_token !== 'string') {
      const why = [answer.error, answer.error_description].filter((s) => typeof s === 'string').join(': ');
      throw new Os2moError(
        res.status >= 500 ? 'unreachable' : 'auth',
        `Keycloak gave client "${config.clientId}" no token (HTTP ${res.status}${why ? `, ${why}` : ''}).`,
        res.status,
      );
    }
    const lifetimeMs = (typeof answer.expires_in === 'number' ? answer.expires_in : 60) * 1000;
    // Renewed a little before it runs out (a tenth of its life, at most 30 s), so it still holds when
    // a slow page arrives at OS2mo.
    token = { value: answer.access_token, renewAt: Date.now() + lifetimeMs - Math.min(30_000, lifetimeMs / 10) };
    return token.value;
  }

  /** One GraphQL request; an expired token (401) is renewed once. GraphQL's own errors end the read. */
  async function query<T>(operationName: string, text: string, variables: object, signal: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const bearer = await accessToken(signal, attempt > 0);
      const [res, body] = await post(
        graphqlUrl,
        {
          headers: {
            authorization: `Bearer ${bearer}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({ query: text, variables, operationName }),
        },
        signal,
      );
      if (res.status === 401 && attempt === 0) continue;
      const answer = (body ?? {}) as { data?: unknown; errors?: { message?: unknown }[] };
      if (Array.isArray(answer.errors) && answer.errors.length > 0) {
        const messages = answer.errors.map((e) => String(e?.message ?? '')).filter(Boolean);
        // OS2mo answers a missing role (RBAC) as a GraphQL error too.
        throw new Os2moError(
          res.status === 403 || messages.some((m) => /permission|forbidden|not allowed|not authori[sz]ed/i.test(m))
            ? 'forbidden'
            : 'badAnswer',
          `OS2mo refused the query ${operationName}: ${messages.slice(0, 3).join('; ').replace(/\.$/, '') || 'no message'}.`,
          res.status,
        );
      }
      if (!res.ok) {
        throw new Os2moError(
          res.status === 401
            ? 'auth'
            : res.status === 403
              ? 'forbidden'
              : res.status === 404
                ? 'config'
                : res.status >= 502 && res.status <= 504
                  ? 'unreachable'
                  : 'badAnswer',
          `OS2mo answered HTTP ${res.status} to the query ${operationName} (${graphqlUrl}).`,
          res.status,
        );
      }
      if (body === undefined)
        throw new Os2moError('badAnswer', `OS2mo answered the query ${operationName} with something that is not JSON.`);
      if (answer.data == null)
        throw new Os2moError('badAnswer', `OS2mo answered the query ${operationName} without data.`);
      return answer.data as T;
    }
  }

  /** One paged read of a root field: its query and variables (the page's limit and cursor are added). */
  interface Paged {
    root: string;
    operationName: string;
    text: string;
    variables: Record<string, unknown>;
    signal: AbortSignal;
    /** Every object as it comes (registrations, where one object has several), not each uuid once. */
    rows?: boolean;
    limit?: number;
  }

  /**
   * Every object of a root field, page after page until OS2mo gives no next cursor. Objects are taken
   * once each by uuid (a cursor that goes back would repeat them), unless `rows`.
   */
  async function readAll<O extends { uuid?: string }>({
    root,
    operationName,
    text,
    variables,
    signal,
    rows = false,
    limit = pageSize,
  }: Paged): Promise<O[]> {
    const objects: O[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const data: Record<string, Page<O> | null> = await query(
        operationName,
        text,
        { ...variables, limit, cursor },
        signal,
      );
      const page = data[root];
      if (!page?.page_info || !Array.isArray(page.objects)) {
        throw new Os2moError('badAnswer', `OS2mo's answer to ${operationName} has no ${root} page.`);
      }
      if (cursor !== null && page.page_info.next_cursor === cursor) {
        throw new Os2moError('badAnswer', `OS2mo gave the same cursor twice while paging ${root}.`);
      }
      for (const o of page.objects) {
        if (!o?.uuid) continue;
        if (rows) objects.push(o);
        else if (!seen.has(o.uuid)) {
          seen.add(o.uuid);
          objects.push(o);
        }
      }
      cursor = page.page_info.next_cursor;
    } while (cursor !== null);
    return objects;
  }

  /** readAll for a list of uuids (the variable `key`), a request's worth at a time. */
  async function readFor<O extends { uuid?: string }>(
    key: string,
    uuids: Iterable<string>,
    paged: Paged,
  ): Promise<O[]> {
    const all = [...uuids];
    const out: O[] = [];
    for (let i = 0; i < all.length; i += UUIDS_PER_REQUEST) {
      const part = all.slice(i, i + UUIDS_PER_REQUEST);
      out.push(...(await readAll<O>({ ...paged, variables: { ...paged.variables, [key]: part } })));
    }
    return out;
  }

  /** The state a run may start from, or null when it must read everything. */
  function usableState(state: string | null, day: string): Os2moState | null {
    if (!state || version < REGISTRATIONS_FROM_VERSION) return null;
    try {
      const s = JSON.parse(state) as Partial<Os2moState>;
      const ok =
        s.v === 1 &&
        s.api === graphqlUrl &&
        typeof s.at === 'string' &&
        Number.isFinite(Date.parse(s.at)) &&
        typeof s.day === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(s.day) &&
        s.day <= day &&
        typeof s.fullAt === 'string' &&
        Date.now() - Date.parse(s.fullAt) < FULL_READ_EVERY_MS &&
        !!s.units &&
        typeof s.units === 'object' &&
        Array.isArray(s.managers);
      return ok ? (s as Os2moState) : null;
    } catch {
      return null;
    }
  }

  /** The units in force on the day, with what people's managers are worked out from. */
  function unitsOf(unitObjects: Now<UnitNow>[], refused: SourceRefusal[]) {
    const units: SnapshotUnit[] = [];
    const parentOf = new Map<string, string | null>();
    const managersOf = new Map<string, string[]>();
    const unitIds = new Set(unitObjects.filter((o) => o.current).map((o) => o.uuid));
    for (const { uuid, current: now } of unitObjects) {
      if (!now) continue; // not in force on the day
      const name = (now.name ?? '').trim();
      if (!name) {
        refused.push({ record: uuid, reason: 'missingName', field: 'name', sourceId: uuid });
        continue;
      }
      // Before version 28 a root unit names the organisation itself as its parent; a parent that is
      // not a unit on the day makes a root.
      const parent = now.parent_response?.uuid ?? null;
      const parentId = parent && unitIds.has(parent) ? parent : null;
      const kle = new Map<string, SnapshotKle>();
      for (const k of present(now.kles_response)) {
        const number = k.kle_number_response?.current?.user_key?.trim();
        if (!number) continue;
        const title = titleOf(number, k.kle_number_response?.current?.name ?? null);
        for (const cls of present(k.kle_aspects_response)) {
          // A class outside the three aspects KL defines says nothing who-to-contact can rank.
          const aspect = aspectOf(cls);
          if (aspect) kle.set(`${number}|${aspect}`, { number, aspect, ...(title ? { title } : {}) });
        }
      }
      parentOf.set(uuid, parentId);
      managersOf.set(
        uuid,
        present(now.managers_response)
          .map((m) => m.person_response?.uuid)
          .filter((p): p is string => !!p),
      );
      units.push({
        sourceId: uuid,
        name,
        parentId,
        // Sorted, so the same KLE in another order is the same record to the engine.
        kle: [...kle.values()].sort(
          (a, b) => a.number.localeCompare(b.number) || ASPECT_ORDER.indexOf(a.aspect) - ASPECT_ORDER.indexOf(b.aspect),
        ),
      });
    }
    return { units, parentOf, managersOf, unitIds };
  }

  /** The people of the employees read: those with an engagement on the day, and the uuids of those without. */
  function peopleOf(employeeObjects: Now<EmployeeNow>[], refused: SourceRefusal[]) {
    const people: SnapshotPerson[] = [];
    const without: string[] = [];
    for (const { uuid, current: now } of employeeObjects) {
      const engagements = present(now?.engagements_response ?? null).filter((e) => e.org_unit_response?.uuid);
      if (!now || engagements.length === 0) {
        without.push(uuid); // no engagement on the day: not working here
        continue;
      }
      const name = (now.nickname ?? '').trim() || (now.name ?? '').trim();
      if (!name) {
        refused.push({ record: uuid, reason: 'missingName', field: 'name', sourceId: uuid });
        continue;
      }
      // The primary engagement first: its unit is the person's own, its job function their title.
      const ordered = [...engagements].sort((a, b) => Number(!!b.is_primary) - Number(!!a.is_primary));
      const addresses = present(now.addresses_response).filter(
        (a) => (a.visibility_response?.current?.scope ?? '').toUpperCase() !== 'SECRET' && a.value?.trim(),
      );
      const address = (scope: string) =>
        addresses.find((a) => (a.address_type_response?.current?.scope ?? '').toUpperCase() === scope)?.value?.trim() ??
        null;
      people.push({
        sourceId: uuid,
        name,
        title: ordered[0]!.job_function_response?.current?.name?.trim() || null,
        email: address('EMAIL'),
        phone: address('PHONE'),
        unitIds: [...new Set(ordered.map((e) => e.org_unit_response!.uuid))],
        managerId: null,
        active: true,
      });
    }
    return { people, without };
  }

  return {
    name: 'os2mo',
    async read({ state, day, signal }) {
      const startedAt = new Date().toISOString();
      const noon = `${day}T12:00:00`;
      const last = usableState(state, day);
      const refused: SourceRefusal[] = [];
      const unitObjects = await readAll<Now<UnitNow>>({
        root: 'org_units',
        operationName: 'RingeOrgUnits',
        text: UNITS_QUERY,
        variables: { day: noon },
        signal,
      });
      const { units, parentOf, managersOf, unitIds } = unitsOf(unitObjects, refused);
      const managers = new Set([...managersOf.values()].flat());

      /**
       * The manager a person in each unit gets who does not manage it: the unit's own or the nearest
       * above's, among `among` (the people read with an engagement on the day).
       */
      const unitManagers = (among: Set<string>) =>
        Object.fromEntries(
          [...unitIds].sort().map((unit) => {
            const seen = new Set<string>();
            for (let u: string | null = unit; u && !seen.has(u); u = parentOf.get(u) ?? null) {
              seen.add(u);
              const manager = (managersOf.get(u) ?? []).find((m) => among.has(m));
              if (manager) return [unit, manager];
            }
            return [unit, null];
          }),
        ) as Record<string, string | null>;
      const nextState = (among: Set<string>, fullAt: string) =>
        version < REGISTRATIONS_FROM_VERSION
          ? null
          : JSON.stringify({
              v: 1,
              api: graphqlUrl,
              at: startedAt,
              day,
              units: unitManagers(among),
              managers: [...managers].sort(),
              fullAt,
            } satisfies Os2moState);

      const readWhole = async () => {
        const employeeObjects = await readAll<Now<EmployeeNow>>({
          root: 'employees',
          operationName: 'RingeEmployees',
          text: EMPLOYEES_QUERY,
          variables: { day: noon },
          signal,
        });
        const { people } = peopleOf(employeeObjects, refused);
        const peopleIds = new Set(people.map((p) => p.sourceId));
        setManagers(people, peopleIds, parentOf, managersOf);
        return {
          snapshot: { complete: true, units, people, refused },
          state: nextState(peopleIds, startedAt),
        } as const;
      };
      if (!last) return await readWhole();

      // Who may have changed: see INCREMENTAL above.
      const since = new Date(Date.parse(last.at) - overlapMs).toISOString();
      const sinceMs = Date.parse(since);
      const wanted = new Set<string>();
      let registered: { uuid: string; start: string | null }[];
      try {
        registered = await readAll({
          root: 'registrations',
          operationName: 'RingeRegistrations',
          text: REGISTRATIONS_QUERY,
          variables: { models: PERSON_MODELS, start: since },
          signal,
          rows: true,
          limit: listPageSize,
        });
      } catch (err) {
        // A client without the role read_registration reads everything, as before it had one.
        if (err instanceof Os2moError && err.code === 'forbidden') return await readWhole();
        throw err;
      }
      const changed = new Set(registered.filter((r) => Date.parse(r.start ?? '') >= sinceMs).map((r) => r.uuid));
      type Owner = { model: string; uuid: string; validities?: { person_response: { uuid: string } | null }[] };
      for (const r of await readFor<Owner>('uuids', changed, {
        root: 'registrations',
        operationName: 'RingeRegistrationOwners',
        text: REGISTRATION_OWNERS_QUERY,
        variables: { start: since },
        signal,
        rows: true,
      })) {
        if (r.model === 'employee') wanted.add(r.uuid);
        for (const v of r.validities ?? []) if (v?.person_response?.uuid) wanted.add(v.person_response.uuid);
      }
      if (last.day < day) {
        type Changing = {
          uuid: string;
          validities:
            | {
                validity: { from: string | null; to: string | null } | null;
                person_response: { uuid: string } | null;
              }[]
            | null;
        };
        for (const e of await readAll<Changing>({
          root: 'engagements',
          operationName: 'RingeEngagementsChanging',
          text: ENGAGEMENTS_CHANGING_QUERY,
          variables: { from: `${last.day}T12:00:00`, to: noon },
          signal,
          limit: listPageSize,
        })) {
          for (const v of e.validities ?? []) {
            // OS2mo's validities are midnights in its own zone; `to` is the last day in force.
            const from = v?.validity?.from?.slice(0, 10) ?? '';
            const to = v?.validity?.to?.slice(0, 10) ?? null;
            const begins = from > last.day && from <= day;
            const ends = to !== null && to >= last.day && to < day;
            if ((begins || ends) && v.person_response?.uuid) wanted.add(v.person_response.uuid);
          }
        }
      }
      for (const m of [...managers, ...last.managers]) wanted.add(m);
      const readPeople = (uuids: Iterable<string>) =>
        readFor<Now<EmployeeNow>>('uuids', uuids, {
          root: 'employees',
          operationName: 'RingeEmployeesByUuid',
          text: EMPLOYEES_BY_UUID_QUERY,
          variables: { day: noon },
          signal,
        });
      const employeeObjects = await readPeople(wanted);
      const found = new Set(employeeObjects.map((o) => o.uuid));
      const first = peopleOf(employeeObjects, refused);
      const activeManagers = new Set(first.people.map((p) => p.sourceId).filter((id) => managers.has(id)));
      // A unit whose people get another manager than at the last run (its own or one above changed,
      // left, or the unit moved): its people are read too.
      const nowManagers = unitManagers(activeManagers);
      const moved = Object.keys(nowManagers).filter((unit) => last.units[unit] !== nowManagers[unit]);
      const more = new Set<string>();
      if (moved.length) {
        type Engagement = { uuid: string; current: { person_response: { uuid: string } | null } | null };
        for (const e of await readFor<Engagement>('units', moved, {
          root: 'engagements',
          operationName: 'RingeUnitEngagements',
          text: UNIT_ENGAGEMENTS_QUERY,
          variables: { day: noon },
          signal,
          limit: listPageSize,
        })) {
          const person = e.current?.person_response?.uuid;
          if (person && !wanted.has(person)) more.add(person);
        }
      }
      const second = more.size ? await readPeople(more) : [];
      for (const o of second) found.add(o.uuid);
      const rest = peopleOf(second, refused);
      const people = [...first.people, ...rest.people];
      setManagers(people, new Set(people.map((p) => p.sourceId)), parentOf, managersOf);
      // Gone: read without an engagement on the day, asked for and not there (deleted), or a unit no longer in force.
      const removed = [
        ...first.without,
        ...rest.without,
        ...[...wanted, ...more].filter((id) => !found.has(id)),
        ...Object.keys(last.units).filter((unit) => !unitIds.has(unit)),
      ];
      return {
        snapshot: { complete: false, units, people, removed: [...new Set(removed)].sort(), refused },
        state: nextState(activeManagers, last.fullAt),
      };
    },
  };
}

/**
 * A person's manager is the manager of their own unit; when that unit has none (OS2mo lets managers be
 * inherited) or they manage it themselves, the nearest unit above that has another. Only a manager
 * who is among `peopleIds` (the people read with an engagement on the day) is named.
 */
function setManagers(
  people: SnapshotPerson[],
  peopleIds: Set<string>,
  parentOf: Map<string, string | null>,
  managersOf: Map<string, string[]>,
) {
  for (const person of people) {
    const seen = new Set<string>();
    for (
      let unit: string | null = person.unitIds[0] ?? null;
      unit && !seen.has(unit);
      unit = parentOf.get(unit) ?? null
    ) {
      seen.add(unit);
      const managers = managersOf.get(unit) ?? [];
      if (managers.includes(person.sourceId)) continue;
      const manager = managers.find((m) => peopleIds.has(m));
      if (manager) {
        person.managerId = manager;
        break;
      }
    }
  }
}
