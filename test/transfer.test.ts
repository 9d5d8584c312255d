import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  csvImportResponse,
  graphExportSchema,
  jsonImportResponse,
  type CsvImportResponse,
  type GraphExport,
  type JsonImportResponse,
} from '../api/transfer.js';
import { REL_TYPES } from '../api/common.js';
import { Db } from '../server/common/db/index.js';
import { BOOKLET_DIR } from '../server/common/folders.js';
import { startLocalNeo4j, type LocalNeo4j } from '../server/common/local-neo4j/index.js';
import { applySchema } from '../server/common/db/schema.js';
import { formatCsv, parseCsv, unneutralizeFormula } from '../server/transfer/csv.js';
import { freePort } from './net.js';
import { send, signIn, startApp, uid, type RunningApp } from './helpers.js';
import { bindQueries } from '../server/common/queries.js';

// ---------------------------------------------------------------------------------------------
// A minimal, strict XML well-formedness checker (the project has no XML parser, and none is
// added for a test): one root, balanced and properly nested tags, unique and quoted attributes,
// only the five predefined entities or character references, no markup characters in text.
// It returns the element tree so the GraphML can be checked for content as well.

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function parseXml(xml: string): XmlElement {
  const NAME = /^[A-Za-z_:][-A-Za-z0-9_.:]*/;
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)) throw new Error('character not allowed in XML');
  const decode = (s: string, where: string) =>
    s.replace(/&([^;]*);?/g, (m, ref: string) => {
      if (!m.endsWith(';')) throw new Error(`bare & in ${where}`);
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (ref in named) return named[ref]!;
      const num = /^#(\d+)$/.exec(ref) ?? /^#x([0-9a-fA-F]+)$/.exec(ref);
      if (num) return String.fromCodePoint(parseInt(num[1]!, ref.startsWith('#x') ? 16 : 10));
      throw new Error(`unknown entity &${ref}; in ${where}`);
    });
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const rest = () => xml.slice(pos);
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unclosed XML declaration');
    pos = end + 2;
  }
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const text = xml.slice(pos, lt < 0 ? xml.length : lt);
    if (text.includes('>') && text.includes(']]>')) throw new Error(']]> in text');
    if (stack.length) stack.at(-1)!.text += decode(text, 'text');
    else if (text.trim()) throw new Error(`text outside the root element: ${text.trim().slice(0, 20)}`);
    if (lt < 0) break;
    pos = lt;
    if (rest().startsWith('<!--')) {
      const end = xml.indexOf('-->', pos);
      if (end < 0) throw new Error('unclosed comment');
      pos = end + 3;
    } else if (rest().startsWith('<![CDATA[')) {
      if (!stack.length) throw new Error('CDATA outside the root element');
      const end = xml.indexOf(']]>', pos);
      if (end < 0) throw new Error('unclosed CDATA');
      stack.at(-1)!.text += xml.slice(pos + 9, end);
      pos = end + 3;
    } else if (rest().startsWith('<?')) {
      const end = xml.indexOf('?>', pos);
      if (end < 0) throw new Error('unclosed processing instruction');
      pos = end + 2;
    } else if (rest().startsWith('<!')) {
      throw new Error('DOCTYPE and other declarations are not expected');
    } else if (rest().startsWith('</')) {
      const m = /^<\/([A-Za-z_:][-A-Za-z0-9_.:]*)\s*>/.exec(rest());
      if (!m) throw new Error(`bad end tag at ${pos}`);
      const open = stack.pop();
      if (!open || open.name !== m[1]) throw new Error(`</${m[1]}> closes <${open?.name ?? 'nothing'}>`);
      pos += m[0].length;
    } else {
      pos++;
      const name = NAME.exec(rest())?.[0];
      if (!name) throw new Error(`bad tag name at ${pos}`);
      pos += name.length;
      const el: XmlElement = { name, attrs: {}, children: [], text: '' };
      for (;;) {
        const ws = /^\s*/.exec(rest())![0];
        pos += ws.length;
        if (rest().startsWith('/>') || rest().startsWith('>')) break;
        if (!ws) throw new Error(`attributes of <${name}> must be separated by white space`);
        const a = /^([A-Za-z_:][-A-Za-z0-9_.:]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(rest());
        if (!a) throw new Error(`bad attribute in <${name}> at ${pos}`);
        if (a[1]! in el.attrs) throw new Error(`attribute ${a[1]} twice in <${name}>`);
        el.attrs[a[1]!] = decode(a[3] ?? a[4] ?? '', `attribute ${a[1]}`);
        pos += a[0].length;
      }
      if (stack.length) stack.at(-1)!.children.push(el);
      else if (root) throw new Error('a second root element');
      else root = el;
      if (rest().startsWith('/>')) pos += 2;
      else {
        pos += 1;
        stack.push(el);
      }
    }
  }
  if (stack.length) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

// ---------------------------------------------------------------------------------------------

const sha256 = (g: GraphExport) => createHash('sha256').update(canonicalJson(g)).digest('hex');
const booklet = (file: string) =>
  JSON.parse(readFileSync(join(BOOKLET_DIR, `${file}.json`), 'utf8')) as { id: string; email?: string }[];

async function download(app: RunningApp, path: string, cookie?: string) {
  const res = await fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function postCsv(
  app: RunningApp,
  cookie: string,
  query: string,
  csv: string | Uint8Array<ArrayBuffer>,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${app.url}/api/import/csv?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv; charset=utf-8', cookie, origin: app.url },
    body: csv,
  });
  const body = await res.json();
  if (res.status === 200) csvImportResponse.parse(body);
  return { status: res.status, body };
}

async function importJson(
  app: RunningApp,
  cookie: string,
  graph: unknown,
  query = '',
): Promise<{ status: number; body: any }> {
  const res = await send<JsonImportResponse>(app, 'POST', `/api/import/json${query}`, { body: graph, cookie });
  if (res.status === 200) jsonImportResponse.parse(res.body);
  return res;
}

const graphFile = (nodes: unknown[], relations: unknown[] = []) => ({
  format: 'ringe-graph',
  version: 1,
  nodes,
  relations,
});

describe('export', () => {
  let app: RunningApp;
  let coordinator: string;
  let admin: string;
  let reader: string;
  beforeAll(async () => {
    app = await startApp();
    [coordinator, admin, reader] = await Promise.all([
      signIn(app, 'coordinator'),
      signIn(app, 'admin'),
      signIn(app, 'reader'),
    ]);
  });
  afterAll(() => app.close());

  it("when the graph is exported as JSON then it is the import format, sorted canonically, with the booklet's 12 networks", async () => {
    const res = await download(app, '/api/export/json', coordinator);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?ringe-graph-\d{4}-\d{2}-\d{2}\.json"?$/,
    );
    const graph = graphExportSchema.parse(JSON.parse(res.text));
    expect(graph.format).toBe('ringe-graph');

    const networks = new Set(graph.nodes.filter((n) => n.kind === 'Network').map((n) => n.id));
    const bookletNetworks = booklet('networks').map((n) => n.id);
    expect(bookletNetworks).toHaveLength(12);
    for (const id of bookletNetworks) expect(networks.has(id), id).toBe(true);
    expect(graph.relations).toContainEqual({
      type: 'WORKS_IN',
      source: 'mette-nielsen-duekilde',
      target: expect.any(String),
      properties: {},
    });

    // Canonical: sorted lists, sorted property keys, no version or other bookkeeping.
    const nodeKeys = graph.nodes.map((n) => `${n.kind}\u0000${n.id}`);
    expect(nodeKeys).toEqual([...nodeKeys].sort());
    const relationKeys = graph.relations.map((r) => `${r.source}\u0000${r.type}\u0000${r.target}`);
    expect(relationKeys).toEqual([...relationKeys].sort());
    for (const item of [...graph.nodes, ...graph.relations]) {
      const keys = Object.keys(item.properties);
      expect(keys).toEqual([...keys].sort());
      expect(keys.some((k) => k === 'version' || k === 'id' || k.startsWith('_'))).toBe(false);
    }
    // The text itself is already canonical, so its hash is that of canonicalJson.
    expect(res.text).toBe(canonicalJson(graph));
  });

  it('when nobody or a reader asks for an export then 401 or 403; a coordinator may', async () => {
    for (const path of ['/api/export/json', '/api/export/csv/Person', '/api/export/graphml']) {
      expect((await download(app, path)).status).toBe(401);
      expect((await download(app, path, reader)).status).toBe(403);
      expect((await download(app, path, admin)).status).toBe(200);
    }
    const bad = await send(app, 'GET', '/api/export/csv/Session', { cookie: coordinator });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual({ field: 'kind' });
  });

  it("when people are exported as CSV then Danish Excel gets a BOM, semicolons and the booklet's 13 leaders' emails", async () => {
    const res = await download(app, '/api/export/csv/Person', coordinator);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?ringe-Person-\d{4}-\d{2}-\d{2}\.csv"?$/,
    );
    // fetch's text() drops a leading BOM, so look at the bytes.
    const bytes = new Uint8Array(
      await (await fetch(`${app.url}/api/export/csv/Person`, { headers: { cookie: coordinator } })).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.text.split('\r\n')[0]).toBe('id;name;title;email;phone;leftOn;source;inferred');

    const { separator, records } = parseCsv(res.text);
    expect(separator).toBe(';');
    const emailColumn = records[0]!.cells.indexOf('email');
    const emails = new Set(records.slice(1).map((r) => r.cells[emailColumn]));
    const leaders = booklet('people').map((p) => p.email!);
    expect(leaders).toHaveLength(13);
    for (const email of leaders) expect(emails.has(email), email).toBe(true);
  });

  it('when a value holds a separator, a quote, a line break or starts like a formula then the CSV quotes it and reads back the same', async () => {
    const id = uid('csv-dep');
    const name = '=SUM(A1) "Ærø"; første\nanden linje';
    const imported = await importJson(app, admin, graphFile([{ id, kind: 'Department', properties: { name } }]));
    expect(imported.body.counts).toMatchObject({ created: 1, rejected: 0 });
    const res = await download(app, '/api/export/csv/Department', coordinator);
    expect(res.text).toContain(`${id};"'=SUM(A1) ""Ærø""; første\nanden linje"`);
    const row = parseCsv(res.text).records.find((r) => r.cells[0] === id)!;
    expect(unneutralizeFormula(row.cells[1]!)).toBe(name);
    // and the pure pair agrees on every awkward value
    const values = ['a;b', 'say "hi"', 'x\r\ny', ' padded ', '+45 43 68 68 68', '@home', '-1', 'plain'];
    const back = parseCsv(
      formatCsv(
        ['v'],
        values.map((v) => [v]),
      ),
    )
      .records.slice(1)
      .map((r) => unneutralizeFormula(r.cells[0]!));
    expect(back).toEqual(values);
  });

  it('when the XML checker meets broken XML then it refuses it (so its yes means something)', () => {
    expect(parseXml('<?xml version="1.0"?><a x="1"><b>&amp;&#229;</b><c/></a>').children.map((c) => c.name)).toEqual([
      'b',
      'c',
    ]);
    for (const broken of [
      '<a><b></a></b>',
      '<a>&foo;</a>',
      '<a>fish & chips</a>',
      '<a x="1" x="2"/>',
      '<a/><b/>',
      '<a>',
      '<a x=1/>',
      '<a>1 < 2</a>',
    ]) {
      expect(() => parseXml(broken), broken).toThrow();
    }
  });

  it('when the graph is exported as GraphML then it is well-formed XML with every attribute declared as a key', async () => {
    const id = uid('gml-dep');
    const name = 'Ærø & <Søn> "citat" \'enkelt\'';
    await importJson(app, admin, graphFile([{ id, kind: 'Department', properties: { name } }]));
    const res = await download(app, '/api/export/graphml', coordinator);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/graphml+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?ringe-graph-\d{4}-\d{2}-\d{2}\.graphml"?$/,
    );

    const root = parseXml(res.text);
    expect(root.name).toBe('graphml');
    expect(root.attrs.xmlns).toBe('http://graphml.graphdrawing.org/xmlns');
    const keys = new Map(root.children.filter((c) => c.name === 'key').map((k) => [k.attrs.id!, k.attrs]));
    const graph = root.children.find((c) => c.name === 'graph')!;
    expect(graph.attrs.edgedefault).toBe('directed');
    const nodes = graph.children.filter((c) => c.name === 'node');
    const edges = graph.children.filter((c) => c.name === 'edge');
    const nodeIds = new Set(nodes.map((n) => n.attrs.id));
    expect(nodeIds.size).toBe(nodes.length);
    for (const el of [...nodes, ...edges]) {
      for (const d of el.children) {
        expect(d.name).toBe('data');
        expect(keys.get(d.attrs.key!)?.for, `${el.attrs.id} ${d.attrs.key}`).toBe(el.name);
      }
    }
    for (const e of edges) {
      expect(nodeIds.has(e.attrs.source), e.attrs.id).toBe(true);
      expect(nodeIds.has(e.attrs.target), e.attrs.id).toBe(true);
    }
    const data = (el: XmlElement, attr: string) => {
      const key = [...keys.entries()].find(([, k]) => k.for === el.name && k['attr.name'] === attr)?.[0];
      return el.children.find((d) => d.attrs.key === key)?.text;
    };
    const mine = nodes.find((n) => n.attrs.id === id)!;
    expect(data(mine, 'label')).toBe(name);
    expect(data(mine, 'labels')).toBe('Department');
    const network = nodes.find((n) => n.attrs.id === 'forebyggelse-af-indlaeggelser')!;
    expect(data(network, 'labels')).toBe('Network');
    // The network's own `kind` property stays apart from its label.
    expect(data(network, 'kind')).toBe('velfaerd');
    expect(edges.some((e) => e.attrs.target === 'forebyggelse-af-indlaeggelser' && data(e, 'type') === 'LEADS')).toBe(
      true,
    );
  });
});

describe('JSON import', () => {
  let app: RunningApp;
  let admin: string;
  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, 'admin');
  });
  afterAll(() => app.close());

  it('when a node is imported twice with a change in between then it is created, then changed with version 2, then left alone', async () => {
    const id = uid('imp-dep');
    const first = await importJson(
      app,
      admin,
      graphFile([{ id, kind: 'Department', properties: { name: 'Første navn' } }]),
    );
    expect(first.status).toBe(200);
    expect(first.body.created).toEqual([{ section: 'nodes', position: 1, line: null, id }]);
    const second = await importJson(
      app,
      admin,
      graphFile([{ id, kind: 'Department', properties: { name: 'Andet navn' } }]),
    );
    expect(second.body.changed).toEqual([
      {
        section: 'nodes',
        position: 1,
        line: null,
        id,
        fields: [{ name: 'name', before: 'Første navn', after: 'Andet navn' }],
      },
    ]);
    const third = await importJson(
      app,
      admin,
      graphFile([{ id, kind: 'Department', properties: { name: 'Andet navn' } }]),
    );
    expect(third.body.counts).toEqual({ created: 0, changed: 0, unchanged: 1, rejected: 0, failed: 0 });
    const [row] = await app.db.read(
      'MATCH (n:Department:Entity {id: $id}) RETURN n.version AS version, n.name AS name',
      { id },
    );
    expect(row).toEqual({ version: 2, name: 'Andet navn' });
    const history = await app.db.read(
      'MATCH (c:Change {targetId: $id}) RETURN c.action AS action, c.actorName AS actor ORDER BY c.at',
      { id },
    );
    expect(history).toEqual([
      { action: 'import', actor: 'Demo-administrator (udvikling)' },
      { action: 'import', actor: 'Demo-administrator (udvikling)' },
    ]);
  });

  it('when items are invalid then each is rejected with its reason and the valid ones are written', async () => {
    const [dep, person, cpr, other] = [uid('imp-dep'), uid('imp-p'), uid('imp-cpr'), uid('imp-x')] as const;
    const res = await importJson(
      app,
      admin,
      graphFile(
        [
          { id: dep, kind: 'Department', properties: { name: 'Importafdelingen' } },
          { id: person, kind: 'Person', properties: { name: 'Ida Import', email: 'ikke en adresse' } },
          { id: cpr, kind: 'Person', properties: { name: 'Carl', title: '010203-1234' } },
          { id: other, kind: 'Session', properties: {} },
          { id: dep, kind: 'Department', properties: { name: 'Igen' } },
          { id: uid('imp-y'), kind: 'Forum', properties: { name: 'Forum', colour: 'blå' } },
        ],
        [
          { type: 'WORKS_IN', source: 'mette-nielsen-duekilde', target: uid('nowhere'), properties: {} },
          { type: 'LEADS', source: 'mette-nielsen-duekilde', target: dep, properties: {} },
        ],
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body.created).toEqual([{ section: 'nodes', position: 1, line: null, id: dep }]);
    expect(res.body.rejected.map((r: any) => [r.section, r.position, r.reason])).toEqual([
      ['nodes', 2, 'The property "email" must be a work email address.'],
      ['nodes', 3, 'Feltet "properties.title" ligner et CPR-nummer; Ringe må ikke gemme CPR-numre.'],
      [
        'nodes',
        4,
        'The field "kind" must be one of Person, Network, Department, Partner, Training, Outcome, Forum, Project, Unit.',
      ],
      ['nodes', 5, `The id "${dep}" is already in the file (node 1).`],
      ['nodes', 6, 'Unknown property "colour".'],
      ['relations', 1, expect.stringMatching(/^There is no node with id "nowhere-/)],
      ['relations', 2, `A LEADS relation must end at a Network, but "${dep}" is a Department.`],
    ]);
    expect(
      await app.db.read('MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id', { ids: [person, cpr, other] }),
    ).toEqual([]);
  });

  it('when the file is not a graph export then 400 names the field, and a dry run writes nothing', async () => {
    const wrong = await importJson(app, admin, { format: 'gephi', version: 1, nodes: [] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual({ field: 'format' });
    const id = uid('dry-dep');
    const dry = await importJson(
      app,
      admin,
      graphFile([{ id, kind: 'Department', properties: { name: 'Tør' } }]),
      '?dryRun=true',
    );
    expect(dry.body).toMatchObject({ dryRun: true, complete: true, created: [{ id }] });
    expect(dry.body.batches).toEqual([
      {
        number: 1,
        section: 'nodes',
        from: 1,
        to: 1,
        status: 'planned',
        created: 1,
        changed: 0,
        unchanged: 0,
        rejected: 0,
        error: null,
      },
    ]);
    expect(await app.db.read('MATCH (n:Entity {id: $id}) RETURN n', { id })).toEqual([]);
  });

  it('when the file is larger than the 100 kB the rest of the API takes then it is still read, in batches of 500', async () => {
    const prefix = uid('big');
    const nodes = Array.from({ length: 600 }, (_, i) => ({
      id: `${prefix}-${i}`,
      kind: 'Department',
      properties: { name: `Afdeling ${i} `.padEnd(190, 'x') },
    }));
    expect(JSON.stringify(graphFile(nodes)).length).toBeGreaterThan(100 * 1024);
    const res = await importJson(app, admin, graphFile(nodes), '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body.batches.map((b: any) => [b.from, b.to, b.status, b.created])).toEqual([
      [1, 500, 'planned', 500],
      [501, 600, 'planned', 100],
    ]);
  });

  it('when the body is larger than 20 MB then 413, while the rest of the API still takes only 100 kB', async () => {
    const big = JSON.stringify(
      graphFile([{ id: 'x', kind: 'Department', properties: { name: 'x'.repeat(21 * 1024 * 1024) } }]),
    );
    const res = await fetch(`${app.url}/api/import/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin, origin: app.url },
      body: big,
    });
    expect(res.status).toBe(413);
    const medium = await send(app, 'POST', '/api/nodes', {
      body: { id: 'x', kind: 'Department', properties: { name: 'y'.repeat(200_000) } },
      cookie: admin,
    });
    expect(medium.status).toBe(413);
  });
});

describe('JSON round trip into an empty database', () => {
  let neo: LocalNeo4j | undefined;
  let dataDir: string;
  let source: RunningApp;
  let target: RunningApp;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ringe-transfer-'));
    neo = await startLocalNeo4j({ dataDir, port: await freePort(), heapMb: 384, pageCacheMb: 32 });
    const db = new Db({ uri: neo.uri, user: 'neo4j', password: '', queryTimeoutMs: 60_000 });
    await applySchema(bindQueries(db));
    [source, target] = await Promise.all([startApp(), startApp(db)]);
  }, 240_000);
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
    await neo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the export is imported into an empty database then exporting that gives the same canonical hash', async () => {
    const exported = graphExportSchema.parse(
      JSON.parse((await download(source, '/api/export/json', await signIn(source, 'coordinator'))).text),
    );
    expect(await target.db.read('MATCH (n:Entity) RETURN count(n) AS n')).toEqual([{ n: 0 }]);
    const admin = await signIn(target, 'admin');

    const res = await importJson(target, admin, exported);
    expect(res.status).toBe(200);
    const result = res.body as JsonImportResponse;
    expect(result.complete).toBe(true);
    expect(result.batches.every((b) => b.status === 'written')).toBe(true);
    expect(result.batches.map((b) => b.to - b.from + 1).every((n) => n <= 500)).toBe(true);
    expect(result.batches.length).toBe(
      Math.ceil(exported.nodes.length / 500) + Math.ceil(exported.relations.length / 500),
    );

    // Other tests add data in parallel, some of it made with raw Cypher that the import's
    // validation refuses (a network with no kind, say). Those are reported; the booklet never is.
    const rejected = new Set(result.rejected.map((r) => `${r.section}|${r.id}`));
    const bookletIds = new Set(
      ['departments', 'partners', 'forums', 'projects', 'trainings', 'people', 'networks'].flatMap((f) =>
        booklet(f).flatMap((r) => [r.id, ...((r as { outcomes?: { id: string }[] }).outcomes ?? []).map((o) => o.id)]),
      ),
    );
    const ofBooklet = (id: string | null) =>
      (id ?? '')
        .split('|')
        .filter((_, i, all) => all.length === 1 || i !== 1)
        .every((x) => bookletIds.has(x));
    expect(result.rejected.filter((r) => ofBooklet(r.id))).toEqual([]);
    const expected: GraphExport = {
      ...exported,
      nodes: exported.nodes.filter((n) => !rejected.has(`nodes|${n.id}`)),
      relations: exported.relations.filter((r) => !rejected.has(`relations|${r.source}|${r.type}|${r.target}`)),
    };
    expect(result.counts.created).toBe(expected.nodes.length + expected.relations.length);

    const again = graphExportSchema.parse(JSON.parse((await download(target, '/api/export/json', admin)).text));
    expect(sha256(again)).toBe(sha256(expected));
    if (!result.rejected.length) expect(sha256(again)).toBe(sha256(exported));

    // Importing the same file again changes nothing and records nothing.
    const changes = async () => (await target.db.read('MATCH (c:Change) RETURN count(c) AS n'))[0]!.n;
    const before = await changes();
    const repeat = (await importJson(target, admin, exported)).body as JsonImportResponse;
    expect(repeat.counts).toMatchObject({
      created: 0,
      changed: 0,
      unchanged: expected.nodes.length + expected.relations.length,
    });
    expect(await changes()).toBe(before);
  }, 300_000);
});

describe('CSV import', () => {
  let app: RunningApp;
  let admin: string;
  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, 'admin');
  });
  afterAll(() => app.close());

  const exists = async (ids: string[]) =>
    (await app.db.read('MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id ORDER BY id', { ids })).map((r) => r.id);

  it('when a file with good and bad lines is dry-run then it lists exact lines and reasons and writes nothing; the real import writes the good rows with history', async () => {
    const [good1, good2, badEmail, cpr, noName, dep] = ['good1', 'good2', 'bademail', 'cpr', 'noname', 'dep'].map((p) =>
      uid(`csv-${p}`),
    ) as [string, string, string, string, string, string];
    const people = [
      'id;name;title;email',
      `${good1};Gitte Godt;Konsulent;${good1}@example.dk`,
      `${badEmail};Bo Dårlig;Konsulent;ikke-en-adresse`,
      '',
      `${cpr};Carl Cpr;010203-1234;${cpr}@example.dk`,
      `${noName};;Konsulent;${noName}@example.dk`,
      `${good2};"Anna ""Citat"" Hansen";"Leder; netværk";${good2}@example.dk`,
    ].join('\r\n');

    const dry = await postCsv(app, admin, 'kind=Person&dryRun=true', people);
    expect(dry.status).toBe(200);
    const plan = dry.body as CsvImportResponse;
    expect(plan).toMatchObject({
      dryRun: true,
      kind: 'Person',
      separator: ';',
      rows: 5,
      from: 1,
      to: 5,
      complete: true,
    });
    expect(plan.created.map((c) => [c.line, c.position, c.id])).toEqual([
      [2, 1, good1],
      [7, 5, good2],
    ]);
    expect(plan.changed).toEqual([]);
    expect(plan.rejected.map((r) => [r.line, r.id, r.reason])).toEqual([
      [3, badEmail, 'The column "email" must be a work email address.'],
      [5, cpr, 'Kolonnen "title" ligner et CPR-nummer; Ringe må ikke gemme CPR-numre.'],
      [6, noName, 'The column "name" is required.'],
    ]);
    expect(await exists([good1, good2, badEmail, cpr, noName])).toEqual([]);

    const real = (await postCsv(app, admin, 'kind=Person&dryRun=false', people)).body as CsvImportResponse;
    expect(real.dryRun).toBe(false);
    expect(real.created.map((c) => c.id)).toEqual([good1, good2]);
    expect(real.rejected.map((r) => r.line)).toEqual([3, 5, 6]);
    expect(real.batches).toEqual([
      {
        number: 1,
        section: 'nodes',
        from: 1,
        to: 5,
        status: 'written',
        created: 2,
        changed: 0,
        unchanged: 0,
        rejected: 3,
        error: null,
      },
    ]);
    expect(await exists([good1, good2, badEmail, cpr, noName])).toEqual([good1, good2].sort());
    const [anna] = await app.db.read(
      'MATCH (p:Person:Entity {id: $id}) RETURN p.name AS name, p.title AS title, p.version AS version',
      { id: good2 },
    );
    expect(anna).toEqual({ name: 'Anna "Citat" Hansen', title: 'Leder; netværk', version: 1 });
    const history = await app.db.read(
      'MATCH (c:Change) WHERE c.targetId IN $ids RETURN c.targetId AS id, c.action AS action, c.after AS after',
      { ids: [good1, good2, badEmail] },
    );
    expect(history.map((h) => [h.id, h.action]).sort()).toEqual(
      [
        [good1, 'import'],
        [good2, 'import'],
      ].sort(),
    );
    expect(JSON.parse(history.find((h) => h.id === good1)!.after as string)).toEqual({
      kind: 'Person',
      version: 1,
      properties: { email: `${good1}@example.dk`, name: 'Gitte Godt', title: 'Konsulent' },
    });

    // A second file changes one column of one person: only that is set, the rest stays.
    const update = await postCsv(app, admin, 'kind=Person&dryRun=false', `id,title\n${good1},Chefkonsulent\n`);
    expect(update.body).toMatchObject({
      separator: ',',
      counts: { created: 0, changed: 1, unchanged: 0, rejected: 0 },
    });
    expect(update.body.changed[0].fields).toEqual([{ name: 'title', before: 'Konsulent', after: 'Chefkonsulent' }]);
    expect(
      (
        await app.db.read(
          'MATCH (p:Person:Entity {id: $id}) RETURN p.name AS name, p.title AS title, p.version AS version',
          { id: good1 },
        )
      )[0],
    ).toEqual({ name: 'Gitte Godt', title: 'Chefkonsulent', version: 2 });

    // Relations: an unknown department, a rule broken, a good one.
    await postCsv(app, admin, 'kind=Department', `id;name\n${dep};CSV-afdelingen\n`);
    const missing = uid('no-such-department');
    const relations = [
      'type;source;target;since;until;via',
      `WORKS_IN;${good1};${missing};;;`,
      `LEADS;${good1};${dep};;;`,
      `WORKS_IN;${good1};${dep};01-02-2020;;`,
      `KNOWS;${good2};${good1};2021-01-01;2020-01-01;`,
      `KNOWS;${good1};${good2};2021-01-01;;`,
    ].join('\n');
    const relDry = (await postCsv(app, admin, 'kind=relations&dryRun=true', relations)).body as CsvImportResponse;
    expect(relDry.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, `There is no node with id "${missing}".`],
      [3, `A LEADS relation must end at a Network, but "${dep}" is a Department.`],
      [5, 'The column "until" must not be before since.'],
    ]);
    expect(relDry.created.map((c) => c.id)).toEqual([`${good1}|WORKS_IN|${dep}`, `${good1}|KNOWS|${good2}`]);
    const relReal = (await postCsv(app, admin, 'kind=relations', relations)).body as CsvImportResponse;
    expect(relReal.counts).toMatchObject({ created: 2, rejected: 3 });
    const rels = await app.db.read(
      'MATCH (:Person {id: $id})-[r]->(m:Entity) RETURN type(r) AS type, m.id AS target, r.since AS since, r.version AS version ORDER BY type',
      { id: good1 },
    );
    expect(rels).toEqual([
      { type: 'KNOWS', target: good2, since: '2021-01-01', version: 1 },
      { type: 'WORKS_IN', target: dep, since: '2020-02-01', version: 1 },
    ]);
  });

  it('when the header names an unknown column or the file is not CSV text then 400 says so, and nothing is written', async () => {
    const bad = await postCsv(app, admin, 'kind=Department', 'id;navn\nx;y\n');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'The column "navn" on line 1 is not one Ringe knows for Department; use id, name, source, inferred.',
    );
    const unclosed = await postCsv(app, admin, 'kind=Department', `id;name\n${uid('q')};"never closed\n`);
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.error.message).toBe('The quoted value that starts on line 2 is never closed.');
    const kind = await postCsv(app, admin, 'kind=Session', 'id\nx\n');
    expect(kind.status).toBe(400);
    expect(kind.body.error.details).toEqual({ field: 'kind' });
  });

  it('when a Person CSV names departments by id or by name then each person works there, written with the row; an unknown department rejects its row', async () => {
    const dep = uid('csv-afd');
    const depName = `Afdeling ${dep.slice(-8)}`;
    expect((await postCsv(app, admin, 'kind=Department', `id;name\n${dep};${depName}\n`)).body.counts.created).toBe(1);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => uid(`csv-dep-${x}`)) as [string, string, string, string];
    const csv = [
      'id;name;department',
      `${a};Anne;${dep}`,
      `${b};Bent;${depName.toUpperCase()}`,
      `${c};Carl;Ingen sådan afdeling`,
      `${d};;${dep}`,
    ].join('\n');
    const rejected = [
      {
        section: 'nodes',
        position: 3,
        line: 4,
        id: c,
        reason: 'There is no department with the id or name "Ingen sådan afdeling".',
        problem: { code: 'unknownDepartment', values: { department: 'Ingen sådan afdeling' } },
      },
      // The person is refused, so their department is not tried: one reason per row.
      {
        section: 'nodes',
        position: 4,
        line: 5,
        id: d,
        reason: 'The column "name" is required.',
        problem: { code: 'required', values: { field: 'name' } },
      },
    ];
    const created = [
      { section: 'nodes', position: 1, line: 2, id: a },
      { section: 'relations', position: 1, line: 2, id: `${a}|WORKS_IN|${dep}` },
      { section: 'nodes', position: 2, line: 3, id: b },
      { section: 'relations', position: 2, line: 3, id: `${b}|WORKS_IN|${dep}` },
    ];

    const dry = (await postCsv(app, admin, 'kind=Person&dryRun=true', csv)).body as CsvImportResponse;
    expect(dry.created).toEqual(created);
    expect(dry.rejected).toEqual(rejected);
    expect(await exists([a, b, c, d])).toEqual([]);

    const real = (await postCsv(app, admin, 'kind=Person&dryRun=false&batchSize=1', csv)).body as CsvImportResponse;
    expect(real.created).toEqual(created);
    expect(real.rejected).toEqual(rejected);
    expect(real.batches.map((x) => [x.from, x.to, x.status, x.created, x.rejected])).toEqual([
      [1, 1, 'written', 2, 0],
      [2, 2, 'written', 2, 0],
      [3, 3, 'written', 0, 1],
      [4, 4, 'written', 0, 1],
    ]);
    const works = await app.db.read(
      'MATCH (p:Person)-[r:WORKS_IN]->(d:Department) WHERE p.id IN $ids RETURN p.id AS id, d.id AS dep, r.version AS version ORDER BY id',
      {
        ids: [a, b, c, d],
      },
    );
    expect(works).toEqual(
      [
        { id: a, dep, version: 1 },
        { id: b, dep, version: 1 },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    const history = await app.db.read('MATCH (c:Change {targetId: $id}) RETURN c.action AS action', {
      id: `${a}|WORKS_IN|${dep}`,
    });
    expect(history).toEqual([{ action: 'import' }]);

    // The same file again changes nothing.
    const again = (await postCsv(app, admin, 'kind=Person&dryRun=false', csv)).body as CsvImportResponse;
    expect(again.counts).toEqual({ created: 0, changed: 0, unchanged: 4, rejected: 2, failed: 0 });
  });

  it('when rows or a whole file are refused then each refusal carries a code and the values a client needs to say it in its own language', async () => {
    const [p, q] = [uid('csv-code-p'), uid('csv-code-q')];
    const people = [
      'id;name;email;inferred',
      `${p};Per;ikke-en-adresse;`,
      `${q};Qarin;;kanske`,
      `${q};Qarin;;`,
      `bad id!;Xen;;`,
      `${p};P;;;ekstra`,
    ].join('\n');
    const res = (await postCsv(app, admin, 'kind=Person&dryRun=true', people)).body as CsvImportResponse;
    expect(res.rejected.map((r) => [r.line, r.problem])).toEqual([
      [2, { code: 'email', values: { field: 'email' } }],
      [3, { code: 'boolean', values: { field: 'inferred' } }],
      [5, { code: 'invalid', values: { field: 'id', message: 'may hold only letters, digits and - _ . :' } }],
      [6, { code: 'tooManyValues', values: { values: 5, columns: 4 } }],
    ]);
    const twice = (await postCsv(app, admin, 'kind=Department&dryRun=true', `id;name\n${p}-d;A\n${p}-d;B\n`))
      .body as CsvImportResponse;
    expect(twice.rejected.map((r) => r.problem)).toEqual([
      { code: 'duplicateLine', values: { id: `${p}-d`, line: 2 } },
    ]);
    const relations = [
      'type;source;target',
      `FRIENDS;${p};${q}`,
      `LEADS;social-familie;bo-i-albertslund`,
      `KNOWS;${p};${q}`,
    ].join('\n');
    const rel = (await postCsv(app, admin, 'kind=relations&dryRun=true', relations)).body as CsvImportResponse;
    expect(rel.rejected.map((r) => [r.line, r.problem])).toEqual([
      [2, { code: 'oneOf', values: { field: 'type', options: REL_TYPES.join(', ') } }],
      [
        3,
        {
          code: 'wrongEnd',
          values: { type: 'LEADS', end: 'start', allowed: 'Person', id: 'social-familie', kind: 'Department' },
        },
      ],
      // Neither end exists (a dry run of people writes nothing): the first is named.
      [4, { code: 'noNode', values: { id: p } }],
    ]);

    const file = async (query: string, csv: string) =>
      (await postCsv(app, admin, query, csv)).body.error.details.problem;
    expect(await file('kind=Department', 'id;navn\nx;y\n')).toEqual({
      code: 'unknownColumn',
      values: { column: 'navn', line: 1, kind: 'Department', allowed: 'id, name, source, inferred' },
    });
    expect(await file('kind=Person', 'id;name;afdeling\nx;y;z\n')).toEqual({
      code: 'unknownColumn',
      values: {
        column: 'afdeling',
        line: 1,
        kind: 'Person',
        allowed: 'id, name, title, email, phone, leftOn, source, inferred, department',
      },
    });
    expect(await file('kind=Department', 'name\ny\n')).toEqual({ code: 'missingColumn', values: { column: 'id' } });
    expect(await file('kind=Department', 'id;name;id\nx;y;x\n')).toEqual({
      code: 'repeatedColumn',
      values: { column: 'id' },
    });
    expect(await file('kind=Department', '\n\n')).toEqual({ code: 'emptyFile', values: {} });
    expect(await file('kind=Department', 'id;name\nx;"open\n')).toEqual({ code: 'unclosedQuote', values: { line: 2 } });
    expect(await file('kind=Department&from=3', 'id;name\nx;y\n')).toEqual({
      code: 'fromTooLarge',
      values: { rows: 1 },
    });
  });

  it('when a file is saved by an older Excel in Windows-1252 then æøå come through', async () => {
    const id = uid('cp1252');
    const bytes = Uint8Array.from([
      ...Buffer.from(`id;name\r\n${id};Gr`, 'latin1'),
      0xf8,
      ...Buffer.from('nne ', 'latin1'),
      0xe6,
      0xe5,
      0x0d,
      0x0a,
    ]);
    const res = await postCsv(app, admin, 'kind=Department', bytes);
    expect(res.body.counts.created).toBe(1);
    expect((await app.db.read('MATCH (d:Department {id: $id}) RETURN d.name AS name', { id }))[0]).toEqual({
      name: 'Grønne æå',
    });
  });

  it('when a client imports batch by batch and one batch fails in the database then that batch leaves nothing and the others are written', async () => {
    const ids = [1, 2, 3, 4, 5].map((i) => uid(`batch${i}`));
    const stray = ids[3]!;
    // A Person that is no :Entity: the import's reads (by :Entity) do not see it, but creating
    // another Person with its id breaks the person_id uniqueness constraint inside batch 2.
    await app.db.write("CREATE (:Person {id: $stray, name: 'Uden Entity'})", { stray });
    try {
      const csv = ['id;name', ...ids.map((id, i) => `${id};Batchperson ${i + 1}`)].join('\n');
      const plan = (await postCsv(app, admin, 'kind=Person&dryRun=true&batchSize=2', csv)).body as CsvImportResponse;
      expect(plan.batches.map((b) => [b.from, b.to, b.status, b.created])).toEqual([
        [1, 2, 'planned', 2],
        [3, 4, 'planned', 2],
        [5, 5, 'planned', 1],
      ]);

      // The client posts each planned batch and moves its progress bar to to/rows.
      const progress: [number, string, string | null][] = [];
      for (const b of plan.batches) {
        const res = (await postCsv(app, admin, `kind=Person&dryRun=false&batchSize=2&from=${b.from}&to=${b.to}`, csv))
          .body as CsvImportResponse;
        expect(res.batches).toHaveLength(1);
        progress.push([res.to / res.rows, res.batches[0]!.status, res.batches[0]!.error]);
      }
      expect(progress).toEqual([
        [0.4, 'written', null],
        [0.8, 'failed', expect.stringContaining('nothing of the batch was written')],
        [1, 'written', null],
      ]);
      expect(await exists(ids)).toEqual([ids[0], ids[1], ids[4]].sort());
      // Nothing of the failed batch: neither its good row nor a history record.
      expect(
        await app.db.read('MATCH (c:Change) WHERE c.targetId IN $ids RETURN c.targetId AS id', {
          ids: [ids[2], stray],
        }),
      ).toEqual([]);
      expect(await app.db.read('MATCH (p:Person {id: $stray}) RETURN labels(p) AS labels', { stray })).toEqual([
        { labels: ['Person'] },
      ]);
    } finally {
      await app.db.write('MATCH (p:Person {id: $stray}) WHERE NOT p:Entity DELETE p', { stray });
    }
  });

  it('when a whole file is posted at once then the server runs its batches in turn and lists them', async () => {
    const ids = [1, 2, 3].map((i) => uid(`whole${i}`));
    const csv = ['id;name', ...ids.map((id) => `${id};Hel fil`)].join('\n');
    const res = (await postCsv(app, admin, 'kind=Department&batchSize=2', csv)).body as CsvImportResponse;
    expect(res.batches.map((b) => [b.number, b.from, b.to, b.status, b.created])).toEqual([
      [1, 1, 2, 'written', 2],
      [2, 3, 3, 'written', 1],
    ]);
    expect(res.complete).toBe(true);
    expect(await exists(ids)).toEqual([...ids].sort());
  });
});
