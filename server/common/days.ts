import neo4j, { type Date as Neo4jDate } from 'neo4j-driver';
import type { Kind } from '../../api/common.js';

// When something holds (docs/model.md): a relation from its `since` to its `until`, a network from its
// `startedAt` (its `endedAt` does not end it), both days included. What was written is kept as it was
// written, for display: a year ('2014'), a month ('2014-05') or a day ('2014-05-03'); older data may hold a
// Neo4j date. Beside it every writer (editing, undo, the CSV and JSON import and so the restore, the
// booklet, the synthetic loader, the migration at start) stores the days it means as Neo4j dates, made
// here and nowhere else: `firstDay`, the first day of what `since` (or `startedAt`) says, and `lastDay`, the
// last day of what `until` says ('2014' is 2014-01-01 to 2014-12-31, '2024-02' ends on 2024-02-29). An open
// end has none. Queries test a day against them with the fragment @holds(x, $at) (server/common/queries.ts).

/** The system properties that hold the days (hidden like the other system properties: SYSTEM_PROPERTIES in api/common.ts). */
export const DAY_PROPERTIES = ['firstDay', 'lastDay'] as const;

/** The days an element holds, as stored; null is an open end (and, in a SET +=, removes a stale one). */
export interface Days {
  firstDay: Neo4jDate<number> | null;
  lastDay: Neo4jDate<number> | null;
}

const WRITTEN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => (m === 2 ? (leap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/**
 * The first and last day of a written date (a string, or a Neo4j date as older data holds), or null
 * when there is none or it names no real period ('2014-13', '2014-02-30', free text): such a bound
 * is left open, as every writer has refused it since partial dates were checked (api/edit.ts, api/transfer.ts).
 */
function period(written: unknown): [Neo4jDate<number>, Neo4jDate<number>] | null {
  if (written === null || written === undefined) return null;
  const m = WRITTEN.exec(String(written));
  if (!m) return null;
  const y = Number(m[1]);
  const month = m[2] === undefined ? null : Number(m[2]);
  const day = m[3] === undefined ? null : Number(m[3]);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (month !== null && day !== null && (day < 1 || day > daysIn(y, month))) return null;
  const first = new neo4j.types.Date(y, month ?? 1, day ?? 1);
  const lastMonth = month ?? 12;
  const last = new neo4j.types.Date(y, lastMonth, day ?? daysIn(y, lastMonth));
  return [first, last];
}

/** The first day of a written date: '2014' → 2014-01-01, '2014-05' → 2014-05-01, '2014-05-03' itself. */
export const firstDayOf = (written: unknown): Neo4jDate<number> | null => period(written)?.[0] ?? null;
/** The last day of a written date: '2014' → 2014-12-31, '2024-02' → 2024-02-29, '2014-05-03' itself. */
export const lastDayOf = (written: unknown): Neo4jDate<number> | null => period(written)?.[1] ?? null;

/** The day after a written date's last day, YYYY-MM-DD ('2014' → 2015-01-01, '2024-02' → 2024-03-01): when an until stops holding. */
export function dayAfter(written: unknown): string | null {
  const last = lastDayOf(written);
  if (!last) return null;
  const { year, month, day } = last;
  const next =
    day < daysIn(year, month)
      ? new neo4j.types.Date(year, month, day + 1)
      : month < 12
        ? new neo4j.types.Date(year, month + 1, 1)
        : new neo4j.types.Date(year + 1, 1, 1);
  return next.toString();
}

/** A relation's days, from its since and until. */
export function relationDays(properties: { readonly since?: unknown; readonly until?: unknown }): Days {
  return { firstDay: firstDayOf(properties.since), lastDay: lastDayOf(properties.until) };
}

/** A node's days: a network's from its startedAt; every other kind holds always and stores none. */
export function nodeDays(kind: Kind | string, properties: { readonly [key: string]: unknown }): Partial<Days> {
  return kind === 'Network' ? { firstDay: firstDayOf(properties.startedAt), lastDay: null } : {};
}
