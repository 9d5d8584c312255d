import { today } from '../../api/common.js';
import type { TrendsResponse } from '../../api/leadership.js';
import type { Db, Row } from '../db/index.js';
import type { Queries } from '../queries.js';

/** Relations per month of their since ('YYYY-MM', or null when the since has no month). */
export interface MonthRow {
  month: string | null;
  relations: number;
  crossDepartment: number;
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
export function trendsFrom(months: MonthRow[], networks: NetworkYearRow[], firstDate: string | null, day: string): TrendsResponse {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const currentQuarter = quarterOfMonth(year, month);

  const perQuarter = new Map<number, { relations: number; crossDepartment: number }>();
  let undatedRelations = 0;
  for (const row of months) {
    const m = row.month === null ? null : MONTH.exec(row.month);
    if (!m) {
      undatedRelations += row.relations;
      continue;
    }
    const q = quarterOfMonth(Number(m[1]), Number(m[2]));
    const sum = perQuarter.get(q) ?? { relations: 0, crossDepartment: 0 };
    sum.relations += row.relations;
    sum.crossDepartment += row.crossDepartment;
    perQuarter.set(q, sum);
  }
  const quarters: TrendsResponse['quarters'] = [];
  if (perQuarter.size) {
    for (let q = Math.min(...perQuarter.keys()); q <= currentQuarter; q++) {
      const sum = perQuarter.get(q);
      quarters.push({ quarter: quarterLabel(q), relations: sum?.relations ?? 0, crossDepartment: sum?.crossDepartment ?? 0 });
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
    for (let y = Math.min(...dated); y <= year; y++) years.push({ year: y, started: started.get(y) ?? 0, finished: finished.get(y) ?? 0 });
  }

  const first = firstDate === null ? null : DATE.exec(firstDate);
  return {
    quarters,
    years,
    undated: { relations: undatedRelations, networks: undatedNetworks },
    range: { from: first ? `${first[1]}-${first[2] ?? '01'}-${first[3] ?? '01'}` : null, to: day },
  };
}

export function trendsService(db: Db, queries: Queries) {
  const relationsQuery = queries.get('trendsRelations');
  const networksQuery = queries.get('trendsNetworks');
  const firstDateQuery = queries.get('trendsFirstDate');

  return {
    async trends(): Promise<TrendsResponse> {
      const { months, networks, first } = await db.readTx(async (tx) => ({
        months: await tx.run(relationsQuery),
        networks: await tx.run(networksQuery),
        first: await tx.run(firstDateQuery),
      }));
      const text = (v: unknown) => (typeof v === 'string' ? v : null);
      return trendsFrom(
        months.map((r: Row) => ({ month: text(r.month), relations: Number(r.relations), crossDepartment: Number(r.crossDepartment) })),
        networks.map((r: Row) => ({ started: text(r.started), ended: text(r.ended), networks: Number(r.networks) })),
        text(first[0]?.first),
        today(),
      );
    },
  };
}

export type TrendsService = ReturnType<typeof trendsService>;
