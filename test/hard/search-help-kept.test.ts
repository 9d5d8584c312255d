import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../api/common.js';
import { bindQueries, type Queries, type ReadQueries } from '../../server/common/queries.js';
import { mulberry32 } from '../../server/common/random.js';
import {
  type Departments,
  DepartmentWords,
  followsDepartments,
  followsWords,
  KeptVocabulary,
  type Vocabulary,
  Words,
} from '../../server/search/vocabulary.js';
import { send, signIn, startApp, uid, type RunningApp } from '../helpers.js';
import { apiEdits } from './api-edits.js';

// "Mente du"'s two vocabularies (server/search/vocabulary.ts) follow the change log. After random sequences of real
// edits through the API (titles, names, people made and deleted, who works where and leads what, networks renamed,
// remarks, undos, a department renamed), what is kept must be exactly what a whole reading gives, and most steps
// must have got there by following the log. Here, in the suite that runs one file at a time: in the main suite other
// tests write the shared database without a change, which rightly sends the vocabularies back to whole readings.
// Both sides are compared only when they were made from the same graph (the same fingerprint).

const DAY = today();

/** Everything the words vocabulary answers with, in a fixed order. */
function wordsSeen(v: Vocabulary) {
  return {
    words: [...v.words].sort(([a], [b]) => (a < b ? -1 : 1)),
    sorted: [...v.sorted],
    byLength: [...v.byLength]
      .filter(([, keys]) => keys.size)
      .map(([length, keys]) => [length, [...keys].sort()] as const)
      .sort(([a], [b]) => a - b),
  };
}

/** Each word's departments (by id and name) with how many of their texts hold it, in a fixed order. */
function departmentsSeen(d: Departments) {
  return [...d.words]
    .map(([word, of]) => [
      word,
      [...of].map(([at, n]) => [d.refs[at]!.id, d.refs[at]!.name, n] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
    ])
    .sort(([a], [b]) => (a! < b! ? -1 : 1));
}

async function fresh(t: ReadQueries) {
  const [fp] = await t.searchHelpFingerprint();
  const words = Words.of(await t.searchHelpWords({ today: DAY }));
  const departments = DepartmentWords.of(await t.searchHelpDepartments({ today: DAY }))!;
  return { fp: JSON.stringify(fp), words: wordsSeen(words), departments: departmentsSeen(departments) };
}

describe("kept 'Mente du' vocabularies", () => {
  let app: RunningApp;
  let queries: Queries;
  beforeAll(async () => {
    app = await startApp();
    queries = bindQueries(app.db);
  });
  afterAll(() => app.close());

  for (const seed of [1, 2, 3]) {
    it(`when random edits (seed ${seed}) are made through the API then both kept vocabularies equal a whole reading after each`, async () => {
      const random = mulberry32(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      const prefix = uid(`voc${seed}`);
      // Made-up words (letters only) so each edit moves words no one else holds, with Danish ones among them.
      const pool = [...'abcdefgh'].map((c) => `${c}ordkvist${prefix.slice(-4).replace(/\d/g, 'x')}`);
      pool.push('sygeplejerske', 'koordinator', 'arbejdsmiljø', 'arbejdsmiljoe', 'rådgiver');
      const phrase = () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(pool)).join(' ');
      const departments = [1, 2, 3].map((i) => `${prefix}-d${i}`);
      const people = Array.from({ length: 10 }, (_, i) => `${prefix}-p${i}`);
      const networks = [1, 2, 3].map((i) => `${prefix}-n${i}`);
      await app.db.write(
        `UNWIND range(0, size($departments) - 1) AS i
         CREATE (d:Entity:Department {id: $departments[i], name: 'Afdeling ' + $words[i], version: 1})
         CREATE (:Entity:Unit {id: $departments[i] + '-u', name: 'Enhed ' + $words[i + 3], version: 1})
                  -[:ROLLS_UP_TO {version: 1}]->(d)
         WITH count(*) AS done
         UNWIND range(0, size($people) - 1) AS i
         MATCH (d:Department {id: $departments[i % size($departments)]})
         CREATE (:Entity:Person {id: $people[i], name: 'Person ' + $words[i % 8] + ' Ringe', title: $words[(i + 1) % 8],
                                 version: 1})-[:WORKS_IN {version: 1}]->(d)
         WITH count(*) AS done
         UNWIND range(0, size($networks) - 1) AS i
         CREATE (:Entity:Network {id: $networks[i], name: 'Netværk ' + $words[i], theme: $words[i + 4],
                                  kind: 'laering', status: 'i gang', version: 1})`,
        { departments, people, networks, words: pool },
      );
      const cookie = await signIn(app, 'admin');
      const { made, versions, relate, unrelate, patch, remove } = apiEdits(app, cookie, [
        ...people,
        ...networks,
        ...departments,
      ]);
      const works = new Map(people.map((p, i) => [p, `${p}|WORKS_IN|${departments[i % departments.length]}`]));
      for (const id of works.values()) made.set(id, 1);
      let added = 0;

      const edits: (() => Promise<void>)[] = [
        () => patch(pick(people), { title: phrase() }),
        () => patch(pick(people), { name: `${phrase()} Ringe` }),
        () => patch(pick(networks), { name: phrase(), theme: phrase() }),
        () => patch(pick(networks), { remarks: phrase() }),
        () => patch(pick(people), { leftOn: '2001-01-01' }),
        () => relate('LEADS', pick(people), pick(networks)),
        () => {
          const a = pick(people);
          return relate('KNOWS', a, pick(people.filter((p) => p !== a)));
        },
        async () => {
          const ours = [...made.keys()].filter((id) => !id.includes('|WORKS_IN|'));
          if (ours.length) await unrelate(pick(ours));
        },
        async () => {
          // Someone moves to another department.
          const person = pick(people);
          const old = works.get(person);
          if (old) await unrelate(old);
          const id = `${person}|WORKS_IN|${pick(departments)}`;
          await relate('WORKS_IN', person, id.split('|')[2]!);
          if (made.has(id)) works.set(person, id);
          else works.delete(person);
        },
        async () => {
          // A new person with a title, in a department.
          const id = `${prefix}-new${added++}`;
          const { status } = await send(app, 'POST', '/api/nodes', {
            cookie,
            body: { id, kind: 'Person', properties: { name: `Ny ${pick(pool)}`, title: phrase() } },
          });
          expect(status).toBe(201);
          people.push(id);
          versions.set(id, 1);
          const department = pick(departments);
          await relate('WORKS_IN', id, department);
          works.set(id, `${id}|WORKS_IN|${department}`);
        },
        async () => {
          // Someone deleted, with their relations.
          const id = people.splice(Math.floor(random() * people.length), 1)[0]!;
          await remove(id);
          works.delete(id);
        },
        async () => {
          // A network's or person's last change undone (a deleted one comes back with its relations).
          const id = random() < 0.5 ? pick(networks) : pick(people);
          const { status, body } = await send(app, 'POST', `/api/nodes/${encodeURIComponent(id)}/undo`, { cookie });
          expect([200, 409], JSON.stringify(body)).toContain(status);
          if (status !== 200) return;
          // An undone creation deletes the node: it is edited no more.
          const [row] = await app.db.read('OPTIONAL MATCH (n:Entity {id: $id}) RETURN n.version AS version', { id });
          if (typeof row?.version === 'number') {
            versions.set(id, row.version);
            return;
          }
          people.splice(people.indexOf(id), 1);
          for (const r of [...made.keys()]) if (r.split('|').includes(id)) made.delete(r);
          works.delete(id);
        },
        async () => {
          // Rarely: a department renamed (read whole: it orders its units' departments).
          if (random() < 0.3) await patch(pick(departments), { name: `Afdeling ${phrase()}` });
        },
      ];

      const words = new KeptVocabulary<Words>(followsWords);
      const deps = new KeptVocabulary<DepartmentWords>(followsDepartments);
      const follow = (t: ReadQueries) =>
        (async () => {
          const [fp] = await t.searchHelpFingerprint();
          const w = await words.current(t, DAY);
          const d = await deps.current(t, DAY);
          return {
            fp: JSON.stringify(fp),
            how: [words.lastUpdate, deps.lastUpdate],
            words: wordsSeen(w),
            departments: departmentsSeen(d),
          };
        })();
      await queries.readTx(follow); // the first reading is a whole one
      let compared = 0;
      const followed = [0, 0];
      for (let step = 0; step < 30; step++) {
        const count = 1 + Math.floor(random() * 3);
        for (let e = 0; e < count; e++) await pick(edits)();
        // Tried a few times: another write between the two readings moves the graph.
        for (let attempt = 0; attempt < 5; attempt++) {
          const ours = await queries.readTx(follow);
          const whole = await queries.readTx(fresh);
          if (ours.fp !== whole.fp) continue;
          expect(ours.words).toEqual(whole.words);
          expect(ours.departments).toEqual(whole.departments);
          compared++;
          ours.how.forEach((how, i) => {
            if (how === 'changes') followed[i]!++;
          });
          break;
        }
      }
      expect(compared).toBeGreaterThan(20);
      // Most steps were followed from the log, the departments' too (a department renamed is read whole).
      expect(followed[0]).toBeGreaterThanOrEqual(15);
      expect(followed[1]).toBeGreaterThanOrEqual(10);
    }, 240_000);
  }
});
