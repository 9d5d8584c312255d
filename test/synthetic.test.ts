import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KINDS, NETWORK_KINDS, NETWORK_STATUSES, PERSPECTIVES, REL_TYPES } from '../api/common.js';
import { looksLikeCpr } from '../api/cpr.js';
import { nodePropertySchemas, RELATION_RULES, relationPropertiesSchema } from '../api/edit.js';
import { learningTextSchema, rcRatingSchema } from '../api/surveys.js';
import {
  generate,
  SYNTHETIC_EMAIL_DOMAIN,
  SYNTHETIC_PREFIX,
  SYNTHETIC_SOURCE,
  type SyntheticGraph,
} from '../seed/synthetic/generate.js';
import { countSynthetic, deleteSynthetic, loadSynthetic, SyntheticLoadError } from '../seed/synthetic/load.js';
import { Db } from '../server/common/db/index.js';
import { ROOT } from '../server/common/folders.js';
import { startLocalNeo4j, type LocalNeo4j } from '../server/common/local-neo4j/index.js';
import { applySchema } from '../server/common/db/schema.js';
import { freePort } from './net.js';
import { bindQueries } from '../server/common/queries.js';
import { nodeDays, relationDays } from '../server/common/days.js';

const count = <T>(items: readonly T[], key: (x: T) => string) => {
  const out: Record<string, number> = {};
  for (const x of items) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
};

describe('the synthetic municipality generator', () => {
  const graph = generate({ people: 300, seed: 7 });
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));

  it('when generated twice with the same seed then the output is identical', () => {
    expect(generate({ people: 300, seed: 7 })).toEqual(graph);
  });

  it('when the seed differs then the output differs', () => {
    const other = generate({ people: 300, seed: 8 });
    expect(other.nodes.map((n) => n.props.name)).not.toEqual(graph.nodes.map((n) => n.props.name));
    expect(other.relations).not.toEqual(graph.relations);
  });

  it('when asked for a number of people then it holds exactly that many, 7 to 12 departments and about ten relations each', () => {
    for (const people of [300, 3000]) {
      const g = people === 300 ? graph : generate({ people, seed: 7 });
      const kinds = count(g.nodes, (n) => n.kind);
      expect(kinds.Person).toBe(people);
      expect(kinds.Department).toBeGreaterThanOrEqual(7);
      expect(kinds.Department).toBeLessThanOrEqual(12);
      expect(g.relations.length).toBeGreaterThanOrEqual(9 * people);
      expect(g.relations.length).toBeLessThanOrEqual(11 * people);
    }
    expect(new Set(graph.nodes.filter((n) => n.kind === 'Network').map((n) => n.props.kind))).toEqual(
      new Set(NETWORK_KINDS),
    );
    expect(() => generate({ people: 5 })).toThrow(RangeError);
    expect(() => generate({ people: 300.5 })).toThrow(RangeError);
  });

  it('when generated then every relation has a known type and joins the kinds RELATION_RULES allows', () => {
    const broken = graph.relations.filter((r) => {
      const rule = (REL_TYPES as readonly string[]).includes(r.type) ? RELATION_RULES[r.type] : undefined;
      return !rule?.from.includes(kindOf.get(r.source)!) || !rule.to.includes(kindOf.get(r.target)!);
    });
    expect(broken).toEqual([]);
  });

  it('when generated then ids are unique, prefixed and every node is marked synthetic', () => {
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(graph.nodes.length);
    for (const n of graph.nodes) {
      expect(n.id.startsWith(SYNTHETIC_PREFIX)).toBe(true);
      expect(n.id).toMatch(/^[a-z0-9-]+$/);
      expect(KINDS).toContain(n.kind);
      expect(n.props.source).toBe(SYNTHETIC_SOURCE);
    }
    // At most one relation of a type between two nodes (a relation's id is source|TYPE|target), and
    // no one knows someone twice over.
    expect(new Set(graph.relations.map((r) => `${r.source}|${r.type}|${r.target}`)).size).toBe(graph.relations.length);
    const pairs = graph.relations.filter((r) => r.type === 'KNOWS').map((r) => [r.source, r.target].sort().join('|'));
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(graph.relations.every((r) => r.source !== r.target)).toBe(true);
  });

  it('when generated then emails use the example domain and nothing looks like a CPR number', () => {
    const emailPattern = new RegExp(`^[a-z]+\\.[a-z]+\\.\\d+@${SYNTHETIC_EMAIL_DOMAIN.replace(/\./g, '\\.')}$`);
    for (const p of graph.nodes.filter((n) => n.kind === 'Person')) expect(p.props.email).toMatch(emailPattern);
    const strings = [
      ...graph.nodes.flatMap((n) => [n.id, ...Object.values(n.props).map(String)]),
      ...graph.relations.flatMap((r) => [r.source, r.target, ...Object.values(r.props).map(String)]),
      ...[...graph.rounds, ...graph.answers].flatMap((x) => [x.id, ...Object.values(x.props).flat().map(String)]),
    ];
    expect(strings.filter((s) => looksLikeCpr(s))).toEqual([]);
  });

  it("when generated then every node and relation passes the edit API's own checks", () => {
    for (const n of graph.nodes) {
      const { source: _source, ...props } = n.props;
      const parsed = nodePropertySchemas[n.kind].safeParse(props);
      expect(parsed.success, `${n.id}: ${parsed.error?.message}`).toBe(true);
    }
    // A survey's KNOWS also says where it came from, as the app writes it (not a property one edits).
    for (const { props } of graph.relations) {
      const { source: _source, round: _round, version: _version, ...editable } = props;
      expect(relationPropertiesSchema.safeParse(editable).success).toBe(true);
    }
    for (const net of graph.nodes.filter((n) => n.kind === 'Network')) {
      expect(NETWORK_STATUSES).toContain(net.props.status);
      expect(net.props.status === 'afsluttet').toBe(net.props.endedAt !== undefined);
    }
  });

  it('when generated then every network has a leader and people from at least two departments', () => {
    const departments = new Map<string, Set<string>>();
    for (const r of graph.relations.filter((x) => x.type === 'WORKS_IN')) {
      departments.set(r.source, (departments.get(r.source) ?? new Set()).add(r.target));
    }
    for (const p of graph.nodes.filter((n) => n.kind === 'Person'))
      expect(departments.get(p.id)?.size).toBeGreaterThanOrEqual(1);
    for (const net of graph.nodes.filter((n) => n.kind === 'Network')) {
      const leaders = graph.relations.filter((r) => r.type === 'LEADS' && r.target === net.id).map((r) => r.source);
      const participants = graph.relations
        .filter((r) => r.type === 'PARTICIPATES_IN' && r.target === net.id)
        .map((r) => r.source);
      expect(leaders.length, net.id).toBeGreaterThanOrEqual(1);
      expect(leaders.length, net.id).toBeLessThanOrEqual(2);
      const depts = new Set([...leaders, ...participants].flatMap((p) => [...departments.get(p)!]));
      expect(depts.size, net.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('when generated then dates are real days, until is never before since, and a KNOWS via names a network both are in', () => {
    const isDay = (s: unknown) =>
      typeof s === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(s) &&
      new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
    const members = new Map<string, Set<string>>();
    for (const r of graph.relations.filter((x) => x.type === 'LEADS' || x.type === 'PARTICIPATES_IN')) {
      members.set(r.target, (members.get(r.target) ?? new Set()).add(r.source));
    }
    let dated = 0;
    for (const r of graph.relations) {
      if (r.props.since !== undefined) {
        dated++;
        expect(isDay(r.props.since), r.props.since).toBe(true);
        expect(r.props.since >= '2012-01-01' && r.props.since <= '2026-06-30').toBe(true);
      }
      if (r.props.until !== undefined) {
        expect(isDay(r.props.until), r.props.until).toBe(true);
        if (r.props.since !== undefined) expect(r.props.until >= r.props.since).toBe(true);
      }
      if (r.props.via !== undefined) {
        expect(r.type).toBe('KNOWS');
        // One a survey answer wrote may name a colleague outside the network; the one who answered is in it.
        expect(
          members.get(r.props.via)?.has(r.source) &&
            (r.props.source === 'survey' || members.get(r.props.via)?.has(r.target)),
        ).toBe(true);
      }
    }
    expect(dated / graph.relations.length).toBeGreaterThan(0.9);
    expect(graph.relations.some((r) => r.props.until !== undefined)).toBe(true);
    expect(graph.relations.some((r) => r.props.via !== undefined)).toBe(true);
    for (const net of graph.nodes.filter((n) => n.kind === 'Network')) {
      expect(isDay(net.props.startedAt)).toBe(true);
      if (net.props.endedAt !== undefined) {
        expect(isDay(net.props.endedAt)).toBe(true);
        expect(net.props.endedAt >= net.props.startedAt!).toBe(true);
      }
    }
  });

  it("when generated then a share of the networks have one or two survey rounds in the app's model, asking the network's people on the first day", () => {
    const g = generate({ people: 3000, seed: 7 });
    const holdsOn = (r: { props: { since?: string; until?: string } }, day: string) =>
      (r.props.since ?? '') <= day && (r.props.until === undefined || day <= r.props.until);
    const networks = g.nodes.filter((n) => n.kind === 'Network').map((n) => n.id);
    const roundsOf = count(g.rounds, (r) => r.props.networkId);
    expect(Object.keys(roundsOf).every((id) => networks.includes(id))).toBe(true);
    expect(Object.keys(roundsOf).length / networks.length).toBeGreaterThan(0.25);
    expect(Object.keys(roundsOf).length / networks.length).toBeLessThan(0.6);
    expect(new Set(Object.values(roundsOf))).toEqual(new Set([1, 2]));
    expect(new Set(g.rounds.map((r) => r.id)).size).toBe(g.rounds.length);
    const named = new Map(g.answers.map((a) => [a.props.roundId, new Set<string>()]));
    for (const a of g.answers) for (const q of a.props.named) named.get(a.props.roundId)!.add(q);
    for (const r of g.rounds) {
      expect(r.id).toMatch(/^syn-survey-\d+$/);
      expect(r.props.source).toBe(SYNTHETIC_SOURCE);
      expect(r.props.opensOn <= r.props.closesOn && r.props.closesOn <= '2026-06-30').toBe(true);
      if (r.props.closedOn !== undefined)
        expect(r.props.opensOn <= r.props.closedOn && r.props.closedOn <= r.props.closesOn).toBe(true);
      const people = g.relations
        .filter((x) => (x.type === 'LEADS' || x.type === 'PARTICIPATES_IN') && x.target === r.props.networkId)
        .filter((x) => holdsOn(x, r.props.opensOn))
        .map((x) => x.source);
      expect(new Set(r.props.asked.slice(0, people.length))).toEqual(new Set(people));
      // Those named are asked too when the round says so, and only then.
      const later = r.props.asked.slice(people.length);
      expect(later.every((q) => named.get(r.id)?.has(q))).toBe(true);
      if (!r.props.askNamed) expect(later).toEqual([]);
    }
    for (const [network, n] of Object.entries(roundsOf)) {
      if (n !== 2) continue;
      const [first, second] = g.rounds.filter((r) => r.props.networkId === network);
      expect(first!.props.closesOn < second!.props.opensOn, network).toBe(true);
    }
  });

  it('when generated then about 60 % answer, some rounds under 5, each answer in the stored form with the departments of its day', () => {
    const g = generate({ people: 3000, seed: 7 });
    const rounds = new Map(g.rounds.map((r) => [r.id, r]));
    const departmentsOn = (person: string, day: string) =>
      g.relations
        .filter((x) => x.type === 'WORKS_IN' && x.source === person)
        .filter((x) => (x.props.since ?? '') <= day && (x.props.until === undefined || day <= x.props.until))
        .map((x) => x.target)
        .sort();
    const people = new Set(g.nodes.filter((n) => n.kind === 'Person').map((n) => n.id));
    const departments = new Set(g.nodes.filter((n) => n.kind === 'Department').map((n) => n.id));
    const asked = g.rounds.reduce((sum, r) => sum + r.props.asked.length, 0);
    expect(g.answers.length / asked).toBeGreaterThan(0.45);
    expect(g.answers.length / asked).toBeLessThan(0.7);
    const respondents = count(g.answers, (a) => a.props.roundId);
    expect(g.rounds.some((r) => (respondents[r.id] ?? 0) < 5)).toBe(true);
    expect(g.rounds.filter((r) => (respondents[r.id] ?? 0) >= 5).length).toBeGreaterThan(g.rounds.length / 2);
    expect(new Set(g.answers.map((a) => a.id)).size).toBe(g.answers.length);
    const stored = z.array(
      learningTextSchema.extend({ id: z.string(), acceptedAs: z.null() }).required({ showName: true }),
    );
    const textIds: string[] = [];
    for (const a of g.answers) {
      const r = rounds.get(a.props.roundId)!;
      const day = a.props.at.slice(0, 10);
      expect(a.id).toBe(`${r.id}|${a.props.personId}`);
      expect(a.props).toMatchObject({ networkId: r.props.networkId, source: SYNTHETIC_SOURCE });
      expect(r.props.asked).toContain(a.props.personId);
      expect(new Date(a.props.at).toISOString()).toBe(a.props.at);
      expect(day >= r.props.opensOn && day <= (r.props.closedOn ?? r.props.closesOn)).toBe(true);
      expect(a.props.departmentIds).toEqual(departmentsOn(a.props.personId, day));
      expect(a.props.named.every((q) => people.has(q) && q !== a.props.personId)).toBe(true);
      expect(new Set(a.props.named).size).toBe(a.props.named.length);
      const ratings = z.array(rcRatingSchema).parse(JSON.parse(a.props.ratings));
      for (const rating of ratings) {
        expect(departments.has(rating.departmentId)).toBe(true);
        expect(a.props.departmentIds).not.toContain(rating.departmentId);
      }
      for (const text of stored.parse(JSON.parse(a.props.texts))) textIds.push(text.id);
    }
    // A text's id names neither the answer nor its writer, as the app's do.
    expect(textIds.every((id) => /^text-[a-z0-9]{10}$/.test(id))).toBe(true);
    expect(new Set(textIds).size).toBe(textIds.length);
    // Texts of every perspective, a few under the writer's name.
    const texts = g.answers.flatMap((a) => JSON.parse(a.props.texts) as { perspective: string; showName: boolean }[]);
    expect(new Set(texts.map((t) => t.perspective))).toEqual(new Set(PERSPECTIVES));
    expect(texts.some((t) => t.showName) && texts.some((t) => !t.showName)).toBe(true);
  });

  it('when people are named then each new pair is a KNOWS from the survey on the answer day, some named back, and the scores move between rounds', () => {
    const g = generate({ people: 3000, seed: 7 });
    const survey = g.relations.filter((r) => r.props.source === 'survey');
    const byPair = new Map(survey.map((r) => [`${r.source}|${r.target}`, r]));
    const known = new Set(
      g.relations
        .filter((r) => r.type === 'KNOWS')
        .flatMap((r) => [`${r.source}|${r.target}`, `${r.target}|${r.source}`]),
    );
    let written = 0;
    for (const a of g.answers) {
      for (const q of a.props.named) {
        const k = byPair.get(`${a.props.personId}|${q}`);
        if (k?.props.round === a.props.roundId) {
          written++;
          expect(k.props).toEqual({
            since: a.props.at.slice(0, 10),
            via: a.props.networkId,
            source: 'survey',
            round: a.props.roundId,
            version: 1,
          });
        } else expect(known.has(`${a.props.personId}|${q}`)).toBe(true);
      }
    }
    expect(written).toBe(survey.length);
    expect(survey.every((r) => r.type === 'KNOWS')).toBe(true);
    const pairs = new Set(
      g.answers.flatMap((a) => a.props.named.map((q) => `${a.props.roundId}|${a.props.personId}|${q}`)),
    );
    const confirmed = [...pairs].filter((key) => {
      const [round, a, b] = key.split('|');
      return pairs.has(`${round}|${b}|${a}`);
    });
    expect(confirmed.length).toBeGreaterThan(10);
    // A network's mean score is not the same in its second round as in its first.
    const mean = (roundId: string) => {
      const scores = g.answers
        .filter((a) => a.props.roundId === roundId)
        .flatMap((a) =>
          (JSON.parse(a.props.ratings) as { scores: Record<string, number> }[]).flatMap((r) => Object.values(r.scores)),
        );
      return scores.reduce((s, x) => s + x, 0) / scores.length;
    };
    const twice = Object.entries(count(g.rounds, (r) => r.props.networkId)).filter(([, n]) => n === 2);
    const moved = twice.filter(([network]) => {
      const [first, second] = g.rounds.filter((r) => r.props.networkId === network);
      return Math.abs(mean(first!.id) - mean(second!.id)) > 0.1;
    });
    expect(moved.length).toBeGreaterThan(twice.length / 3);
  });

  it('when people are drawn into ties then a few are very connected and most have few', () => {
    const g = generate({ people: 3000, seed: 7 });
    const degree = count(
      g.relations.filter((r) => r.type === 'KNOWS').flatMap((r) => [r.source, r.target]),
      (id) => id,
    );
    const degrees = g.nodes
      .filter((n) => n.kind === 'Person')
      .map((n) => degree[n.id] ?? 0)
      .sort((a, b) => a - b);
    const median = degrees[Math.floor(degrees.length / 2)]!;
    expect(degrees.at(-1)!).toBeGreaterThan(10 * median);
  });
});

describe('the synthetic bulk load', () => {
  // Its own throwaway Neo4j, never the suite's shared one: other tests count that one's departments.
  let local: LocalNeo4j;
  let db: Db;
  let dataDir: string;
  let graph: SyntheticGraph;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ringe-synthetic-neo4j-'));
    local = await startLocalNeo4j({ dataDir, port: await freePort(), heapMb: 384, pageCacheMb: 64 });
    db = new Db({ uri: local.uri, user: 'neo4j', password: '', queryTimeoutMs: 60_000 });
    // A just-started Neo4j on a busy machine may keep the first connection waiting: give it a while.
    for (let attempt = 1; ; attempt++) {
      try {
        await db.verify();
        break;
      } catch (err) {
        if (attempt === 10) throw err;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
    await applySchema(bindQueries(db));
    graph = generate({ people: 200, seed: 3 });
  }, 180_000);

  afterAll(async () => {
    await db?.close();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('when 200 people are loaded then the database holds exactly the generated nodes and relations, kind by kind and type by type', async () => {
    const progress: [number, number][] = [];
    const report = await loadSynthetic(bindQueries(db), graph, {
      batchSize: 1_000,
      progress: (done, total) => progress.push([done, total]),
    });
    expect(report).toMatchObject({
      nodes: graph.nodes.length,
      relations: graph.relations.length,
      rounds: graph.rounds.length,
      answers: graph.answers.length,
    });
    expect(graph.answers.length).toBeGreaterThan(0);
    expect(report.rowsPerSecond).toBeGreaterThan(0);
    const rows = graph.nodes.length + graph.relations.length + graph.rounds.length + graph.answers.length;
    expect(progress.at(-1)).toEqual([rows, rows]);

    const kinds = await db.read(
      'MATCH (n:Entity) UNWIND [l IN labels(n) WHERE l IN $kinds] AS kind RETURN kind, count(*) AS n',
      { kinds: [...KINDS] },
    );
    expect(Object.fromEntries(kinds.map((r) => [r.kind, r.n]))).toEqual(count(graph.nodes, (n) => n.kind));
    const types = await db.read('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n');
    expect(Object.fromEntries(types.map((r) => [r.type, r.n]))).toEqual(count(graph.relations, (r) => r.type));
    const surveys = await db.read(
      'MATCH (n) WHERE n:SurveyRound OR n:SurveyAnswer RETURN labels(n) AS labels, count(*) AS n ORDER BY n',
    );
    expect(surveys).toEqual([
      { labels: ['SurveyRound'], n: graph.rounds.length },
      { labels: ['SurveyAnswer'], n: graph.answers.length },
    ]);
    expect(await countSynthetic(bindQueries(db))).toBe(rows - graph.relations.length);
  }, 180_000);

  it("when loaded then each kind's stored properties are the generated ones, with their days", async () => {
    // The days (server/common/days.ts) as they are read back: ISO days, and none where an end is open.
    const stored = (days: object) =>
      Object.fromEntries(Object.entries(days).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])));
    const kinds = new Set(graph.nodes.map((n) => n.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(6);
    for (const kind of kinds) {
      // A finished network has the most properties (endedAt).
      const node =
        graph.nodes.find((n) => n.kind === kind && (kind !== 'Network' || n.props.endedAt !== undefined)) ??
        graph.nodes.find((n) => n.kind === kind)!;
      const [row] = await db.read('MATCH (n:Entity {id: $id}) RETURN properties(n) AS p, labels(n) AS labels', {
        id: node.id,
      });
      expect(row!.p, kind).toEqual({ ...node.props, ...stored(nodeDays(kind, node.props)), id: node.id });
      expect(new Set(row!.labels as string[])).toEqual(new Set(['Entity', kind]));
    }
    const knows = graph.relations.find((r) => r.type === 'KNOWS' && r.props.via && r.props.until)!;
    const completed = graph.relations.find((r) => r.type === 'COMPLETED')!;
    const fromSurvey = graph.relations.find((r) => r.props.source === 'survey')!;
    for (const rel of [knows, completed, fromSurvey]) {
      const [row] = await db.read(
        'MATCH (:Entity {id: $source})-[r]->(:Entity {id: $target}) RETURN type(r) AS type, properties(r) AS p',
        {
          source: rel.source,
          target: rel.target,
        },
      );
      expect(row).toEqual({ type: rel.type, p: { ...rel.props, ...stored(relationDays(rel.props)) } });
    }
    // A round and an answer with every property, as the app stores them.
    const round = graph.rounds.find((r) => r.props.closedOn !== undefined) ?? graph.rounds[0]!;
    const answer = graph.answers.find((a) => a.props.named.length > 0 && a.props.ratings !== '[]')!;
    for (const [label, item] of [
      ['SurveyRound', round],
      ['SurveyAnswer', answer],
    ] as const) {
      const [row] = await db.read(`MATCH (n:${label} {id: $id}) RETURN properties(n) AS p, labels(n) AS labels`, {
        id: item.id,
      });
      expect(row).toEqual({ p: { ...item.props, id: item.id }, labels: [label] });
    }
  });

  it('when synthetic data is already there then a second load is refused, and deleting removes only the synthetic data', async () => {
    await db.write("CREATE (:Entity:Department {id: 'not-synthetic-dept', name: 'Bliver stående', source: 'Pjecen'})");
    // A round of the app's own, and an answer given through the app to a synthetic round (its id starts with syn-).
    await db.write(
      "CREATE (:SurveyRound {id: 'survey-notsynthetic', networkId: 'x', asked: []}), (:SurveyAnswer {id: $id, roundId: $round, personId: 'x'})",
      { id: `${graph.rounds[0]!.id}|not-synthetic-person`, round: graph.rounds[0]!.id },
    );
    await expect(loadSynthetic(bindQueries(db), graph)).rejects.toThrow(SyntheticLoadError);
    expect(await deleteSynthetic(bindQueries(db), 100)).toBe(
      graph.nodes.length + graph.rounds.length + graph.answers.length + 1,
    );
    expect(await countSynthetic(bindQueries(db))).toBe(0);
    const rest = await db.read(
      'MATCH (n) WHERE n:Entity OR n:SurveyRound OR n:SurveyAnswer RETURN n.id AS id ORDER BY id',
    );
    expect(rest).toEqual([{ id: 'not-synthetic-dept' }, { id: 'survey-notsynthetic' }]);
  }, 120_000);
});

describe('npm run seed flags', () => {
  it('when --people is not a number then the seed stops with a one-line error before touching a database', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'seed/run.ts', '--people', 'abc'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('--people must be a whole number from 20 to 1000000, not "abc".');
  });
});
