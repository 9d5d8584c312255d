import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import type { TrendsResponse } from '../api/leadership.js';
import { trendsFrom } from '../server/trends/service.js';
import { getJson, startApp, uid, type RunningApp } from './helpers.js';

describe('trends from counted rows (pure)', () => {
  it('when relations and networks are dated then quarters and years run without gaps up to today, zeros filled', () => {
    // Months: 2015-02 (K1: 3, 1 crossing, 2 from a survey), 2015-08 (K3: 1), no month (2), 2027-01 (after today: in no quarter).
    // Networks: one started 2014 and ended 2016, one started 2015, two undated.
    const answer = trendsFrom(
      [
        { month: '2015-02', relations: 3, crossDepartment: 1, survey: 2 },
        { month: '2015-08', relations: 1, crossDepartment: 0, survey: 0 },
        { month: null, relations: 2, crossDepartment: 0, survey: 1 },
        { month: '2027-01', relations: 5, crossDepartment: 5, survey: 5 },
      ],
      [
        { started: '2014', ended: '2016', networks: 1 },
        { started: null, ended: null, networks: 2 },
        { started: '2015', ended: null, networks: 1 },
      ],
      '2014-05',
      '2016-02-10',
    );
    expect(answer).toEqual({
      quarters: [
        { quarter: '2015-K1', relations: 3, crossDepartment: 1, survey: 2 },
        { quarter: '2015-K2', relations: 0, crossDepartment: 0, survey: 0 },
        { quarter: '2015-K3', relations: 1, crossDepartment: 0, survey: 0 },
        { quarter: '2015-K4', relations: 0, crossDepartment: 0, survey: 0 },
        { quarter: '2016-K1', relations: 0, crossDepartment: 0, survey: 0 },
      ],
      years: [
        { year: 2014, started: 1, finished: 0 },
        { year: 2015, started: 1, finished: 0 },
        { year: 2016, started: 0, finished: 1 },
      ],
      undated: { relations: 2, networks: 2 },
      // A partial date starts the range at its first day.
      range: { from: '2014-05-01', to: '2016-02-10' },
    });
  });

  it('when nothing is dated then the lists are empty and the range starts nowhere', () => {
    expect(
      trendsFrom(
        [{ month: null, relations: 4, crossDepartment: 0, survey: 0 }],
        [{ started: null, ended: null, networks: 3 }],
        null,
        '2026-11-27',
      ),
    ).toEqual({
      quarters: [],
      years: [],
      undated: { relations: 4, networks: 3 },
      range: { from: null, to: '2026-11-27' },
    });
  });

  it('when a network only has an end year then it still starts the years, and counts as undated', () => {
    expect(trendsFrom([], [{ started: null, ended: '2024', networks: 1 }], '2024', '2025-01-01')).toEqual({
      quarters: [],
      years: [
        { year: 2024, started: 0, finished: 1 },
        { year: 2025, started: 0, finished: 0 },
      ],
      undated: { relations: 0, networks: 1 },
      range: { from: '2024-01-01', to: '2025-01-01' },
    });
  });
});

/** Quarter label of a day ("2026-11-27" is "2026-K4"). */
const quarterOf = (day: string) => `${day.slice(0, 4)}-K${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/**
 * Dated data of its own in the early 1990s, where no other test writes:
 *
 *   departments D1, D2; people l1, l2, a, c (D1) and b (D2)
 *   network N1 started 1991-02-01, ended 1993-06; N2 started 1991; N3 started 1992-11-15, ended 1993; N4 undated
 *   l1 LEADS N1 {1991-02-01}, l2 LEADS N1 {1991-01-15}, a PARTICIPATES_IN N1 {1991-03}, b PARTICIPATES_IN N1 {1991-04-10}
 *   a KNOWS b {1991-05-01}, b KNOWS a {1991-06-30}, c KNOWS a {1992-12-31}, b KNOWS c {1992}
 */
async function dated(app: RunningApp) {
  const p = uid('trends');
  await app.db.write(
    `CREATE (d1:Entity:Department {id: $p + '-d1', name: $p + ' D1'}),
            (d2:Entity:Department {id: $p + '-d2', name: $p + ' D2'}),
            (l1:Entity:Person {id: $p + '-l1', name: $p + ' L1'})-[:WORKS_IN]->(d1),
            (l2:Entity:Person {id: $p + '-l2', name: $p + ' L2'})-[:WORKS_IN]->(d1),
            (a:Entity:Person {id: $p + '-a', name: $p + ' A'})-[:WORKS_IN]->(d1),
            (c:Entity:Person {id: $p + '-c', name: $p + ' C'})-[:WORKS_IN]->(d1),
            (b:Entity:Person {id: $p + '-b', name: $p + ' B'})-[:WORKS_IN]->(d2),
            (n1:Entity:Network {id: $p + '-n1', name: $p + ' N1', kind: 'laering', status: 'afsluttet', startedAt: '1991-02-01', endedAt: '1993-06'}),
            (:Entity:Network {id: $p + '-n2', name: $p + ' N2', kind: 'laering', status: 'i gang', startedAt: '1991'}),
            (:Entity:Network {id: $p + '-n3', name: $p + ' N3', kind: 'innovation', status: 'afsluttet', startedAt: '1992-11-15', endedAt: '1993'}),
            (:Entity:Network {id: $p + '-n4', name: $p + ' N4', kind: 'velfaerd', status: 'afventer'}),
            (l1)-[:LEADS {since: '1991-02-01'}]->(n1),
            (l2)-[:LEADS {since: '1991-01-15'}]->(n1),
            (a)-[:PARTICIPATES_IN {since: '1991-03'}]->(n1),
            (b)-[:PARTICIPATES_IN {since: '1991-04-10'}]->(n1),
            (a)-[:KNOWS {since: '1991-05-01'}]->(b),
            (b)-[:KNOWS {since: '1991-06-30'}]->(a),
            (c)-[:KNOWS {since: '1992-12-31'}]->(a),
            (b)-[:KNOWS {since: '1992'}]->(c)`,
    { p },
  );
}

describe('GET /api/insights/trends', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  const trends = async () => {
    const { status, body } = await getJson<TrendsResponse>(app, '/api/insights/trends', endpoints.trends);
    expect(status).toBe(200);
    return body;
  };

  it('when dated relations and networks are added then their quarters and years count them, crossings included', async () => {
    const before = await trends();
    await dated(app);
    const after = await trends();

    // Trends cover the whole database, so compare with the answer before this test's data.
    const quarterDelta = (q: string) => {
      const was = before.quarters.find((x) => x.quarter === q) ?? { relations: 0, crossDepartment: 0 };
      const is = after.quarters.find((x) => x.quarter === q)!;
      return [q, is.relations - was.relations, is.crossDepartment - was.crossDepartment];
    };
    // 1991-K1: l2 and l1 lead N1, a (D1, the leaders' department) joins it: 3, none crossing.
    // 1991-K2: b (D2) joins N1 and a KNOWS b both ways: 3, all crossing (each KNOWS counted once).
    // 1992-K4: c KNOWS a, both D1: 1, not crossing. b KNOWS c has only a year: undated.
    const mineQuarters = [
      '1991-K1',
      '1991-K2',
      '1991-K3',
      '1991-K4',
      '1992-K1',
      '1992-K2',
      '1992-K3',
      '1992-K4',
      '1993-K1',
    ];
    expect(mineQuarters.map(quarterDelta)).toEqual([
      ['1991-K1', 3, 0],
      ['1991-K2', 3, 3],
      ['1991-K3', 0, 0],
      ['1991-K4', 0, 0],
      ['1992-K1', 0, 0],
      ['1992-K2', 0, 0],
      ['1992-K3', 0, 0],
      ['1992-K4', 1, 0],
      ['1993-K1', 0, 0],
    ]);

    // Years: N1 and N2 started 1991, N3 in 1992; N1 and N3 finished in 1993.
    const yearDelta = (y: number) => {
      const was = before.years.find((x) => x.year === y) ?? { started: 0, finished: 0 };
      const is = after.years.find((x) => x.year === y)!;
      return [y, is.started - was.started, is.finished - was.finished];
    };
    expect([1991, 1992, 1993, 1994].map(yearDelta)).toEqual([
      [1991, 2, 0],
      [1992, 1, 0],
      [1993, 0, 2],
      [1994, 0, 0],
    ]);

    // Contiguous from the first quarter and year to today's, oldest first.
    const day = today();
    const labels = after.quarters.map((q) => q.quarter);
    expect(labels[0]! <= '1991-K1').toBe(true);
    expect(labels.at(-1)).toBe(quarterOf(day));
    for (let i = 1; i < labels.length; i++) {
      const [py, pk] = labels[i - 1]!.split('-K').map(Number) as [number, number];
      expect(labels[i]).toBe(pk === 4 ? `${py + 1}-K1` : `${py}-K${pk + 1}`);
    }
    const years = after.years.map((y) => y.year);
    expect(years[0]! <= 1991).toBe(true);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => years[0]! + i));
    expect(years.at(-1)).toBe(Number(day.slice(0, 4)));

    // b KNOWS c (1992) and N4 are undated; other tests may add undated data meanwhile.
    expect(after.undated.relations - before.undated.relations).toBeGreaterThanOrEqual(1);
    expect(after.undated.networks - before.undated.networks).toBeGreaterThanOrEqual(1);
    // N2's "1991" is the earliest date here, read as its first day.
    expect(after.range.from! <= '1991-01-01').toBe(true);
    expect(after.range.to).toBe(day);
  });

  it('when given a parameter it does not take then 400 naming it', async () => {
    const res = await getJson(app, '/api/insights/trends?at=2020-01-01');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual({ field: 'at' });
  });
});
