import { afterAll, describe, expect, it } from 'vitest';
import { testDb, uid } from './helpers.js';

const db = testDb();
afterAll(() => db.close());

describe('what leaves the database as JSON (server/common/db/convert.ts)', () => {
  // No relationship is made: other tests read the count of relationships as part of the graph's fingerprint.
  it('when a row holds integers, temporal values, a node and nested maps then each becomes plain JSON', async () => {
    const id = uid('convert');
    const rows = await db.write(
      `CREATE (a:Scratch {id: $id, n: 7, on: date('2014-05-01')}), (b:Scratch {id: $id + '-b'})
       WITH a, b
       RETURN 9007199254740993 AS big, 42 AS small, 1.5 AS real, 'tekst' AS text, null AS nothing,
              datetime('2014-05-01T10:00:00Z') AS at, localtime('10:30') AS clock,
              a,
              {count: 3, when: date('2014-06-01'), list: [1, date('2014-07-01'), {deep: 2}], node: b} AS map,
              [] AS empty`,
      { id },
    );
    await db.write(`MATCH (s:Scratch) WHERE s.id IN [$id, $id + '-b'] DETACH DELETE s`, { id });
    expect(rows).toEqual([
      {
        big: '9007199254740993',
        small: 42,
        real: 1.5,
        text: 'tekst',
        nothing: null,
        at: '2014-05-01T10:00:00Z',
        clock: '10:30:00',
        a: { id, n: 7, on: '2014-05-01', labels: ['Scratch'] },
        map: {
          count: 3,
          when: '2014-06-01',
          list: [1, '2014-07-01', { deep: 2 }],
          node: { id: `${id}-b`, labels: ['Scratch'] },
        },
        empty: [],
      },
    ]);
  });
});

describe('a failed query (server/common/db/index.ts)', () => {
  it("when a query fails then its error has Neo4j's code and message, a stack naming where it was run, and other errors keep whole stacks", async () => {
    const limit = Error.stackTraceLimit;
    const id = uid('failed');
    async function readsAnUnknownFunction() {
      return db.readTx((tx) => tx.run('RETURN ringeNoSuchFunction($id) AS x', { id }));
    }
    const err = (await readsAnUnknownFunction().catch((e: unknown) => e)) as Error & { code?: string };
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('Neo.ClientError.Statement.SyntaxError');
    expect(err.message).toContain('ringeNoSuchFunction');
    expect(err.stack).toMatch(/^Neo4jError: [^\n]*ringeNoSuchFunction/);
    // The frame that ran the query (the caller of Tx.run), as the driver's own stack would name it.
    expect(err.stack).toMatch(/\n\s+at .*convert\.test\.ts:\d+/);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('after').stack!.split('\n').length).toBeGreaterThan(2);
  });
});
