import type { z } from 'zod';
import { errorSchema } from '../../../api/common.js';
import { endpoints, type Endpoints } from '../../../api/endpoints.js';

// The client's only way to the server: every answer is parsed with the same zod schema the
// server validates against, so a mismatch shows up here and not as a broken view.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** What the server sent along, e.g. the current state on a 409. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type At = string | null | undefined;
type Query = Record<string, string | number | string[] | undefined | null>;
type Answer<K extends keyof Endpoints> = z.infer<Endpoints[K]['response']>;

export function createApi(baseUrl = '', fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  async function call<K extends keyof Endpoints>(
    name: K,
    path: Record<string, string> = {},
    query: Query = {},
    body?: unknown,
  ): Promise<Answer<K>> {
    const endpoint = endpoints[name];
    const url = endpoint.path.replace(/\{(\w+)\}/g, (_: string, key: string) => encodeURIComponent(path[key] ?? ''));
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      search.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
    let res: Response;
    try {
      res = await fetchImpl(`${baseUrl}${url}${search.size ? `?${search}` : ''}`, {
        method: endpoint.method.toUpperCase(),
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, 'offline', 'The server could not be reached.');
    }
    const answer: unknown = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      const e = errorSchema.safeParse(answer);
      if (e.success) {
        const details = e.data.error.details as { field?: string } | undefined;
        throw new ApiError(res.status, e.data.error.code, e.data.error.message, details?.field, details);
      }
      throw new ApiError(res.status, 'http', `The server answered ${res.status}.`);
    }
    const parsed = endpoint.response.safeParse(answer);
    if (!parsed.success)
      throw new ApiError(res.status, 'schema', `The answer of ${url} did not have the expected shape.`);
    return parsed.data as Answer<K>;
  }

  return {
    search: (q: string, opts: { kinds?: string[]; limit?: number } = {}) => call('search', {}, { q, ...opts }),
    // `at` (YYYY-MM-DD): the graph as it stood that day; null or left out is today.
    node: (id: string, at?: At) => call('node', { id }, { at }),
    rings: (id: string, opts: { depth?: number; limit?: number; at?: At } = {}) => call('rings', { id }, opts),
    paths: (from: string, to: string, max?: number, at?: At) => call('paths', {}, { from, to, max, at }),
    contacts: (topic: string, opts: { from?: string | undefined; limit?: number; at?: At } = {}) =>
      call('contacts', {}, { topic, ...opts }),
    networks: (filters: { kind?: string; status?: string; phase?: string; department?: string; at?: At } = {}) =>
      call('networks', {}, filters),
    flower: (id: string, at?: At) => call('flower', { id }, { at }),
    departments: (at?: At) => call('departments', {}, { at }),
    coordination: (at?: At) => call('coordination', {}, { at }),
    graph: (filters: { kinds?: string[]; departments?: string[]; status?: string[]; limit?: number; at?: At } = {}) =>
      call('graph', {}, filters),
    ripple: (id: string, at?: At) => call('ripple', { id }, { at }),
    brokers: (opts: { at?: At; limit?: number } = {}) => call('brokers', {}, opts),
    trends: () => call('trends'),
    /** The time slider's stops and how much of the data has dates. */
    timeline: () => call('timeline'),
    /** The booklet's current edition; with `since` (YYYY-MM-DD) also what changed since that day. */
    report: (since?: string | null) => call('report', {}, { since }),

    me: () => call('me'),
    createNode: (body: { id: string; kind: string; properties: Record<string, unknown> }) =>
      call('createNode', {}, {}, body),
    updateNode: (id: string, version: number, properties: Record<string, unknown>) =>
      call('updateNode', { id }, {}, { version, properties }),
    deleteNode: (id: string, version: number) => call('deleteNode', { id }, { version }),
    createRelation: (body: { type: string; source: string; target: string; properties?: Record<string, unknown> }) =>
      call('createRelation', {}, {}, body),
    updateRelation: (id: string, version: number, properties: Record<string, unknown>) =>
      call('updateRelation', { id }, {}, { version, properties }),
    deleteRelation: (id: string, version: number) => call('deleteRelation', { id }, { version }),
    history: (limit = 50) => call('history', {}, { limit }),
    roleGrants: () => call('roleGrants'),
    setRoleGrant: (sub: string, roles: string[]) => call('setRoleGrant', { sub }, {}, { roles }),
    nodeHistory: (id: string) => call('nodeHistory', { id }),
    undo: (id: string) => call('undo', { id }, {}, {}),

    exportUrl: (what: 'json' | 'graphml' | { csv: string }) =>
      `${baseUrl}/api/export/${typeof what === 'string' ? what : `csv/${encodeURIComponent(what.csv)}`}`,
    /** A CSV file goes as text/csv; the answer is parsed like any other. */
    importCsv: async (kind: string, csv: string, opts: { dryRun: boolean; from?: number; to?: number }) => {
      const q = new URLSearchParams({ kind, dryRun: String(opts.dryRun) });
      if (opts.from) q.set('from', String(opts.from));
      if (opts.to) q.set('to', String(opts.to));
      const res = await fetchImpl(`${baseUrl}${endpoints.importCsv.path}?${q}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' },
        credentials: 'same-origin',
        body: csv,
      }).catch(() => {
        throw new ApiError(0, 'offline', 'The server could not be reached.');
      });
      const answer: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const e = errorSchema.safeParse(answer);
        if (!e.success) throw new ApiError(res.status, 'http', `The server answered ${res.status}.`);
        // details.problem says what was wrong with the file as a code, for the page's language.
        const details = e.data.error.details as { field?: string } | undefined;
        throw new ApiError(res.status, e.data.error.code, e.data.error.message, details?.field, details);
      }
      return endpoints.importCsv.response.parse(answer);
    },
    /** A graph file (the JSON export's format), merged by id; `dryRun` answers what would happen. */
    importJson: (graph: unknown, dryRun: boolean) => call('importJson', {}, { dryRun: String(dryRun) }, graph),
    personExport: (id: string) => call('personExport', { id }),
    erasePerson: (id: string) => call('erasePerson', { id }, { confirm: id }),

    // Sign-in lives outside the endpoint list: it starts sessions rather than reading or changing the graph.
    signInUrl: (returnTo: string) => `${baseUrl}/api/auth/sign-in?${new URLSearchParams({ returnTo })}`,
    devSignIn: async (role: 'reader' | 'coordinator' | 'admin') => {
      const res = await fetchImpl(`${baseUrl}/api/auth/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ role }),
      }).catch(() => null);
      if (!res?.ok) throw new ApiError(res?.status ?? 0, res ? 'http' : 'offline', 'Sign-in failed.');
    },
    signOut: async () => {
      await fetchImpl(`${baseUrl}/api/auth/sign-out`, { method: 'POST', credentials: 'same-origin' }).catch(() => null);
    },
  };
}

export type Api = ReturnType<typeof createApi>;
export const api = createApi();
