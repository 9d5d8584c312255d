import { afterAll, describe, expect, it } from 'vitest';
import type { Principal } from '../api/auth.js';
import { relationId } from '../api/edit.js';
import { PLAN_KINDS, type Plan } from '../api/sync.js';
import type { Db } from '../server/common/db/index.js';
import { SyncBusyError } from '../server/common/errors.js';
import { bindQueries } from '../server/common/queries.js';
import { editService } from '../server/edit/service.js';
import { privacyService } from '../server/privacy/service.js';
import { listRuns, recomputeDepartments, runSync, setUnitDepartment } from '../server/sync/engine.js';
import {
  type Snapshot,
  type SnapshotKle,
  type SnapshotPerson,
  type SnapshotUnit,
  SourceError,
  type SourceRead,
  type SyncSource,
} from '../server/sync/source.js';
import { testDb, uid } from './helpers.js';

// The sync engine against the real test Neo4j. Each test's source is a small object in the test
// (a real input, as an adapter gives one) and runs in a scope of its own (runSync's `scope`), so its
// records, runs and lease never meet another test's, and a complete snapshot ends only its own people.

const D1 = '2026-03-02';
const D2 = '2026-03-09';
const D3 = '2026-03-16';
const ADMIN: Principal = { sub: 'test-admin', name: 'Test Admin', roles: ['admin'] };

const unit = (sourceId: string, name: string, parentId: string | null = null, kle?: SnapshotKle[]): SnapshotUnit =>
  kle ? { sourceId, name, parentId, kle } : { sourceId, name, parentId };
const person = (
  sourceId: string,
  name: string,
  unitIds: string[],
  more: Partial<SnapshotPerson> = {},
): SnapshotPerson => ({ sourceId, name, unitIds, active: true, ...more });
const complete = (units: SnapshotUnit[], people: SnapshotPerson[]): Snapshot => ({
  complete: true,
  units,
  people,
  refused: [],
});
/** A source answering these reads in turn (the last again once they are used up), remembering the states it was given. */
function source(...answers: (Snapshot | SourceRead | ((signal: AbortSignal) => Promise<SourceRead>))[]) {
  const states: (string | null)[] = [];
  let i = 0;
  const s: SyncSource & { states: typeof states } = {
    name: 'ldap',
    states,
    async read({ state, signal }) {
      states.push(state);
      const answer = answers[Math.min(i++, answers.length - 1)]!;
      if (typeof answer === 'function') return answer(signal);
      return 'snapshot' in answer ? answer : { snapshot: answer, state: null };
    },
  };
  return s;
}
const zero = Object.fromEntries(PLAN_KINDS.map((k) => [k, 0])) as Record<(typeof PLAN_KINDS)[number], number>;
const counts = (c: Partial<Plan['counts']>) => ({ ...zero, unchanged: 0, refused: 0, peopleBefore: 0, ...c });

describe('the sync engine', () => {
  const db: Db = testDb();
  afterAll(() => db.close());

  const run = (src: SyncSource, scope: string, day: string, more: Partial<Parameters<typeof runSync>[2]> = {}) =>
    runSync(db, src, { dryRun: false, startedBy: 'test', day, scope, ...more });

  /** The Ringe id of a source's person or unit. */
  async function idOf(scope: string, kind: 'person' | 'unit', sourceId: string): Promise<string | null> {
    const [row] = await db.read('MATCH (:SyncRecord {key: $key})-[:RECORD_OF]->(n) RETURN n.id AS id', {
      key: `ldap@${scope}|${kind}|${sourceId}`,
    });
    return (row?.id as string | undefined) ?? null;
  }
  /** A person's properties and dated relations, as stored (days as ISO text). */
  async function stateOf(id: string) {
    const [row] = await db.read(
      `MATCH (p:Person {id: $id})
       RETURN properties(p) AS props,
         [(p)-[r]->(x) WHERE type(r) IN ['MEMBER_OF', 'WORKS_IN', 'LEADS', 'KNOWS', 'REPORTS_TO'] |
           {type: type(r), to: x.id, since: r.since, until: r.until, firstDay: r.firstDay, lastDay: r.lastDay,
            source: r.source}] AS rels`,
      { id },
    );
    const rels = (row!.rels as Record<string, unknown>[]).map((r) =>
      Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)),
    );
    const order = (r: Record<string, unknown>) => `${r.type}|${r.since ?? ''}|${r.to}`;
    rels.sort((a, b) => order(a).localeCompare(order(b)));
    const { version: _v, ...props } = row!.props as Record<string, unknown>;
    return { props, rels };
  }
  const department = async (name: string) => {
    const id = uid('afd');
    await db.write('CREATE (:Department:Entity {id: $id, name: $name})', { id, name });
    return id;
  };
  const changesOf = (runId: string) =>
    db.read(
      "MATCH (c:Change {targetKind: 'Source'}) WHERE c.after CONTAINS $runId RETURN c.actorName AS actor, c.action AS action, c.targetId AS target, c.after AS after",
      { runId },
    );

  it('when a first complete snapshot comes then units, joiners, memberships and the departments they roll up to are written, with one change in the history', async () => {
    const s = uid('s');
    const dep = await department(`Skoler ${s}`);
    // The root unit has the department's name (mapped by it); the child takes its parent's department.
    const snap = complete(
      [unit('u1', `skoler ${s}`), unit('u2', `Skole Nord ${s}`, 'u1')],
      [
        person('p1', `Anne ${s}`, ['u2'], { title: 'Lærer', email: `anne.${s}@example.dk`, phone: '43 68 68 68' }),
        person('p2', `Bo ${s}`, ['u1'], { managerId: 'p1' }),
      ],
    );
    const result = await run(source(snap), s, D1);
    expect(result).toMatchObject({ source: 'ldap', status: 'applied', dryRun: false, forced: false, error: null });
    expect(result.plan!.counts).toEqual(counts({ joiners: 2, unitsNew: 2 }));
    expect(result.plan!.samples.joiners).toEqual([
      { sourceId: 'p1', id: null, name: `Anne ${s}` },
      { sourceId: 'p2', id: null, name: `Bo ${s}` },
    ]);
    const [u1, u2, p1, p2] = await Promise.all([
      idOf(s, 'unit', 'u1'),
      idOf(s, 'unit', 'u2'),
      idOf(s, 'person', 'p1'),
      idOf(s, 'person', 'p2'),
    ]);
    expect(u1).toBe(`skoler-${s}`);
    expect(u2).toBe(`skole-nord-${s}`);
    const [tree] = await db.read(
      'MATCH (c:Unit {id: $u2})-[:PART_OF]->(p:Unit {id: $u1})-[:ROLLS_UP_TO]->(d:Department) RETURN d.id AS d, c.name AS name',
      { u1, u2 },
    );
    expect(tree).toEqual({ d: dep, name: `Skole Nord ${s}` });
    const ns = `ldap@${s}`;
    expect(await stateOf(p1!)).toEqual({
      props: { id: p1, name: `Anne ${s}`, title: 'Lærer', email: `anne.${s}@example.dk`, phone: '43 68 68 68' },
      rels: [
        { type: 'MEMBER_OF', to: u2, since: D1, firstDay: D1, source: ns },
        { type: 'WORKS_IN', to: dep, since: D1, firstDay: D1, source: ns },
      ],
    });
    expect(await stateOf(p2!)).toEqual({
      props: { id: p2, name: `Bo ${s}` },
      rels: [
        { type: 'MEMBER_OF', to: u1, since: D1, firstDay: D1, source: ns },
        { type: 'REPORTS_TO', to: p1, source: ns },
        { type: 'WORKS_IN', to: dep, since: D1, firstDay: D1, source: ns },
      ],
    });
    const changes = await changesOf(result.id);
    expect(changes).toEqual([
      {
        actor: 'synkronisering: ldap',
        action: 'import',
        target: 'ldap',
        after: JSON.stringify({ ...zero, joiners: 2, unitsNew: 2, refused: 0, run: result.id }),
      },
    ]);
    expect(await listRuns(db, 'ldap', 5, s)).toEqual([result]);
  });

  it('when the same snapshot comes twice then the second plan is all zeros and nothing is written, not even a change', async () => {
    const s = uid('s');
    const snap = complete(
      [unit('u1', `Enhed ${s}`, null, [{ number: '27.24', title: 'Børn og unge med handicap', aspect: 'ansvarlig' }])],
      [person('p1', `Carl ${s}`, ['u1'], { email: `carl.${s}@example.dk` })],
    );
    await run(source(snap), s, D1);
    const p1 = (await idOf(s, 'person', 'p1'))!;
    const before = await db.read('MATCH (p:Person {id: $id}) RETURN p.version AS v', { id: p1 });
    const second = await run(source(snap), s, D2);
    expect(second.status).toBe('applied');
    expect(second.plan!.counts).toEqual(counts({ unchanged: 1, peopleBefore: 1 }));
    expect(Object.values(second.plan!.samples).flat()).toEqual([]);
    expect(await changesOf(second.id)).toEqual([]);
    expect(await db.read('MATCH (p:Person {id: $id}) RETURN p.version AS v', { id: p1 })).toEqual(before);
    // The membership and department stay as the first run began them.
    expect((await stateOf(p1)).rels).toEqual([
      { type: 'MEMBER_OF', to: await idOf(s, 'unit', 'u1'), since: D1, firstDay: D1, source: `ldap@${s}` },
    ]);
    expect((await listRuns(db, 'ldap', 5, s)).map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it("when a joiner's work e-mail is an existing person's (any case) then that person is linked, not doubled, and their booklet relations stay", async () => {
    const s = uid('s');
    const existing = uid('leder');
    const network = uid('net');
    const dep = await department(`Sundhed ${s}`);
    await db.write(
      `CREATE (p:Person:Entity {id: $existing, name: 'Lise Leder', email: $email, phone: '43 68 68 68', title: 'Leder', version: 3})
       CREATE (n:Network:Entity {id: $network, name: 'Netværk'})
       CREATE (p)-[:LEADS {since: '2014'}]->(n)
       CREATE (p)-[:WORKS_IN {since: '2014'}]->(:Department:Entity {id: $dep2, name: 'Gammel afdeling'})`,
      { existing, email: `Lise.Leder.${s}@Example.dk`, network, dep2: `${dep}-gl` },
    );
    const snap = complete(
      [unit('u1', `Sundhed ${s}`)],
      // The source delivers title and e-mail, not phone: the phone stays.
      [person('p1', 'Lise Leder', ['u1'], { email: `lise.leder.${s}@example.dk`, title: 'Netværksleder' })],
    );
    const result = await run(source(snap), s, D1);
    expect(result.plan!.counts).toEqual(counts({ joiners: 1, unitsNew: 1 }));
    expect(result.plan!.samples.joiners).toEqual([{ sourceId: 'p1', id: existing, name: 'Lise Leder' }]);
    expect(await idOf(s, 'person', 'p1')).toBe(existing);
    const [{ n }] = (await db.read('MATCH (p:Person) WHERE toLower(p.email) = $email RETURN count(p) AS n', {
      email: `lise.leder.${s}@example.dk`,
    })) as [{ n: number }];
    expect(n).toBe(1);
    expect(await stateOf(existing)).toEqual({
      props: {
        id: existing,
        name: 'Lise Leder',
        email: `lise.leder.${s}@example.dk`,
        phone: '43 68 68 68',
        title: 'Netværksleder',
      },
      rels: [
        { type: 'LEADS', to: network, since: '2014' },
        { type: 'MEMBER_OF', to: `sundhed-${s}`, since: D1, firstDay: D1, source: `ldap@${s}` },
        { type: 'WORKS_IN', to: `${dep}-gl`, since: '2014' },
        { type: 'WORKS_IN', to: dep, since: D1, firstDay: D1, source: `ldap@${s}` },
      ],
    });
  });

  it('when people move, leave and come back then memberships and derived departments end the day before and begin on the day; booklet relations stay', async () => {
    const s = uid('s');
    const [depA, depB] = [await department(`Afd A ${s}`), await department(`Afd B ${s}`)];
    const units = [unit('a', `Afd A ${s}`), unit('b', `Afd B ${s}`)];
    const src = source(
      complete(units, [person('p1', `Dorte ${s}`, ['a']), person('p2', `Erik ${s}`, ['a'])]),
      // D2: Dorte moves to B, Erik is missing (a leaver).
      complete(units, [person('p1', `Dorte ${s}`, ['b'])]),
      // D3: Erik is back, in B.
      complete(units, [person('p1', `Dorte ${s}`, ['b']), person('p2', `Erik ${s}`, ['b'])]),
    );
    await run(src, s, D1);
    const [a, b, p1, p2] = [
      `afd-a-${s}`,
      `afd-b-${s}`,
      (await idOf(s, 'person', 'p1'))!,
      (await idOf(s, 'person', 'p2'))!,
    ];
    const network = uid('net');
    await db.write(
      `MATCH (p:Person {id: $p2}), (q:Person {id: $p1})
       CREATE (p)-[:LEADS {since: '2020'}]->(:Network:Entity {id: $network, name: 'N'})
       CREATE (p)-[:KNOWS {since: '2021'}]->(q)
       CREATE (p)-[:WORKS_IN {since: '2019'}]->(:Department:Entity {id: $network + '-afd', name: 'Bogens afdeling'})`,
      { p1, p2, network },
    );
    const second = await run(src, s, D2, { maxLeaverShare: 0.5 });
    expect(second.status).toBe('applied');
    expect(second.plan!.counts).toEqual(counts({ movers: 1, leavers: 1, peopleBefore: 2 }));
    expect(second.plan!.samples.movers).toEqual([
      { sourceId: 'p1', id: p1, name: `Dorte ${s}`, changes: { units: [['a'], ['b']] } },
    ]);
    expect(second.plan!.samples.leavers).toEqual([{ sourceId: 'p2', id: p2, name: `Erik ${s}` }]);
    const ns = `ldap@${s}`;
    const ended = { until: '2026-03-08', lastDay: '2026-03-08' };
    expect((await stateOf(p1)).rels).toEqual([
      { type: 'MEMBER_OF', to: a, since: D1, firstDay: D1, source: ns, ...ended },
      { type: 'MEMBER_OF', to: b, since: D2, firstDay: D2, source: ns },
      { type: 'WORKS_IN', to: depA, since: D1, firstDay: D1, source: ns, ...ended },
      { type: 'WORKS_IN', to: depB, since: D2, firstDay: D2, source: ns },
    ]);
    expect(await stateOf(p2)).toEqual({
      props: { id: p2, name: `Erik ${s}`, leftOn: D2 },
      rels: [
        { type: 'KNOWS', to: p1, since: '2021' },
        { type: 'LEADS', to: network, since: '2020' },
        { type: 'MEMBER_OF', to: a, since: D1, firstDay: D1, source: ns, ...ended },
        { type: 'WORKS_IN', to: `${network}-afd`, since: '2019', ...ended },
        { type: 'WORKS_IN', to: depA, since: D1, firstDay: D1, source: ns, ...ended },
      ],
    });

    const third = await run(src, s, D3);
    expect(third.plan!.counts).toEqual(counts({ returners: 1, unchanged: 1, peopleBefore: 1 }));
    expect(third.plan!.samples.returners).toEqual([
      { sourceId: 'p2', id: p2, name: `Erik ${s}`, changes: { leftOn: [D2, null] } },
    ]);
    const back = await stateOf(p2);
    expect(back.props).toEqual({ id: p2, name: `Erik ${s}` });
    expect(back.rels.filter((r) => r.until === undefined && r.source === ns)).toEqual([
      { type: 'MEMBER_OF', to: b, since: D3, firstDay: D3, source: ns },
      { type: 'WORKS_IN', to: depB, since: D3, firstDay: D3, source: ns },
    ]);
  });

  it('when a unit is renamed and moved then the plan says so and its people follow the new roll-up; a unit gone from the tree is kept and marked', async () => {
    const s = uid('s');
    const [depA, depB] = [await department(`Top A ${s}`), await department(`Top B ${s}`)];
    const people = [person('p1', `Finn ${s}`, ['c'])];
    const src = source(
      complete(
        [unit('ta', `Top A ${s}`), unit('tb', `Top B ${s}`), unit('c', `Team ${s}`, 'ta'), unit('x', `X ${s}`)],
        people,
      ),
      complete([unit('ta', `Top A ${s}`), unit('tb', `Top B ${s}`), unit('c', `Holdet ${s}`, 'tb')], people),
    );
    await run(src, s, D1);
    const p1 = (await idOf(s, 'person', 'p1'))!;
    const c = `team-${s}`;
    const second = await run(src, s, D2);
    expect(second.plan!.counts).toEqual(
      counts({ unitsRenamed: 1, unitsMoved: 1, unitsGone: 1, unchanged: 1, peopleBefore: 1 }),
    );
    expect(second.plan!.samples.unitsRenamed).toEqual([
      { sourceId: 'c', id: c, name: `Holdet ${s}`, changes: { name: [`Team ${s}`, `Holdet ${s}`] } },
    ]);
    expect(second.plan!.samples.unitsMoved).toEqual([
      { sourceId: 'c', id: c, name: `Holdet ${s}`, changes: { parent: ['ta', 'tb'] } },
    ]);
    expect(second.plan!.samples.unitsGone).toEqual([{ sourceId: 'x', id: `x-${s}`, name: `X ${s}` }]);
    expect(
      await db.read('MATCH (u:Unit {id: $c})-[:PART_OF]->(p) RETURN u.name AS name, p.id AS parent', { c }),
    ).toEqual([{ name: `Holdet ${s}`, parent: `top-b-${s}` }]);
    expect(await db.read('MATCH (u:Unit {id: $id}) RETURN u.goneOn AS goneOn', { id: `x-${s}` })).toEqual([
      { goneOn: D2 },
    ]);
    const ns = `ldap@${s}`;
    expect((await stateOf(p1)).rels.filter((r) => r.type === 'WORKS_IN')).toEqual([
      { type: 'WORKS_IN', to: depA, since: D1, firstDay: D1, source: ns, until: '2026-03-08', lastDay: '2026-03-08' },
      { type: 'WORKS_IN', to: depB, since: D2, firstDay: D2, source: ns },
    ]);
  });

  it("when an admin maps a unit to a department then its people's and its inheriting units' people's departments follow, recorded in the history; unmapped again they take the ancestor's", async () => {
    const s = uid('s');
    const [depTop, depOther] = [await department(`Forvaltning ${s}`), await department(`Andet ${s}`)];
    await run(
      source(
        complete(
          [unit('top', `Forvaltning ${s}`), unit('mid', `Mellem ${s}`, 'top'), unit('leaf', `Blad ${s}`, 'mid')],
          [person('p1', `Gitte ${s}`, ['leaf']), person('p2', `Hans ${s}`, ['top'])],
        ),
      ),
      s,
      D1,
    );
    const [p1, p2] = [(await idOf(s, 'person', 'p1'))!, (await idOf(s, 'person', 'p2'))!];
    const ns = `ldap@${s}`;
    const worksIn = async (id: string) => (await stateOf(id)).rels.filter((r) => r.type === 'WORKS_IN');
    expect(await worksIn(p1)).toEqual([{ type: 'WORKS_IN', to: depTop, since: D1, firstDay: D1, source: ns }]);

    const mapped = await setUnitDepartment(db, `mellem-${s}`, depOther, ADMIN, D2);
    expect(mapped).toEqual({ before: null, after: depOther, started: 1, ended: 1 });
    const ended = { until: '2026-03-08', lastDay: '2026-03-08' };
    expect(await worksIn(p1)).toEqual([
      { type: 'WORKS_IN', to: depTop, since: D1, firstDay: D1, source: ns, ...ended },
      { type: 'WORKS_IN', to: depOther, since: D2, firstDay: D2, source: ns },
    ]);
    expect(await worksIn(p2)).toEqual([{ type: 'WORKS_IN', to: depTop, since: D1, firstDay: D1, source: ns }]);
    expect(
      await db.read(
        'MATCH (c:Change) WHERE c.targetId STARTS WITH $unit RETURN c.actorName AS actor, c.action AS action, c.targetId AS target',
        { unit: `mellem-${s}|` },
      ),
    ).toEqual([{ actor: 'Test Admin', action: 'create', target: `mellem-${s}|ROLLS_UP_TO|${depOther}` }]);

    // Unmapped the same day: the WORKS_IN begun that day goes, and one to the ancestor's department begins.
    expect(await setUnitDepartment(db, `mellem-${s}`, null, ADMIN, D2)).toEqual({
      before: depOther,
      after: null,
      started: 1,
      ended: 1,
    });
    expect(await worksIn(p1)).toEqual([
      { type: 'WORKS_IN', to: depTop, since: D1, firstDay: D1, source: ns, ...ended },
      { type: 'WORKS_IN', to: depTop, since: D2, firstDay: D2, source: ns },
    ]);
    // Nothing left to do: a recompute of everything writes nothing for these people.
    await recomputeDepartments(db, [`forvaltning-${s}`], D2);
    expect(await worksIn(p1)).toHaveLength(2);
    await expect(setUnitDepartment(db, `mellem-${s}`, uid('ingen'), ADMIN, D2)).rejects.toThrow(/no department/);
    await expect(setUnitDepartment(db, uid('ingen'), null, ADMIN, D2)).rejects.toThrow(/no unit/);
  });

  it('when a source delivers a field as empty then it is removed, and a field it does not deliver stays as edited', async () => {
    const s = uid('s');
    const src = source(
      complete(
        [unit('u', `U ${s}`)],
        [person('p1', `Ida ${s}`, ['u'], { title: 'Konsulent', email: `ida.${s}@example.dk` })],
      ),
      complete(
        [unit('u', `U ${s}`)],
        [person('p1', `Ida Berg ${s}`, ['u'], { title: null, email: `ida.${s}@example.dk` })],
      ),
    );
    await run(src, s, D1);
    const p1 = (await idOf(s, 'person', 'p1'))!;
    await db.write("MATCH (p:Person {id: $p1}) SET p.phone = '43 00 00 00'", { p1 });
    const second = await run(src, s, D2);
    expect(second.plan!.counts).toEqual(counts({ contactChanged: 1, peopleBefore: 1 }));
    expect(second.plan!.samples.contactChanged).toEqual([
      {
        sourceId: 'p1',
        id: p1,
        name: `Ida Berg ${s}`,
        changes: { name: [`Ida ${s}`, `Ida Berg ${s}`], title: ['Konsulent', null] },
      },
    ]);
    expect((await stateOf(p1)).props).toEqual({
      id: p1,
      name: `Ida Berg ${s}`,
      email: `ida.${s}@example.dk`,
      phone: '43 00 00 00',
    });
  });

  it('when a coordinator edits what a source owns then the next run of the same snapshot writes it back, keeps what only Ringe has, shows it in the plan, and a run after that changes nothing', async () => {
    const s = uid('s');
    const dep = await department(`Kultur ${s}`);
    const snap = complete(
      [unit('u1', `Kultur ${s}`)],
      [
        person('p1', `Eva ${s}`, ['u1'], { title: 'Bibliotekar', email: `eva.${s}@example.dk`, managerId: 'p2' }),
        person('p2', `Finn ${s}`, ['u1'], { title: 'Leder' }),
      ],
    );
    await run(source(snap), s, D1);
    const [p1, p2, u1] = [await idOf(s, 'person', 'p1'), await idOf(s, 'person', 'p2'), await idOf(s, 'unit', 'u1')];
    const ns = `ldap@${s}`;

    // A coordinator changes the title and adds a phone (which this source does not deliver), removes the
    // manager and the derived department, and renames the unit, each through the edit service.
    const edit = editService(bindQueries(db));
    const coordinator: Principal = { sub: 'test-coordinator', name: 'Test Koordinator', roles: ['coordinator'] };
    await edit.updateNode(coordinator, p1!, { version: 1, properties: { title: 'Chef', phone: '43 11 11 11' } });
    await edit.deleteRelation(coordinator, relationId(p1!, 'REPORTS_TO', p2!), 1);
    await edit.deleteRelation(coordinator, relationId(p1!, 'WORKS_IN', dep), 1);
    await edit.updateNode(coordinator, u1!, { version: 1, properties: { name: `Kulturhuset ${s}` } });

    const second = await run(source(snap), s, D2);
    expect(second.status).toBe('applied');
    expect(second.plan!.counts).toEqual(
      counts({ movers: 1, contactChanged: 1, unitsRenamed: 1, unchanged: 1, peopleBefore: 2 }),
    );
    expect(second.plan!.samples.contactChanged).toEqual([
      {
        sourceId: 'p1',
        id: p1,
        name: `Eva ${s}`,
        changes: { title: ['Chef', 'Bibliotekar'], manager: [null, p2] },
      },
    ]);
    expect(second.plan!.samples.movers).toEqual([
      { sourceId: 'p1', id: p1, name: `Eva ${s}`, changes: { departments: [[], [dep]] } },
    ]);
    expect(second.plan!.samples.unitsRenamed).toEqual([
      { sourceId: 'u1', id: u1, name: `Kultur ${s}`, changes: { name: [`Kulturhuset ${s}`, `Kultur ${s}`] } },
    ]);
    const { version: _v, ...props } = (
      await db.read('MATCH (p:Person {id: $id}) RETURN properties(p) AS p', { id: p1 })
    )[0]!.p as Record<string, unknown>;
    expect(props).toEqual({
      id: p1,
      name: `Eva ${s}`,
      title: 'Bibliotekar',
      email: `eva.${s}@example.dk`,
      phone: '43 11 11 11',
    });
    // The manager and the derived department are back, the department from the run's day.
    expect((await stateOf(p1!)).rels).toEqual([
      { type: 'MEMBER_OF', to: u1, since: D1, firstDay: D1, source: ns },
      { type: 'REPORTS_TO', to: p2, source: ns },
      { type: 'WORKS_IN', to: dep, since: D2, firstDay: D2, source: ns },
    ]);
    expect((await db.read('MATCH (u:Unit {id: $id}) RETURN u.name AS name', { id: u1 })).map((r) => r.name)).toEqual([
      `Kultur ${s}`,
    ]);

    const version = await db.read('MATCH (p:Person {id: $id}) RETURN p.version AS v', { id: p1 });
    const third = await run(source(snap), s, D3);
    expect(third.plan!.counts).toEqual(counts({ unchanged: 2, peopleBefore: 2 }));
    expect(await changesOf(third.id)).toEqual([]);
    expect(await db.read('MATCH (p:Person {id: $id}) RETURN p.version AS v', { id: p1 })).toEqual(version);
  });

  it('when a coordinator edits only what a source does not own then the next run counts the person unchanged and keeps the edit', async () => {
    const s = uid('s');
    const snap = complete([unit('u1', `Park ${s}`)], [person('p1', `Gry ${s}`, ['u1'], { title: 'Gartner' })]);
    await run(source(snap), s, D1);
    const p1 = (await idOf(s, 'person', 'p1'))!;
    const edit = editService(bindQueries(db));
    const coordinator: Principal = { sub: 'test-coordinator', name: 'Test Koordinator', roles: ['coordinator'] };
    await edit.updateNode(coordinator, p1, { version: 1, properties: { phone: '43 22 22 22' } });
    const [record] = await db.read('MATCH (r:SyncRecord {key: $key}) RETURN r.hash AS hash', {
      key: `ldap@${s}|person|p1`,
    });
    // The edit cleared the record's hash in its own transaction, so the run looks at the person field by field.
    expect(record).toEqual({ hash: null });
    const second = await run(source(snap), s, D2);
    expect(second.plan!.counts).toEqual(counts({ unchanged: 1, peopleBefore: 1 }));
    expect(await changesOf(second.id)).toEqual([]);
    expect((await stateOf(p1)).props).toEqual({ id: p1, name: `Gry ${s}`, title: 'Gartner', phone: '43 22 22 22' });
    const [after] = await db.read('MATCH (r:SyncRecord {key: $key}) RETURN r.hash IS NOT NULL AS kept', {
      key: `ldap@${s}|person|p1`,
    });
    expect(after).toEqual({ kept: true });
  });

  it('when a run fails after its first writes then a rerun of the same snapshot makes the graph whole: parents, managers and departments', async () => {
    const s = uid('s');
    const [depA, depB] = [await department(`Del A ${s}`), await department(`Del B ${s}`)];
    const tops = [unit('ta', `Del A ${s}`), unit('tb', `Del B ${s}`)];
    await run(
      source(
        complete(
          [...tops, unit('c', `Hold ${s}`, 'ta')],
          [person('p1', `Jonna ${s}`, ['c']), person('p2', `Kim ${s}`, ['ta'])],
        ),
      ),
      s,
      D1,
    );
    // The team moves to B, Kim gets Jonna as manager, and Lene joins under her.
    const moved = complete(
      [...tops, unit('c', `Hold ${s}`, 'tb')],
      [
        person('p1', `Jonna ${s}`, ['c']),
        person('p2', `Kim ${s}`, ['ta'], { managerId: 'p1' }),
        person('p3', `Lene ${s}`, ['c'], { managerId: 'p1' }),
      ],
    );
    // The run fails once the people are written, before their managers and the departments are.
    const failed = await run(source(moved), s, D2, {
      onStep: (step) => {
        if (step === 'apply: changes and leavers') throw new Error('the connection broke');
      },
    });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'write', detail: 'the connection broke' } });
    const again = await run(source(moved), s, D2);
    expect(again.status).toBe('applied');
    const [c, p1, p2, p3] = [
      `hold-${s}`,
      (await idOf(s, 'person', 'p1'))!,
      (await idOf(s, 'person', 'p2'))!,
      (await idOf(s, 'person', 'p3'))!,
    ];
    expect(await db.read('MATCH (:Unit {id: $c})-[:PART_OF]->(p) RETURN p.id AS parent', { c })).toEqual([
      { parent: `del-b-${s}` },
    ]);
    const ns = `ldap@${s}`;
    const ended = { until: '2026-03-08', lastDay: '2026-03-08' };
    expect((await stateOf(p1)).rels).toEqual([
      { type: 'MEMBER_OF', to: c, since: D1, firstDay: D1, source: ns },
      { type: 'WORKS_IN', to: depA, since: D1, firstDay: D1, source: ns, ...ended },
      { type: 'WORKS_IN', to: depB, since: D2, firstDay: D2, source: ns },
    ]);
    expect((await stateOf(p2)).rels).toEqual([
      { type: 'MEMBER_OF', to: `del-a-${s}`, since: D1, firstDay: D1, source: ns },
      { type: 'REPORTS_TO', to: p1, source: ns },
      { type: 'WORKS_IN', to: depA, since: D1, firstDay: D1, source: ns },
    ]);
    expect((await stateOf(p3)).rels).toEqual([
      { type: 'MEMBER_OF', to: c, since: D2, firstDay: D2, source: ns },
      { type: 'REPORTS_TO', to: p1, source: ns },
      { type: 'WORKS_IN', to: depB, since: D2, firstDay: D2, source: ns },
    ]);
    // Whole again: the next run has nothing to write.
    expect((await run(source(moved), s, D3)).plan!.counts).toEqual(counts({ unchanged: 3, peopleBefore: 3 }));
  });

  it("when a person's manager is refused in one run and fixed in the next then the next run links the manager", async () => {
    const s = uid('s');
    const units = [unit('u', `U ${s}`)];
    const src = source(
      complete(units, [
        person('p1', `Mette ${s}`, ['u'], { managerId: 'm' }),
        person('m', `Niels ${s}`, ['u'], { title: 'CPR 0102031234' }),
      ]),
      complete(units, [
        person('p1', `Mette ${s}`, ['u'], { managerId: 'm' }),
        person('m', `Niels ${s}`, ['u'], { title: 'Leder' }),
      ]),
    );
    const first = await run(src, s, D1);
    expect(first.plan!.refusals).toEqual([{ record: 'm', reason: 'cpr', field: 'title' }]);
    const p1 = (await idOf(s, 'person', 'p1'))!;
    const ns = `ldap@${s}`;
    expect((await stateOf(p1)).rels).toEqual([
      { type: 'MEMBER_OF', to: `u-${s}`, since: D1, firstDay: D1, source: ns },
    ]);
    const second = await run(src, s, D2);
    const m = (await idOf(s, 'person', 'm'))!;
    expect(second.plan!.counts).toEqual(counts({ joiners: 1, contactChanged: 1, peopleBefore: 1 }));
    expect(second.plan!.samples.contactChanged).toEqual([
      { sourceId: 'p1', id: p1, name: `Mette ${s}`, changes: { manager: [null, m] } },
    ]);
    expect((await stateOf(p1)).rels).toEqual([
      { type: 'MEMBER_OF', to: `u-${s}`, since: D1, firstDay: D1, source: ns },
      { type: 'REPORTS_TO', to: m, source: ns },
    ]);
    expect((await run(src, s, D3)).plan!.counts).toEqual(counts({ unchanged: 2, peopleBefore: 2 }));
  });

  it('when a snapshot would end more than the set share of the people then it is refused and nothing is written, and forced it applies', async () => {
    const s = uid('s');
    const all = Array.from({ length: 10 }, (_, i) => person(`p${i}`, `Person ${i} ${s}`, ['u']));
    const src = source(complete([unit('u', `U ${s}`)], all), complete([unit('u', `U ${s}`)], all.slice(2)));
    await run(src, s, D1);
    const refused = await run(src, s, D2);
    expect(refused).toMatchObject({ status: 'refused', error: null });
    expect(refused.plan!.counts).toEqual(counts({ leavers: 2, unchanged: 8, peopleBefore: 10 }));
    expect(refused.plan!.leaverShare).toBe(0.2);
    expect(refused.plan!.maxLeaverShare).toBe(0.1);
    expect(await changesOf(refused.id)).toEqual([]);
    const leftOn = async () =>
      (
        await db.read(
          "MATCH (r:SyncRecord {source: $ns, kind: 'person'})-[:RECORD_OF]->(p) WHERE p.leftOn IS NOT NULL RETURN r.sourceId AS id ORDER BY id",
          { ns: `ldap@${s}` },
        )
      ).map((r) => r.id);
    expect(await leftOn()).toEqual([]);
    const forced = await run(src, s, D2, { force: true });
    expect(forced).toMatchObject({ status: 'applied', forced: true });
    expect(await leftOn()).toEqual(['p0', 'p1']);
  });

  it('when the source fails midway or answers too late then the run failed, nothing is written and the sentence holds no secret', async () => {
    const s = uid('s');
    const snap = complete([unit('u', `U ${s}`)], [person('p1', `Jens ${s}`, ['u'])]);
    const failing = source(async () => {
      await new Promise((r) => setTimeout(r, 20));
      throw new SourceError('auth', 'bind failed for ldaps://admin:hemmelig@dc.example.dk password=abc123\nstack');
    });
    const failed = await run(failing, s, D1);
    expect(failed).toMatchObject({ status: 'failed', plan: null });
    expect(failed.error).toEqual({ code: 'auth', detail: 'bind failed for ldaps://dc.example.dk password=…' });
    // Any other error is 'unknown', without its message (which may hold anything).
    const broken = source(async () => {
      throw new Error('password=abc123');
    });
    expect((await run(broken, s, D1)).error).toEqual({ code: 'unknown', detail: 'an unexpected error in the engine' });
    // A slow source that heeds the signal, and one that ignores it.
    const heeding = source(
      (signal) =>
        new Promise<SourceRead>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    const ignoring = source(() => new Promise<SourceRead>(() => {}));
    for (const slow of [heeding, ignoring]) {
      const late = await run(slow, s, D1, { timeoutMs: 300 });
      expect(late).toMatchObject({
        status: 'failed',
        plan: null,
        error: { code: 'timeout', detail: 'no answer within 300 ms' },
      });
    }
    expect(await db.read('MATCH (r:SyncRecord {source: $ns}) RETURN r', { ns: `ldap@${s}` })).toEqual([]);
    expect((await listRuns(db, 'ldap', 5, s)).map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    // The lease was given back each time: a good run goes through.
    expect((await run(source(snap), s, D1)).status).toBe('applied');
  });

  it('when records are bad then each is refused with its reason and the rest is applied; a person erased from Ringe is not brought back; a directory id (a UUID) is never read as a CPR number', async () => {
    const s = uid('s');
    const good = person('ok', `Karen ${s}`, ['u', 'nowhere']);
    const first = await run(source(complete([unit('u', `U ${s}`)], [good, person('gone', `Lars ${s}`, ['u'])])), s, D1);
    expect(first.plan!.refusals).toEqual([{ record: 'ok', reason: 'unknownUnit', field: 'unitIds' }]);
    const lars = (await idOf(s, 'person', 'gone'))!;
    await privacyService(bindQueries(db)).erase(lars, lars, ADMIN);

    const snap: Snapshot = {
      complete: true,
      units: [unit('u', `U ${s}`), unit('u-cpr', 'Enhed 010203-1234')],
      people: [
        good,
        person('gone', `Lars ${s}`, ['u']),
        person('cpr', `Mona ${s}`, ['u'], { title: 'CPR 0102031234' }),
        person('010203-1234', `Nina ${s}`, ['u']),
        person('mail', `Ole ${s}`, ['u'], { email: 'ikke en adresse' }),
        person('twice', `Per ${s}`, ['u']),
        person('twice', `Poul ${s}`, ['u']),
        person('noname', '  ', ['u']),
        person('', `Rasmus ${s}`, ['u']),
        person('new', `Sara ${s}`, ['u']),
        person('ab150788-4321-4cde-8f00-123456789abc', `Tina ${s}`, ['u']),
      ],
      refused: [{ record: 'række 17', reason: 'unreadable' }],
    };
    const result = await run(source(snap), s, D2);
    expect(result.status).toBe('applied');
    expect(result.plan!.refusals).toEqual([
      { record: 'række 17', reason: 'unreadable' },
      { record: 'u-cpr', reason: 'cpr', field: 'name' },
      { record: 'ok', reason: 'unknownUnit', field: 'unitIds' },
      { record: 'cpr', reason: 'cpr', field: 'title' },
      { record: 'person nr. 4', reason: 'cpr', field: 'sourceId' },
      { record: 'mail', reason: 'email', field: 'email' },
      { record: 'twice', reason: 'duplicate', field: 'sourceId' },
      { record: 'twice', reason: 'duplicate', field: 'sourceId' },
      { record: 'noname', reason: 'missingName', field: 'name' },
      { record: 'person nr. 9', reason: 'missingId', field: 'sourceId' },
      { record: 'gone', reason: 'erased' },
    ]);
    expect(result.plan!.counts).toEqual(counts({ joiners: 2, unchanged: 1, refused: 11, peopleBefore: 1 }));
    expect(result.plan!.samples.joiners).toEqual([
      { sourceId: 'new', id: null, name: `Sara ${s}` },
      { sourceId: 'ab150788-4321-4cde-8f00-123456789abc', id: null, name: `Tina ${s}` },
    ]);
    expect(
      await db.read('MATCH (p:Person) WHERE p.name IN $names RETURN p.name AS name', {
        names: [`Lars ${s}`, `Mona ${s}`, `Nina ${s}`, `Ole ${s}`, `Per ${s}`, `Poul ${s}`, `Rasmus ${s}`],
      }),
    ).toEqual([]);
    expect(JSON.stringify(result)).not.toContain('010203');
  });

  it('when two runs start at once then one runs and the other is refused as busy; a lease left by a crashed process expires', async () => {
    const s = uid('s');
    const snap = complete([unit('u', `U ${s}`)], [person('p1', `Tove ${s}`, ['u'])]);
    const slow = source(async () => {
      await new Promise((r) => setTimeout(r, 300));
      return { snapshot: snap, state: null };
    });
    const results = await Promise.allSettled([run(slow, s, D1), run(slow, s, D1)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(SyncBusyError);
    expect(rejected.reason).toMatchObject({ status: 409, code: 'busy' });
    // A crashed holder's lease runs out: the next run takes it.
    await db.write(
      "MERGE (l:SyncLock {name: $name}) SET l.holder = 'crashed', l.expiresAt = datetime() - duration('PT1S')",
      { name: `sync@${s}` },
    );
    expect((await run(source(snap), s, D2)).status).toBe('applied');
    await db.write(
      "MERGE (l:SyncLock {name: $name}) SET l.holder = 'alive', l.expiresAt = datetime() + duration('PT1M')",
      {
        name: `sync@${s}`,
      },
    );
    await expect(run(source(snap), s, D2)).rejects.toBeInstanceOf(SyncBusyError);
  });

  it('when a delta snapshot comes then only what it names changes (a manager it does not name stays linked), its removed people leave, and its state is kept for the next read once applied', async () => {
    const s = uid('s');
    const units = [unit('u', `U ${s}`)];
    const src = source(
      {
        snapshot: complete(units, [
          person('a', `Ulla ${s}`, ['u'], { managerId: 'c' }),
          person('b', `Vagn ${s}`, ['u']),
          person('c', `Else ${s}`, ['u']),
          person('e', `Poul ${s}`, ['u']),
        ]),
        state: 'delta-1',
      },
      {
        snapshot: {
          complete: false,
          units: [],
          // Ulla's new manager Poul is not in the delta: he is the one the graph holds.
          people: [person('a', `Ulla Hansen ${s}`, ['u'], { managerId: 'e' }), person('d', `Yrsa ${s}`, ['u'])],
          removed: ['b'],
          refused: [],
        },
        state: 'delta-2',
      },
      { snapshot: { complete: false, units: [], people: [], removed: [], refused: [] }, state: 'delta-3' },
    );
    await run(src, s, D1);
    const delta = await run(src, s, D2, { maxLeaverShare: 0.5 });
    expect(delta.plan).toMatchObject({ complete: false });
    expect(delta.plan!.counts).toEqual(counts({ joiners: 1, leavers: 1, contactChanged: 1, peopleBefore: 4 }));
    const b = (await idOf(s, 'person', 'b'))!;
    const c = (await idOf(s, 'person', 'c'))!;
    expect((await stateOf(b)).props).toEqual({ id: b, name: `Vagn ${s}`, leftOn: D2 });
    expect((await stateOf(c)).props).toEqual({ id: c, name: `Else ${s}` });
    const a = (await idOf(s, 'person', 'a'))!;
    expect(await db.read('MATCH (:Person {id: $a})-[:REPORTS_TO]->(m:Person) RETURN m.id AS manager', { a })).toEqual([
      { manager: (await idOf(s, 'person', 'e'))! },
    ]);
    // A dry run reads with the kept state but keeps none.
    await run(src, s, D3, { dryRun: true });
    expect(src.states).toEqual([null, 'delta-1', 'delta-2']);
    expect(await db.read('MATCH (s:SyncSource {name: $ns}) RETURN s.state AS state', { ns: `ldap@${s}` })).toEqual([
      { state: 'delta-2' },
    ]);
  });

  it('when a dry run is asked for then the plan with its samples comes back and nothing but the run is written', async () => {
    const s = uid('s');
    const people = Array.from({ length: 12 }, (_, i) => person(`p${i}`, `Dry ${i} ${s}`, ['u']));
    const dry = await run(source(complete([unit('u', `U ${s}`)], people)), s, D1, { dryRun: true });
    expect(dry).toMatchObject({ status: 'planned', dryRun: true, error: null });
    expect(dry.plan!.counts).toEqual(counts({ joiners: 12, unitsNew: 1 }));
    expect(dry.plan!.samples.joiners).toEqual(
      people.slice(0, 10).map((p) => ({ sourceId: p.sourceId, id: null, name: p.name })),
    );
    expect(dry.plan!.samples.unitsNew).toEqual([{ sourceId: 'u', id: null, name: `U ${s}` }]);
    expect(await db.read('MATCH (r:SyncRecord {source: $ns}) RETURN r', { ns: `ldap@${s}` })).toEqual([]);
    expect(await db.read('MATCH (p:Person) WHERE p.name STARTS WITH $n RETURN p', { n: `Dry 0 ${s}` })).toEqual([]);
    expect(await changesOf(dry.id)).toEqual([]);
    expect(await listRuns(db, 'ldap', 5, s)).toEqual([dry]);
  });

  it('when a unit has KLE then its lists and text are stored, a missing title is taken from a loaded KLE file', async () => {
    const s = uid('s');
    const number = `9${Math.floor(Math.random() * 9)}.${Math.floor(10 + Math.random() * 89)}.${Math.floor(10 + Math.random() * 89)}`;
    await db.write('CREATE (:KleSubject {number: $number, title: $title})', { number, title: `Emne ${s}` });
    await run(
      source(
        complete(
          [
            unit('u', `KLE ${s}`, null, [
              { number, aspect: 'indsigt' },
              { number: '27.24', title: 'Børn og unge med handicap', aspect: 'ansvarlig' },
              { number, aspect: 'ansvarlig' },
            ]),
          ],
          [],
        ),
      ),
      s,
      D1,
    );
    expect(
      await db.read(
        'MATCH (u:Unit {id: $id}) RETURN u.kleNumbers AS numbers, u.kleAspects AS aspects, u.kleTitles AS titles, u.kleText AS text',
        { id: `kle-${s}` },
      ),
    ).toEqual([
      {
        numbers: ['27.24', number, number],
        aspects: ['ansvarlig', 'ansvarlig', 'indsigt'],
        titles: ['Børn og unge med handicap', `Emne ${s}`, `Emne ${s}`],
        text: `27.24 Børn og unge med handicap\n${number} Emne ${s}`,
      },
    ]);
  });
});
