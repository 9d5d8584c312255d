/**
 * Microsoft Entra ID as a source, read through Microsoft Graph v1.0 with an application's own token
 * (OAuth 2.0 client credentials, application permission User.Read.All).
 *
 * The first run (no state) reads every user: GET /users with $select and $expand=manager, page after
 * page by @odata.nextLink; one department text is one unit. Before that it asks /users/delta for the
 * newest deltaLink ($deltatoken=latest, "sync from now"), so a change made while the pages are read
 * is replayed next time rather than lost. That deltaLink is the run's state; the next run GETs it and
 * pages on to a fresh deltaLink, getting only the users changed since (manager changes as
 * manager@delta) and those deleted (@removed). A deltaLink Graph no longer knows (410 Gone,
 * syncStateNotFound: delta tokens of directory objects last seven days) falls back to a full read.
 *
 * Followed from Microsoft's documentation: learn.microsoft.com/graph/delta-query-overview and
 * /graph/delta-query-users, /graph/api/user-list and user-list-manager, /graph/throttling,
 * /graph/errors, and /entra/identity-platform/v2-oauth2-client-creds-grant-flow.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type SnapshotPerson,
  type SnapshotUnit,
  SourceError,
  type SourceErrorCode,
  type SourceRead,
  type SourceRefusal,
  type SyncSource,
} from '../source.js';

export type EntraSourceConfig = {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Default https://login.microsoftonline.com. */
  loginUrl?: string;
  /** Default https://graph.microsoft.com. */
  graphUrl?: string;
  /** Users per page asked for ($top); Graph gives at most 999, and 100 when managers are expanded. */
  pageSize?: number;
  /** The longest Retry-After waited for; Graph asking for longer ends the run. Default 120 s. */
  maxRetryWaitSeconds?: number;
  /** Throttled or unavailable answers retried per request before the run fails. Default 5. */
  maxRetries?: number;
};

/**
 * Why Entra ID or Graph could not be read, in one sentence that never holds the secret or a token;
 * `status` and `graphCode` are what Graph answered (a 410 or syncStateNotFound means "read everything").
 */
export class EntraError extends SourceError {
  constructor(
    code: SourceErrorCode,
    message: string,
    readonly status: number | null = null,
    readonly graphCode: string | null = null,
  ) {
    super(code, message);
    this.name = 'EntraError';
  }
}

/** What a failed answer from Graph means for the run. */
function codeOfStatus(status: number): SourceErrorCode {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 429 || status === 503) return 'throttled';
  return 'badAnswer';
}

/** Graph's user properties mapped to a person; userType so guests (other organisations' people) are left out. */
const USER_FIELDS = [
  'id',
  'displayName',
  'jobTitle',
  'mail',
  'businessPhones',
  'mobilePhone',
  'department',
  'accountEnabled',
  'userType',
];

/** The codes by which Graph says a delta token is no longer known and a full read is needed. */
const RESYNC_CODES = new Set(['syncstatenotfound', 'syncstateinvalid', 'resyncrequired']);

type GraphUser = {
  id?: string;
  displayName?: string | null;
  jobTitle?: string | null;
  mail?: string | null;
  businessPhones?: string[] | null;
  mobilePhone?: string | null;
  department?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  manager?: { id?: string } | null;
  'manager@delta'?: { id?: string; '@removed'?: unknown }[];
  '@removed'?: { reason?: string };
};

type GraphPage = { value?: GraphUser[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

export function createEntraSource(config: EntraSourceConfig): SyncSource {
  const loginUrl = (config.loginUrl ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const graphUrl = (config.graphUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
  const graphOrigin = new URL(graphUrl).origin;
  const pageSize = config.pageSize ?? 999;
  const maxWait = config.maxRetryWaitSeconds ?? 120;
  const maxRetries = config.maxRetries ?? 5;
  let token: { value: string; renewAt: number } | null = null;

  /** Neither the secret nor a token may reach a message, whatever a server echoes back. */
  function scrub(text: string): string {
    let out = text;
    for (const secret of [config.clientSecret, token?.value]) {
      if (secret) out = out.split(secret).join('***');
    }
    return out;
  }

  async function send(url: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal });
    } catch (err) {
      if (signal.aborted) throw signal.reason ?? err;
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
      throw new EntraError('unreachable', scrub(`${new URL(url).host} could not be reached: ${cause}`));
    }
  }

  async function accessToken(signal: AbortSignal): Promise<string> {
    if (token && Date.now() < token.renewAt) return token.value;
    token = null;
    const res = await send(
      `${loginUrl}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: config.clientId,
          client_secret: config.clientSecret,
          scope: `${graphOrigin}/.default`,
        }),
      },
      signal,
    );
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok || typeof body?.access_token !== 'string') {
      // AADSTS descriptions end with trace and correlation lines; the first line says what is wrong.
      const description = typeof body?.error_description === 'string' ? body.error_description.split(/\r?\n/)[0] : '';
      const code = typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
      throw new EntraError(
        res.status >= 500 ? 'unreachable' : 'auth',
        scrub(`Entra ID refused the token for client ${config.clientId} (${code}): ${description}`.trim()),
        res.status,
        code,
      );
    }
    const lifetime = Number(body.expires_in) || 3600;
    // Renewed a little before it runs out (a tenth of its life, at most a minute), so no request
    // goes out with a token that expires on the way.
    token = { value: body.access_token, renewAt: Date.now() + (lifetime - Math.min(60, lifetime / 10)) * 1000 };
    return token.value;
  }

  /** One GET to Graph: a fresh token once on 401, throttling (429, 503) waited out as Graph asks. */
  async function get(url: string, signal: AbortSignal): Promise<GraphPage> {
    // The bearer token goes to the configured Graph only, whatever a stored state or a link says.
    if (new URL(url).origin !== graphOrigin)
      throw new EntraError('badAnswer', `Refusing to send the token to ${new URL(url).host}.`);
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const bearer = await accessToken(signal);
      const res = await send(
        url,
        { headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } },
        signal,
      );
      if (res.ok) {
        try {
          return (await res.json()) as GraphPage;
        } catch (err) {
          if (signal.aborted) throw signal.reason ?? err;
          throw new EntraError(
            'badAnswer',
            `Microsoft Graph's answer to GET ${new URL(url).pathname} is not whole JSON.`,
            res.status,
          );
        }
      }
      const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      const code = body?.error?.code ?? `HTTP ${res.status}`;
      if (res.status === 401 && code === 'InvalidAuthenticationToken' && !renewed) {
        token = null;
        renewed = true;
        continue;
      }
      if ((res.status === 429 || res.status === 503) && attempt < maxRetries) {
        const wait = retryAfterSeconds(res.headers.get('retry-after')) ?? 2 ** attempt;
        if (wait > maxWait) {
          throw new EntraError(
            'throttled',
            `Microsoft Graph asked to wait ${wait} s (more than ${maxWait} s): ${code}.`,
            res.status,
            code,
          );
        }
        // An abort (the run's timeout) ends the wait with the run's own reason.
        await sleep(wait * 1000, undefined, { signal }).catch(() => {
          throw signal.reason;
        });
        continue;
      }
      const path = new URL(url).pathname;
      const hint =
        res.status === 403 ? ' Does the app have the application permission User.Read.All, with admin consent?' : '';
      throw new EntraError(
        codeOfStatus(res.status),
        scrub(`Microsoft Graph answered ${res.status} ${code} to GET ${path}: ${body?.error?.message ?? ''}${hint}`),
        res.status,
        code,
      );
    }
  }

  /** Every page from `url` on; the last page's deltaLink, if any. */
  async function* pages(url: string, signal: AbortSignal): AsyncGenerator<GraphPage> {
    let next: string | undefined = url;
    while (next) {
      const page: GraphPage = await get(next, signal);
      yield page;
      next = page['@odata.nextLink'];
    }
  }

  async function fullRead(signal: AbortSignal): Promise<SourceRead> {
    const select = USER_FIELDS.join(',');
    const latest = await get(`${graphUrl}/v1.0/users/delta?$select=${select},manager&$deltatoken=latest`, signal);
    const state = latest['@odata.deltaLink'];
    if (!state) throw new EntraError('badAnswer', 'Microsoft Graph gave no deltaLink for $deltatoken=latest.');
    const people: SnapshotPerson[] = [];
    const refused: SourceRefusal[] = [];
    const list = `${graphUrl}/v1.0/users?$select=${select}&$expand=manager($select=id)&$top=${pageSize}`;
    for await (const page of pages(list, signal)) {
      for (const user of page.value ?? []) {
        if (user.userType === 'Guest') continue;
        const person = toPerson(user, user.manager?.id ?? null, refused);
        if (person) people.push(person);
      }
    }
    return { snapshot: { complete: true, units: unitsOf(people), people, refused }, state };
  }

  async function deltaRead(state: string, signal: AbortSignal): Promise<SourceRead> {
    // The same user may come several times in one round (Graph does not merge); the last word counts.
    const changed = new Map<string, GraphUser>();
    const removed = new Set<string>();
    let deltaLink: string | undefined;
    for await (const page of pages(state, signal)) {
      for (const item of page.value ?? []) {
        if (!item.id) continue;
        if (item['@removed'] || item.userType === 'Guest') {
          changed.delete(item.id);
          removed.add(item.id);
        } else {
          changed.set(item.id, { ...changed.get(item.id), ...item });
          removed.delete(item.id);
        }
      }
      deltaLink = page['@odata.deltaLink'];
    }
    if (!deltaLink) throw new EntraError('badAnswer', 'Microsoft Graph ended a delta round without a deltaLink.');
    const people: SnapshotPerson[] = [];
    const refused: SourceRefusal[] = [];
    for (const user of changed.values()) {
      const person = toPerson(user, managerOfDelta(user), refused);
      if (person) people.push(person);
    }
    return {
      snapshot: { complete: false, units: unitsOf(people), people, removed: [...removed], refused },
      state: deltaLink,
    };
  }

  return {
    name: 'entra',
    async read({ state, signal }) {
      // A state not from this Graph's users delta (another tenant's Graph, hand-edited) is not followed.
      if (!state?.startsWith(`${graphUrl}/v1.0/users/delta`)) return fullRead(signal);
      try {
        return await deltaRead(state, signal);
      } catch (err) {
        const resync =
          err instanceof EntraError && (err.status === 410 || RESYNC_CODES.has((err.graphCode ?? '').toLowerCase()));
        if (!resync) throw err;
        return fullRead(signal);
      }
    },
  };
}

/** Graph's Retry-After is seconds; an HTTP date is honoured too. */
function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * A delta item names its manager only when it changed: manager@delta lists the new one, or the old
 * one marked @removed when the manager was taken away. Absent: unchanged, so not delivered.
 */
function managerOfDelta(user: GraphUser): string | null | undefined {
  const entries = user['manager@delta'];
  if (!entries) return undefined;
  const current = entries.filter((m) => !m['@removed'] && m.id);
  return current.at(-1)?.id ?? null;
}

/**
 * A property Graph leaves out has never been set (delta answers carry every selected property that
 * has a value), so it is delivered as empty.
 */
function toPerson(
  user: GraphUser,
  managerId: string | null | undefined,
  refused: SourceRefusal[],
): SnapshotPerson | null {
  const id = user.id ?? '';
  const name = user.displayName?.trim();
  if (!name) {
    refused.push({ record: id, reason: 'missingName', field: 'displayName' });
    return null;
  }
  const department = user.department?.trim();
  const person: SnapshotPerson = {
    sourceId: id,
    name,
    title: user.jobTitle?.trim() || null,
    email: user.mail?.trim() || null,
    phone: user.businessPhones?.[0]?.trim() || user.mobilePhone?.trim() || null,
    unitIds: department ? [department] : [],
    active: user.accountEnabled !== false,
  };
  if (managerId !== undefined) person.managerId = managerId;
  return person;
}

/** Entra has no unit tree: each department text is a unit of its own, at the root. */
function unitsOf(people: SnapshotPerson[]): SnapshotUnit[] {
  const names = new Set(people.flatMap((p) => p.unitIds));
  return [...names].sort().map((name) => ({ sourceId: name, name, parentId: null }));
}
