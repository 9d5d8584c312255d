import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorAnswers } from '../api/errors.js';
import { looksLikeCpr } from '../api/cpr.js';
import { LONE_SURROGATE } from '../api/edit.js';
import { endpoints, type Endpoint } from '../api/endpoints.js';
import { readBooklet } from '../seed/booklet.js';
import { roleGrantStore } from '../server/auth/oidc.js';
import { DEV_AUTH } from '../server/auth/settings.js';
import { signIn, startAppWith, testDb, type RunningApp } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

// Hostile input against every endpoint of api/endpoints.ts: Cypher and Lucene injection, huge
// strings, deep JSON, wrong types, unicode edge cases and path traversal, in path, query and
// body, as a signed-in admin (so roles hide nothing) from Ringe's own origin. Whatever comes, the
// server never fails (no 5xx), a refusal always has the JSON error shape with one sentence, a
// refused write leaves no trace, and text that is valid is stored and read back as sent.

/** Marks the ids this file makes, so a trace of a refused request could be found. */
const MARKER = `hostile-${randomUUID().slice(0, 8)}`;
let serial = 0;
const markedId = () => `${MARKER}-${++serial}`;
/** Marker ids a request was answered 2xx for: the only ones that may exist afterwards. */
const madeOnPurpose = new Set<string>();

const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

const INJECTIONS = [
  "' OR 1=1 //",
  '" OR ""="',
  '}) MATCH (n) DETACH DELETE n //',
  "') RETURN 1 UNION MATCH (n) DETACH DELETE n //",
  '`) DETACH DELETE n //',
  '$id',
  '*:*',
  'name:(a OR b)~',
  'a AND (b OR',
  '~',
  '^2',
  '/.*/',
  '\\',
  '\\\\"',
  '"',
  "'",
  '((((',
  ']]]]',
  '{',
  '"unbalanced',
  '&& || !',
  '?*',
  '{"$gt": ""}',
  '%',
  '%00',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, sent as plain text
  '${7*7}',
  '{{7*7}}',
  "=CMD|' /C calc'!A0",
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..\\..\\windows\\win.ini',
];
const UNICODE = [
  '\u0000',
  'a\u0000b',
  'abc\u202Edcba',
  '\u200B\u200C\u200D\uFEFF',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301',
  '\uD800',
  'x\uDFFFy',
  '\uFFFF\uFFFE',
  'Ærø Å ø',
  '\r\nSet-Cookie: x=1',
  ' ',
];
const WRONG = [
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  'true',
  'null',
  '[]',
  '{}',
  '',
  '2014-02-30',
  '9999-99-99',
  '01011990-1234',
];
const HOSTILE = [...INJECTIONS, ...UNICODE, ...WRONG];

const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE), fc.constantFrom(...HOSTILE)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => `a${String.fromCharCode(c)}`) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), 'æ'.repeat(60_000)) },
);

/** Any JSON value at all: wrong types for every field. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
);

/** Percent-encodes like encodeURIComponent, and a lone surrogate as the bytes a naive encoder would send. */
function encode(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out +=
      c >= 0xd800 && c <= 0xdfff
        ? `%ED%${(0xa0 | ((c >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`
        : encodeURIComponent(ch);
  }
  return out;
}

/** Path segments sent as they are (already encoded): traversal and broken encodings. */
const RAW_SEGMENTS = [
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%2e%2e',
  '%252e%252e%252f',
  '%00',
  '%ff%fe',
  '%ED%A0%80',
  '%',
  '%zz',
  '..;',
  'a%2fb',
];
const segment = fc.oneof(
  { weight: 4, arbitrary: hostileString.map(encode) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
);

/** Keys the API's bodies use, so hostile values land where they are read. */
const BODY_KEYS = [
  'id',
  'kind',
  'type',
  'source',
  'target',
  'version',
  'properties',
  'roles',
  'role',
  'format',
  'nodes',
  'relations',
];
const PROPERTY_KEYS = [
  'name',
  'title',
  'email',
  'phone',
  'kind',
  'status',
  'phase',
  'remarks',
  'since',
  'until',
  'via',
  'wording',
  'type',
  'perspective',
  'startedAt',
];
const KINDS = [
  'Person',
  'Network',
  'Department',
  'Partner',
  'Training',
  'Outcome',
  'Forum',
  'Project',
  'Entity',
  'Change',
  'Session',
];

const hostileProperties = fc.dictionary(fc.oneof(fc.constantFrom(...PROPERTY_KEYS), hostileString), anyJson, {
  maxKeys: 5,
});
const deep = (levels: number, open: string, close: string, leaf: string) =>
  open.repeat(levels) + leaf + close.repeat(levels);

/** A request body, as the JSON text sent (or a raw text that is not JSON at all). */
const hostileBody = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record(
        {
          id: fc.oneof(
            hostileString,
            fc.constant(null).map(() => markedId()),
          ),
          kind: fc.constantFrom(...KINDS),
          properties: hostileProperties,
        },
        { requiredKeys: [] },
      )
      .map((b) => JSON.stringify(b)),
  },
  {
    weight: 3,
    arbitrary: fc.dictionary(fc.constantFrom(...BODY_KEYS), anyJson, { maxKeys: 6 }).map((b) => JSON.stringify(b)),
  },
  {
    weight: 2,
    arbitrary: fc
      .record(
        {
          type: fc.oneof(hostileString, fc.constantFrom('KNOWS', 'LEADS', 'WORKS_IN')),
          source: hostileString,
          target: fc.oneof(hostileString, fc.constant('mette-nielsen-duekilde')),
          properties: hostileProperties,
        },
        { requiredKeys: [] },
      )
      .map((b) => JSON.stringify(b)),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ version: fc.oneof(fc.integer(), anyJson), properties: hostileProperties })
      .map((b) => JSON.stringify(b)),
  },
  {
    weight: 1,
    arbitrary: fc.record({ roles: fc.array(hostileString, { maxLength: 3 }) }).map((b) => JSON.stringify(b)),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        format: fc.constantFrom('ringe-graph', '*:*'),
        version: fc.constantFrom(1, 2, '1'),
        nodes: fc.array(anyJson, { maxLength: 3 }),
        relations: fc.array(anyJson, { maxLength: 3 }),
      })
      .map((b) => JSON.stringify(b)),
  },
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      deep(10_000, '[', ']', '1'),
      deep(10_000, '{"a":', '}', '1'),
      `{"id":"${'x'.repeat(100_000)}","kind":"Person","properties":{"name":"x"}}`,
      JSON.stringify({ id: 'x', kind: 'Person', properties: { name: 'ø'.repeat(60_000) } }),
      `{"kind":"Person","properties":{"name":${deep(10_000, '[', ']', '"x"')}}}`,
      '{"id": "a", "kind": ',
      "{'id': 'a'}",
      '\u0000',
      '',
      'null',
      '__proto__',
      '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}',
    ),
  },
);

/** A CSV body: injection, formulas, broken quoting, NUL, huge cells. */
const hostileCsv = fc.oneof(
  fc
    .array(fc.array(hostileString, { minLength: 1, maxLength: 4 }), { maxLength: 4 })
    .map((rows) => ['id;name;title', ...rows.map((r) => r.join(';'))].join('\n')),
  fc.constantFrom(
    '',
    '\uFEFF',
    'id;name\n"unterminated;x',
    'id,name\n=HYPERLINK("http://evil"),x',
    `id;name\n${MARKER}-csv;${'x'.repeat(100_000)}`,
    "type;source;target\nKNOWS;*:*;' OR 1=1 //",
    '\u0000\u0000\u0000',
  ),
  hostileString,
);

interface Attempt {
  method: string;
  path: string;
  contentType?: string;
  body?: string;
}

/** Hostile requests to one endpoint: every path parameter, query parameter and the body. */
function attempts(e: Endpoint): fc.Arbitrary<Attempt> {
  const names = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const queryKeys = e.query ? Object.keys(e.query.shape) : [];
  const path = fc
    .tuple(...names.map(() => segment))
    .map((values) => values.reduce((p, v, i) => p.replace(`{${names[i]}}`, v), e.path));
  const query = fc
    .array(
      fc.tuple(
        fc.oneof(
          { weight: 4, arbitrary: queryKeys.length ? fc.constantFrom(...queryKeys) : hostileString },
          { weight: 1, arbitrary: hostileString },
        ),
        fc.oneof(hostileString.map(encode), fc.constantFrom(...RAW_SEGMENTS)),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${v}`).join('&'));
  const body = !e.body ? fc.constant(undefined) : e.requestType ? hostileCsv : hostileBody;
  return fc.record({ path, query, body }).map(({ path: p, query: q, body: b }) => ({
    method: e.method.toUpperCase(),
    path: q ? `${p}?${q}` : p,
    ...(b === undefined ? {} : { body: b, contentType: e.requestType ?? 'application/json' }),
  }));
}

/** One sentence: ends with a full stop, no second sentence after it, no line breaks. */
const oneSentence = (m: string) => /^[^\n]+[.?!]$/.test(m) && !/[.?!]\s+[A-ZÆØÅ]/.test(m);

/** Every string in a request: the ids a refused write must not have left behind. */
function stringsOf(a: Attempt): string[] {
  const found = new Set<string>();
  for (const seg of a.path.split(/[/?&=]/)) {
    try {
      found.add(decodeURIComponent(seg));
    } catch {
      found.add(seg);
    }
  }
  const walk = (v: unknown, depth: number) => {
    if (depth > 20) return;
    if (typeof v === 'string') found.add(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        found.add(k);
        walk(x, depth + 1);
      }
    }
  };
  try {
    if (a.body && a.contentType === 'application/json') walk(JSON.parse(a.body), 0);
  } catch {
    // not JSON: nothing more to look for
  }
  if (a.contentType === 'text/csv') for (const c of a.body?.split(/[\n;,]/) ?? []) found.add(c);
  return [...found].filter((s) => s.length > 0 && s.length <= 1000);
}

/** The app with this file's settings: no rate limits (the file sends many writes quickly), the admin-managed role list as a real start has it. */
function start(): Promise<RunningApp> {
  const db = testDb();
  return startAppWith({
    db,
    auth: { ...DEV_AUTH, roleGrants: roleGrantStore(bindQueries(db)) },
    http: { signInLimit: 0, writeLimit: 0 },
  });
}

describe('hostile input on every route', () => {
  let app: RunningApp;
  let admin: string;
  let bookletBefore: string;
  const booklet = readBooklet();
  const bookletIds = [
    ...Object.values(booklet)
      .filter(Array.isArray)
      .flat()
      .flatMap((r: { id?: string; outcomes?: { id: string }[] }) => [r.id, ...(r.outcomes ?? []).map((o) => o.id)]),
  ].filter((id): id is string => typeof id === 'string');

  /** The booklet's nodes and the relations between them, with every property: a hash. */
  const bookletFingerprint = async () => {
    const rows = await app.db.read(
      `MATCH (n:Entity) WHERE n.id IN $ids
       OPTIONAL MATCH (n)-[r]->(m:Entity) WHERE m.id IN $ids
       WITH n, r, m ORDER BY type(r), m.id
       RETURN n.id AS id, properties(n) AS props, collect([type(r), m.id, properties(r)]) AS rels ORDER BY id`,
      { ids: bookletIds },
    );
    return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  };

  beforeAll(async () => {
    app = await start();
    admin = await signIn(app, 'admin');
    bookletBefore = await bookletFingerprint();
    expect(bookletIds.length).toBeGreaterThan(50);
  });
  afterAll(() => app?.close());

  async function send(a: Attempt) {
    const res = await fetch(`${app.url}${a.path}`, {
      method: a.method,
      headers: { origin: app.url, cookie: admin, ...(a.contentType ? { 'content-type': a.contentType } : {}) },
      ...(a.body === undefined ? {} : { body: a.body }),
    });
    const text = await res.text();
    return { status: res.status, text, requestId: res.headers.get('x-request-id') };
  }

  /** The checks every answer must pass; a refused write must leave nothing behind. */
  async function check(a: Attempt) {
    const res = await send(a);
    const what = `${a.method} ${a.path.slice(0, 300)} ${a.body?.slice(0, 300) ?? ''} -> ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, what).toBeLessThan(500);
    if (res.status < 300) for (const s of stringsOf(a)) if (s.startsWith(MARKER)) madeOnPurpose.add(s);
    if (res.status >= 400) {
      let body: unknown;
      expect(() => (body = JSON.parse(res.text)), what).not.toThrow();
      // One of the answers api/errors.ts declares for that status, so the client can read it.
      const parsed = errorAnswers.safeParse({ ...(body as object), status: res.status });
      expect(parsed.success, what).toBe(true);
      expect(oneSentence(parsed.data!.message), what).toBe(true);
      expect(parsed.data!.requestId, what).toBe(res.requestId);
      if (a.method !== 'GET') {
        const strings = stringsOf(a);
        const [trace] = await app.db.read(
          `OPTIONAL MATCH (n:Entity) WHERE n.id IN $strings AND NOT n.id IN $booklet
           WITH count(n) AS nodes
           OPTIONAL MATCH (c:Change) WHERE c.targetId IN $strings AND c.at > datetime() - duration('PT10S') AND NOT c.targetId IN $booklet
           RETURN nodes, count(c) AS changes`,
          { strings, booklet: bookletIds },
        );
        // Only ids of this file can have been made by it; anything of another test is not ours to judge.
        if (strings.some((s) => s.startsWith(MARKER))) expect(trace, what).toEqual({ nodes: 0, changes: 0 });
      }
    }
    return res;
  }

  const all = Object.entries(endpoints) as [string, Endpoint][];
  it.each(all.map(([name, e]) => [`${e.method.toUpperCase()} ${e.path}`, name, e] as const))(
    'when %s gets hostile path, query and body values then it never fails, and refusals are one JSON sentence',
    async (_label, _name, e) => {
      await fc.assert(
        fc.asyncProperty(attempts(e), async (a) => {
          await check(a);
        }),
        { numRuns: e.method === 'get' ? 20 : 30, endOnFailure: true },
      );
    },
    60_000,
  );

  it('when requests are broken below HTTP (a huge address, a bad header) then the answer is still JSON with one sentence', async () => {
    const huge = await fetch(`${app.url}/api/search?q=${'x'.repeat(100_000)}`);
    expect(huge.status).toBe(431);
    expect(errorAnswers.safeParse({ ...(await huge.json()), status: huge.status }).success).toBe(true);
    for (const path of [
      '/api/nodes/%ff%fe',
      '/api/nodes/%',
      '/api/nodes/..%2f..%2fetc%2fpasswd',
      '/api/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const res = await check({ method: 'GET', path });
      expect([400, 404], path).toContain(res.status);
    }
  });

  it('when injection and unicode text is saved as a name then it is stored verbatim and read back identically', async () => {
    const texts = [...INJECTIONS, ...UNICODE].filter((s) => s === s.trim() && s.length > 0 && wellFormed(s));
    const name = fc
      .oneof(
        { weight: 3, arbitrary: fc.constantFrom(...texts) },
        { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }) },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.constantFrom(...texts), fc.constantFrom(...texts)).map(([a, b]) => `${a} ${b}`),
        },
      )
      .filter((s) => s === s.trim() && s.length > 0 && s.length <= 200 && !looksLikeCpr(s));
    await fc.assert(
      fc.asyncProperty(name, async (text) => {
        const id = markedId();
        const created = await check({
          method: 'POST',
          path: '/api/nodes',
          contentType: 'application/json',
          body: JSON.stringify({ id, kind: 'Person', properties: { name: text, title: text } }),
        });
        expect(created.status, created.text).toBe(201);
        expect(JSON.parse(created.text).node.properties).toMatchObject({ name: text, title: text });
        const read = await check({ method: 'GET', path: `/api/nodes/${id}` });
        expect(read.status).toBe(200);
        const node = JSON.parse(read.text);
        expect(node.node.name).toBe(text);
        expect(node.card.title).toBe(text);
        // Searching for it never fails, whatever Lucene makes of it.
        expect(
          (await check({ method: 'GET', path: `/api/search?q=${encode(text.slice(0, 100))}` })).status,
        ).toBeLessThan(500);
        // Nor does the stored text break the exports.
        const [stored] = await app.db.read('MATCH (n:Person {id: $id}) RETURN n.name AS name', { id });
        expect(stored).toEqual({ name: text });
      }),
      { numRuns: 40 },
    );
    const exported = await check({ method: 'GET', path: '/api/export/csv/Person' });
    expect(exported.status).toBe(200);
  }, 120_000);

  it('when a name holds a lone surrogate (text that is not valid Unicode) then it is refused, not stored altered', async () => {
    for (const text of ['\uD800', 'a\uDFFFb', 'Mette \uD83D']) {
      const id = markedId();
      const res = await check({
        method: 'POST',
        path: '/api/nodes',
        contentType: 'application/json',
        body: JSON.stringify({ id, kind: 'Person', properties: { name: text } }),
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error.details).toEqual({ field: 'properties.name' });
      expect(await app.db.read('MATCH (n {id: $id}) RETURN n', { id })).toEqual([]);
    }
  });

  it('when all of this is over then the booklet is exactly as it was, and nothing of this file exists but what it made on purpose', async () => {
    expect(await bookletFingerprint()).toBe(bookletBefore);
    const left = await app.db.read('MATCH (n:Entity) WHERE n.id STARTS WITH $m RETURN n.id AS id', { m: MARKER });
    expect(left.map((r) => r.id).filter((id) => !madeOnPurpose.has(String(id)))).toEqual([]);
  });
});
