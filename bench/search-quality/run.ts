import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { today } from '../../api/common.js';
import type { ContactsResponse, SearchResponse } from '../../api/explore.js';
import { readBooklet, seedBooklet } from '../../seed/booklet.js';
import { generate } from '../../seed/synthetic/generate.js';
import { loadSynthetic } from '../../seed/synthetic/load.js';
import { createApp } from '../../server/app.js';
import { Db, PATIENT_DB } from '../../server/common/db/index.js';
import { applySchema } from '../../server/common/db/schema.js';
import { startLocalNeo4j } from '../../server/common/local-neo4j/index.js';
import { bindQueries } from '../../server/common/queries.js';
import { freePort } from '../../test/net.js';
import { factsOf, fingerprint, judge } from './judge.js';
import { figuresOf, scoresOf, type Figures, type Judgments, RIGHT } from './metrics.js';
import { ENDPOINTS, MUNICIPALITY, QUESTIONS, UNITS, type Endpoint, type QualityUnit, type Tag } from './questions.js';

// Asks every judged question (questions.ts) of the real API over HTTP and scores the answers
// (metrics.ts): a throwaway Neo4j of its own (the shared test database holds other tests' data, which
// would move the ranking), the booklet and the synthetic municipality at the judged size loaded as
// `npm run seed` loads them, the judged units with their KLE subjects, the app as production builds it.
// Run by `npm run bench` (bench/run.ts) and test/search-quality.test.ts; alone with
// `npx tsx bench/search-quality/run.ts [--verbose] [--out file.json]`.

/** The targets of issue 21, for both endpoints. */
export const TARGETS = { p1: 0.9, mrr: 0.93 } as const;
/** For scale, as issue 21 gives it: the best expert-finding systems of the TREC Enterprise track reached this MRR on theirs. */
export const TREC_ENTERPRISE_MRR = 0.96;

export interface Answer {
  text: string;
  endpoint: Endpoint;
  /** The rank of the first right answer (grade 2), from 1; null when none was among the answers. */
  firstRight: number | null;
  ndcg5: number;
  /** The first three answers, with their grades (0: not judged). */
  top: { id: string; grade: number }[];
}

export interface QualityReport {
  people: number;
  seed: number;
  day: string;
  questions: number;
  endpoints: Record<Endpoint, Figures>;
  byTag: Partial<Record<Tag, Partial<Record<Endpoint, Figures>>>>;
  /** Every answer whose first answer was not a right one. */
  misses: Answer[];
  /** Answers that were not 200 (each counts as no answer). */
  errors: string[];
  seconds: { load: number; ask: number };
}

/** Questions asked at once. Each answer is the same whichever order they come in. */
const AT_ONCE = 4;
const since = (t: number) => Math.round((performance.now() - t) / 100) / 10;

export interface QualityOptions {
  log?: (msg: string) => void;
}

export async function runSearchQuality({ log = () => {} }: QualityOptions = {}): Promise<QualityReport> {
  const { people, seed } = MUNICIPALITY;
  const graph = generate({ people, seed });
  if (fingerprint(graph) !== MUNICIPALITY.fingerprint) {
    throw new Error(
      `The synthetic municipality of ${people} people, seed ${seed}, is not the one the questions were judged on ` +
        `(fingerprint ${fingerprint(graph)}, judged ${MUNICIPALITY.fingerprint}): judge the synthetic answers in ` +
        'bench/search-quality/questions.ts again, then write the new fingerprint there.',
    );
  }
  const day = today();
  const facts = factsOf(readBooklet(), graph, UNITS);
  // Judged before anything starts: a stale judgment fails at once.
  const judged = QUESTIONS.map((q) => {
    const per: Partial<Record<Endpoint, Judgments>> = {};
    for (const endpoint of ENDPOINTS) {
      const j = q[endpoint];
      if (!j) continue;
      try {
        per[endpoint] = judge(j, facts, day);
      } catch (err) {
        throw new Error(`Question "${q.text}" (${endpoint}): ${(err as Error).message}`);
      }
      if (![...per[endpoint]!.values()].some((g) => g >= RIGHT))
        throw new Error(`Question "${q.text}" (${endpoint}) has no right answer (grade 2).`);
    }
    return { question: q, per };
  });
  const texts = new Set<string>();
  for (const q of QUESTIONS) {
    if (texts.has(q.text)) throw new Error(`The question "${q.text}" is asked twice.`);
    texts.add(q.text);
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'ringe-search-quality-'));
  let server: Server | undefined;
  let db: Db | undefined;
  let neo: Awaited<ReturnType<typeof startLocalNeo4j>> | undefined;
  try {
    const t0 = performance.now();
    log('Starting a Neo4j of its own ...');
    neo = await startLocalNeo4j({ dataDir, port: await freePort(), heapMb: 512, pageCacheMb: 128 });
    db = new Db({ uri: neo.uri, user: 'neo4j', password: '', queryTimeoutMs: 60_000, ...PATIENT_DB });
    const queries = bindQueries(db);
    await applySchema(queries);
    log(`Neo4j started (${since(t0)} s); loading the booklet and ${people} synthetic people (seed ${seed}) ...`);
    await seedBooklet(queries);
    await loadSynthetic(queries, graph);
    await writeUnits(db, UNITS);
    log(`Loaded (${since(t0)} s).`);
    const app = createApp({ db, log: pino({ level: 'silent' }), clientDir: '/nonexistent' });
    server = createServer(app);
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const load = (performance.now() - t0) / 1000;

    log(`Asking ${QUESTIONS.length} questions ...`);
    const t1 = performance.now();
    const errors: string[] = [];
    type Scored = Answer & { scores: ReturnType<typeof scoresOf>; tags: readonly Tag[] };
    const asks = judged.flatMap(({ question, per }) =>
      ENDPOINTS.flatMap((endpoint) => (per[endpoint] ? [{ question, endpoint, grades: per[endpoint] }] : [])),
    );
    const answers: Scored[] = new Array(asks.length);
    const askOne = async ({ question, endpoint, grades }: (typeof asks)[number]): Promise<Scored> => {
      const path =
        endpoint === 'contacts'
          ? `/api/contacts?${new URLSearchParams({ topic: question.text })}`
          : `/api/search?${new URLSearchParams({ q: question.text })}`;
      const res = await fetch(`${base}${path}`);
      let ranked: string[] = [];
      if (res.status === 200) {
        const body = (await res.json()) as ContactsResponse | SearchResponse;
        ranked =
          'contacts' in body ? body.contacts.map((c) => c.person.id) : (body as SearchResponse).hits.map((h) => h.id);
      } else {
        errors.push(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      }
      const scores = scoresOf(ranked, grades);
      const at = ranked.findIndex((id) => (grades.get(id) ?? 0) >= RIGHT);
      return {
        text: question.text,
        endpoint,
        tags: question.tags,
        scores,
        firstRight: at < 0 ? null : at + 1,
        ndcg5: Math.round(scores.ndcg5 * 1000) / 1000,
        top: ranked.slice(0, 3).map((id) => ({ id, grade: grades.get(id) ?? 0 })),
      };
    };
    // A few at a time, as several people would ask: the database works on one while the API sends another.
    let next = 0;
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (next < asks.length) {
          const i = next++;
          answers[i] = await askOne(asks[i]!);
        }
      }),
    );
    const ask = (performance.now() - t1) / 1000;

    const endpoints = Object.fromEntries(
      ENDPOINTS.map((e) => [e, figuresOf(answers.filter((a) => a.endpoint === e).map((a) => a.scores))]),
    ) as Record<Endpoint, Figures>;
    const byTag: QualityReport['byTag'] = {};
    for (const tag of [...new Set(QUESTIONS.flatMap((q) => q.tags))]) {
      for (const e of ENDPOINTS) {
        const of = answers.filter((a) => a.endpoint === e && a.tags.includes(tag));
        if (of.length) byTag[tag] = { ...byTag[tag], [e]: figuresOf(of.map((a) => a.scores)) };
      }
    }
    return {
      people,
      seed,
      day,
      questions: QUESTIONS.length,
      endpoints,
      byTag,
      misses: answers.filter((a) => a.firstRight !== 1).map(({ scores: _, tags: __, ...a }) => a),
      errors,
      seconds: { load: Math.round(load * 10) / 10, ask: Math.round(ask * 10) / 10 },
    };
  } finally {
    await new Promise<void>((done) => {
      if (!server) return done();
      server.close(() => done());
      server.closeAllConnections();
    });
    await db?.close();
    await neo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The units as a source writes them (server/sync/engine.ts kleProps): parallel KLE lists and the text the
 * search index reads; members by MEMBER_OF with no end, the others reporting to the first.
 */
async function writeUnits(db: Db, units: readonly QualityUnit[]): Promise<void> {
  await db.write(
    `UNWIND $units AS u
     CREATE (unit:Entity:Unit {id: u.id, name: u.name, source: 'search-quality', kleNumbers: u.numbers,
                               kleAspects: u.aspects, kleTitles: u.titles, kleText: u.text})
     WITH unit, u
     UNWIND range(0, size(u.members) - 1) AS i
     MATCH (p:Person {id: u.members[i]})
     CREATE (p)-[:MEMBER_OF {source: 'search-quality'}]->(unit)
     WITH p, u, i WHERE i > 0
     MATCH (boss:Person {id: u.members[0]})
     MERGE (p)-[:REPORTS_TO {source: 'search-quality'}]->(boss)`,
    {
      units: units.map((u) => ({
        id: u.id,
        name: u.name,
        members: [...u.members],
        numbers: u.subjects.map((s) => s.number),
        aspects: u.subjects.map((s) => s.aspect),
        titles: u.subjects.map((s) => s.title),
        text: u.subjects.map((s) => `${s.number} ${s.title}`).join('\n'),
      })),
    },
  );
}

/** The report as lines: each endpoint's figures against the targets, and the figures by kind of question. */
export function qualityLines(r: QualityReport): string[] {
  const mark = (x: number, target: number) => `${x.toFixed(3)}${x >= target ? '' : ' (under target)'}`;
  const lines = [
    `Finding the right person: ${r.questions} judged questions, booklet + ${r.people} synthetic people (seed ${r.seed}), ` +
      `targets P@1 ≥ ${TARGETS.p1}, MRR ≥ ${TARGETS.mrr} (TREC Enterprise best MRR ${TREC_ENTERPRISE_MRR})`,
  ];
  for (const e of ENDPOINTS) {
    const f = r.endpoints[e];
    lines.push(
      `  ${e.padEnd(8)} n ${String(f.n).padStart(3)}  P@1 ${mark(f.p1, TARGETS.p1)}  MRR ${mark(f.mrr, TARGETS.mrr)}  nDCG@5 ${f.ndcg5.toFixed(3)}`,
    );
  }
  lines.push('  by kind of question (P@1 / MRR / nDCG@5):');
  for (const [tag, per] of Object.entries(r.byTag)) {
    const cells = ENDPOINTS.map((e) => {
      const f = per[e];
      return f ? `${e} ${f.p1.toFixed(2)} / ${f.mrr.toFixed(2)} / ${f.ndcg5.toFixed(2)} (n ${f.n})` : '';
    });
    lines.push(`    ${tag.padEnd(12)} ${cells.filter(Boolean).join('   ')}`);
  }
  if (r.errors.length) lines.push(`  ${r.errors.length} answers were not 200, e.g. ${r.errors[0]}`);
  return lines;
}

/** Every question whose first answer was not a right one: what it found instead. */
export function missLines(r: QualityReport): string[] {
  return r.misses.map(
    (m) =>
      `  ${m.endpoint.padEnd(8)} "${m.text}": first right at ${m.firstRight ?? '–'}, nDCG@5 ${m.ndcg5}; ` +
      `top ${m.top.map((t) => `${t.id} (${t.grade})`).join(', ') || 'nothing'}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { verbose: { type: 'boolean', default: false }, out: { type: 'string' } } });
  runSearchQuality({ log: (m) => console.error(m) }).then(
    (report) => {
      console.log(qualityLines(report).join('\n'));
      if (values.verbose) console.log(missLines(report).join('\n'));
      if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
