import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import { TIMELINE_MAX_STEPS, type TimelineResponse } from '../api/leadership.js';
import { dayAfter, firstDayOf } from '../server/common/days.js';
import { timelineFrom, type TimelineDates } from '../server/trends/service.js';
import { getJson, startApp, uid, type RunningApp } from './helpers.js';

// The time slider's stops: the days something changes, so play and the arrow keys never stand
// still, and how much of the data has dates at all.

const none: TimelineDates = {
  relations: 0,
  datedRelations: 0,
  sinces: [],
  untils: [],
  networks: 0,
  datedNetworks: 0,
  starts: [],
};

describe('timeline: the slider stops (pure)', () => {
  it('when dates are partial then a since or start counts from its first day and an until stops the day after its last', () => {
    expect(['2014', '2014-05', '2014-05-07', 'maj 2014'].map((s) => firstDayOf(s)?.toString() ?? null)).toEqual([
      '2014-01-01',
      '2014-05-01',
      '2014-05-07',
      null,
    ]);
    expect(['2014', '2014-02', '2016-02', '2014-12-31', '2014-05-07', 'x'].map(dayAfter)).toEqual([
      '2015-01-01',
      '2014-03-01',
      '2016-03-01',
      '2015-01-01',
      '2014-05-08',
      null,
    ]);
  });

  it('when relations and networks carry dates then the stops are the distinct days they change, up to today, and today last', () => {
    const dates: TimelineDates = {
      relations: 40,
      datedRelations: 5,
      sinces: ['2015-03', '2016-01-01', 'nonsense'],
      // 2015-12-31 ends on the day before 2016-01-01 begins: one stop; one ending after today is not yet a change
      untils: ['2015-12-31', '2030'],
      networks: 12,
      datedNetworks: 2,
      starts: ['2015', '2026-11-27'],
    };
    expect(timelineFrom(dates, '2026-11-27')).toEqual({
      relations: { dated: 5, total: 40 },
      networks: { dated: 2, total: 12 },
      // the day before the first change, then each change
      steps: ['2014-12-31', '2015-01-01', '2015-03-01', '2016-01-01', '2026-11-27'],
      by: 'change',
    });
  });

  it('when nothing is dated then today is the only stop', () => {
    expect(timelineFrom({ ...none, relations: 120, networks: 12 }, '2026-11-27')).toEqual({
      relations: { dated: 0, total: 120 },
      networks: { dated: 0, total: 12 },
      steps: ['2026-11-27'],
      by: 'change',
    });
  });

  it('when there are more changes than the slider can hold then it stops at the end of each month with one, and today', () => {
    // Every day of 2015 and 2016, and a day of this month.
    const days: string[] = [];
    for (let d = Date.UTC(2015, 0, 1); d < Date.UTC(2017, 0, 1); d += 86_400_000)
      days.push(new Date(d).toISOString().slice(0, 10));
    const answer = timelineFrom(
      { ...none, relations: days.length, datedRelations: days.length, sinces: [...days, '2026-11-02'] },
      '2026-11-27',
    );
    expect(days.length).toBeGreaterThan(TIMELINE_MAX_STEPS);
    expect(answer.by).toBe('month');
    expect(answer.steps).toHaveLength(26);
    expect(answer.steps.slice(0, 3)).toEqual(['2014-12-31', '2015-01-31', '2015-02-28']);
    expect(answer.steps.slice(-3)).toEqual(['2016-11-30', '2016-12-31', '2026-11-27']);
  });
});

describe('GET /api/insights/timeline', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  const timeline = async () => {
    const { status, body } = await getJson<TimelineResponse>(app, '/api/insights/timeline', endpoints.timeline);
    expect(status).toBe(200);
    return body;
  };

  it('when dated relations and a network are added then their days become stops, and the counts say how much is dated', async () => {
    // Dates in the 1970s, where no other test writes.
    const p = uid('timeline');
    await app.db.write(
      `CREATE (d:Entity:Department {id: $p + '-d', name: $p + ' D'}),
              (a:Entity:Person {id: $p + '-a', name: $p + ' A'}), (b:Entity:Person {id: $p + '-b', name: $p + ' B'}),
              (n:Entity:Network {id: $p + '-n', name: $p + ' N', kind: 'laering', status: 'i gang', startedAt: '1977-07-04'}),
              (a)-[:WORKS_IN]->(d), (b)-[:WORKS_IN]->(d),
              (a)-[:KNOWS {since: '1975-03', until: '1976'}]->(b), (b)-[:PARTICIPATES_IN]->(n)`,
      { p },
    );
    const body = await timeline();
    // From March 1975 (the day before it may be the stop before the first change of all).
    const seventies = body.steps.filter((s) => s >= '1975-03' && s < '1980');
    expect(seventies).toEqual(
      body.by === 'change' ? ['1975-03-01', '1977-01-01', '1977-07-04'] : ['1975-03-31', '1977-01-31', '1977-07-31'],
    );
    expect(body.steps.at(-1)).toBe(today());
    expect(body.steps).toEqual([...new Set(body.steps)].sort());
    // The booklet's relations carry no dates; these three relations and the network are among the counted.
    expect(body.relations.dated).toBeGreaterThanOrEqual(1);
    expect(body.relations.total).toBeGreaterThanOrEqual(body.relations.dated + 3);
    expect(body.networks.dated).toBeGreaterThanOrEqual(1);
    expect(body.networks.total).toBeGreaterThan(body.networks.dated);
  });
});
