import { REL_TYPES, today } from '../../api/common.js';
import { TIMELINE_MAX_STEPS, type TimelineResponse, type TrendsResponse } from '../../api/leadership.js';
import type { Queries } from '../common/queries.js';
import { GraphAnswers } from '../ties/cache.js';
import { fingerprintOf } from '../ties/load.js';
import { dayAfter, firstDayOf } from '../common/days.js';

/** Relations per month of their since ('YYYY-MM', or null when the since has no month). */
export interface MonthRow {
  month: string | null;
  relations: number;
  crossDepartment: number;
  /** Of them, KNOWS written by a survey answer. */
  survey: number;
}
/** Networks per start year and end year ('YYYY' or null). */
export interface NetworkYearRow {
  started: string | null;
  ended: string | null;
  networks: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A quarter as a number (year * 4 + 0..3) and back to its label, "2015-K1" (kvartal). */
const quarterLabel = (q: number) => `${Math.floor(q / 4)}-K${(q % 4) + 1}`;
const quarterOfMonth = (year: number, month: number) => year * 4 + Math.floor((month - 1) / 3);

/**
 * The answer from the counted rows and today, pure. Quarters run from the first quarter a
 * relation started in to today's, years from the first year a network started or finished in to
 * this year, every one listed (zeros filled); what lies after today is in neither list. A
 * partial date (2014, 2014-05) starts the range at its first day.
 */
export function trendsFrom(
  months: MonthRow[],
  networks: NetworkYearRow[],
  firstDate: string | null,
  day: string,
): TrendsResponse {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const currentQuarter = quarterOfMonth(year, month);

  const perQuarter = new Map<number, { relations: number; crossDepartment: number; survey: number }>();
  let undatedRelations = 0;
  for (const row of months) {
    const m = row.month === null ? null : MONTH.exec(row.month);
    if (!m) {
      undatedRelations += row.relations;
      continue;
    }
    const q = quarterOfMonth(Number(m[1]), Number(m[2]));
    const sum = perQuarter.get(q) ?? { relations: 0, crossDepartment: 0, survey: 0 };
    sum.relations += row.relations;
    sum.crossDepartment += row.crossDepartment;
    sum.survey += row.survey;
    perQuarter.set(q, sum);
  }
  const quarters: TrendsResponse['quarters'] = [];
  if (perQuarter.size) {
    for (let q = Math.min(...perQuarter.keys()); q <= currentQuarter; q++) {
      const sum = perQuarter.get(q);
      quarters.push({
        quarter: quarterLabel(q),
        relations: sum?.relations ?? 0,
        crossDepartment: sum?.crossDepartment ?? 0,
        survey: sum?.survey ?? 0,
      });
    }
  }

  const started = new Map<number, number>();
  const finished = new Map<number, number>();
  let undatedNetworks = 0;
  const add = (m: Map<number, number>, y: number, n: number) => m.set(y, (m.get(y) ?? 0) + n);
  for (const row of networks) {
    if (row.started !== null && YEAR.test(row.started)) add(started, Number(row.started), row.networks);
    else undatedNetworks += row.networks;
    if (row.ended !== null && YEAR.test(row.ended)) add(finished, Number(row.ended), row.networks);
  }
  const years: TrendsResponse['years'] = [];
  const dated = [...started.keys(), ...finished.keys()];
  if (dated.length) {
    for (let y = Math.min(...dated); y <= year; y++)
      years.push({ year: y, started: started.get(y) ?? 0, finished: finished.get(y) ?? 0 });
  }

  const first = firstDate === null ? null : DATE.exec(firstDate);
  return {
    quarters,
    years,
    undated: { relations: undatedRelations, networks: undatedNetworks },
    range: { from: first ? `${first[1]}-${first[2] ?? '01'}-${first[3] ?? '01'}` : null, to: day },
  };
}

/** The dates that move the time slider, as read (text, distinct), with the counts beside them. */
export interface TimelineDates {
  relations: number;
  datedRelations: number;
  sinces: string[];
  untils: string[];
  networks: number;
  datedNetworks: number;
  starts: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** The first day a written date covers ('2014' is 1 January 2014, '2014-05' 1 May), by server/common/days.ts; null when it is no date. */
const firstDayText = (date: string): string | null => firstDayOf(date)?.toString() ?? null;

/**
 * The time slider's stops, pure: the day before the first change (the graph before anything dated
 * began), every day before `day` on which something changes (a relation's since, the day after its
 * until, a network's startedAt), then `day` itself. Past TIMELINE_MAX_STEPS stops, the last day of
 * each month with a change instead (the month before the first, then those; the current month's is `day`).
 */
export function timelineFrom(dates: TimelineDates, day: string): TimelineResponse {
  const changes = new Set<string>();
  const add = (d: string | null) => {
    if (d !== null && d < day) changes.add(d);
  };
  for (const s of [...dates.sinces, ...dates.starts]) add(firstDayText(s));
  for (const u of dates.untils) add(dayAfter(u));
  let steps = [...changes].sort();
  let by: TimelineResponse['by'] = 'change';
  if (steps.length + 2 > TIMELINE_MAX_STEPS) {
    by = 'month';
    const months = [...new Set(steps.map((d) => d.slice(0, 7)))];
    // Day 0 of a month is the last day of the one before.
    const ends = months.map((m) => dayOf(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0))));
    const before = dayOf(new Date(Date.UTC(Number(months[0]!.slice(0, 4)), Number(months[0]!.slice(5, 7)) - 1, 0)));
    steps = [before, ...ends.filter((e) => e < day)];
  } else if (steps.length) {
    steps = [dayOf(new Date(Date.parse(`${steps[0]}T00:00:00Z`) - 86_400_000)), ...steps];
  }
  return {
    relations: { dated: dates.datedRelations, total: dates.relations },
    networks: { dated: dates.datedNetworks, total: dates.networks },
    steps: [...steps, day],
    by,
  };
}

export function trendsService(queries: Queries) {
  // Reading every relation's dates costs a scan of them all: kept while the graph stays the same.
  const timelines = new GraphAnswers<TimelineResponse>(queries);

  return {
    async trends(): Promise<TrendsResponse> {
      const { months, networks, first } = await queries.readTx(async (t) => ({
        months: await t.trendsRelations(),
        networks: await t.trendsNetworks(),
        first: await t.trendsFirstDate(),
      }));
      return trendsFrom(months, networks, first[0]?.first ?? null, today());
    },

    async timeline(): Promise<TimelineResponse> {
      const day = today();
      const { value } = await timelines.answer(JSON.stringify(['timeline', day]), () =>
        queries.readTx(async (t) => {
          const [fp] = await t.tiesFingerprint();
          const [row] = await t.timelineDates({ types: REL_TYPES });
          const dates: TimelineDates = row ?? {
            relations: 0,
            datedRelations: 0,
            sinces: [],
            untils: [],
            networks: 0,
            datedNetworks: 0,
            starts: [],
          };
          return { fingerprint: fingerprintOf(fp), value: timelineFrom(dates, day) };
        }),
      );
      return value;
    },
  };
}

export type TrendsService = ReturnType<typeof trendsService>;
