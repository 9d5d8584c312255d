/**
 * OS2mo (the municipal organisation system) as a source, read through its GraphQL API at
 * /graphql/vN with a Keycloak client-credentials token.
 *
 * Two queries, each paged by OS2mo's cursors (`limit`, then `page_info.next_cursor` until it is null;
 * a page may come back shorter than the limit, even empty, before the end): the organisation units
 * that hold on the run's day, with their parent, their KLE numbers with aspects and their managers,
 * and the employees, with their engagements (unit and job function) and addresses (work e-mail and
 * phone). Every object is asked for as it stands on the run's day (`filter: {from_date}` and
 * `current(at:)`), so a person whose engagements have all ended is absent and the engine ends them.
 *
 * Written from OS2mo's own schema (github.com/OS2mo/os2mo, mora/graphapi: collections/*.py,
 * paged.py, response.py, version.py; GraphQL version 30 is the newest there) and its docs
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

const EMPLOYEES_QUERY = `query RingeEmployees($day: DateTime!, $limit: int, $cursor: Cursor) {
  employees(filter: {from_date: $day}, limit: $limit, cursor: $cursor) {
    page_info { next_cursor }
    objects {
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
      }
    }
  }
}`;

// The shapes of the answers, as far as they are read; every level may be null where OS2mo has nothing.
type Current<T> = { current: T | null } | null;
type Objects<T> = { objects: (Current<T> & { uuid?: string })[] } | null;
type Page<T> = { page_info: { next_cursor: string | null }; objects: ({ uuid: string } & Current<T>)[] };

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

  /** Every object of a root field, page after page until OS2mo gives no next cursor. */
  async function readAll<T>(root: string, operationName: string, text: string, day: string, signal: AbortSignal) {
    const objects: Page<T>['objects'] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const data: Record<string, Page<T> | null> = await query(
        operationName,
        text,
        { day: `${day}T12:00:00`, limit: pageSize, cursor },
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
        // A cursor that goes back would repeat objects; each is taken once.
        if (o?.uuid && !seen.has(o.uuid)) {
          seen.add(o.uuid);
          objects.push(o);
        }
      }
      cursor = page.page_info.next_cursor;
    } while (cursor !== null);
    return objects;
  }

  return {
    name: 'os2mo',
    async read({ day, signal }) {
      const refused: SourceRefusal[] = [];
      const unitObjects = await readAll<UnitNow>('org_units', 'RingeOrgUnits', UNITS_QUERY, day, signal);
      const employeeObjects = await readAll<EmployeeNow>('employees', 'RingeEmployees', EMPLOYEES_QUERY, day, signal);

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
            (a, b) =>
              a.number.localeCompare(b.number) || ASPECT_ORDER.indexOf(a.aspect) - ASPECT_ORDER.indexOf(b.aspect),
          ),
        });
      }

      const people: SnapshotPerson[] = [];
      for (const { uuid, current: now } of employeeObjects) {
        if (!now) continue;
        const engagements = present(now.engagements_response).filter((e) => e.org_unit_response?.uuid);
        if (engagements.length === 0) continue; // no engagement on the day: not working here
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
          addresses
            .find((a) => (a.address_type_response?.current?.scope ?? '').toUpperCase() === scope)
            ?.value?.trim() ?? null;
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

      // A person's manager is the manager of their own unit; when that unit has none (OS2mo lets
      // managers be inherited) or they manage it themselves, the nearest unit above that has another.
      // Only a manager who is among the people read is named.
      const peopleIds = new Set(people.map((p) => p.sourceId));
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

      return { snapshot: { complete: true, units, people, refused }, state: null };
    },
  };
}
