import { randomInt } from 'node:crypto';
import { today } from '../../api/common.js';
import type { Round, RoundStatus } from '../../api/surveys.js';
import type { RoundRow } from '../../cypher/surveys.js';

// A survey round's status and its answer as anyone may see it. Status is derived from the days, never
// stored: a round needs no job to open or close it, and every server process agrees on it.

/** The days that decide a round's status ('YYYY-MM-DD'; closedOn set when a manager closed it). */
export interface RoundDays {
  opensOn: string;
  closesOn: string;
  closedOn?: string | null | undefined;
}

/** planned before opensOn; closed once closed by hand or after closesOn; else open. `day` is Albertslund's today unless given. */
export function roundStatus(round: RoundDays, day: string = today()): RoundStatus {
  if (round.closedOn || day > round.closesOn) return 'closed';
  if (day < round.opensOn) return 'planned';
  return 'open';
}

/** A stored round as the API shows it to anyone (not who is asked). */
export function toRound(row: RoundRow, day: string = today()): Round {
  return {
    id: row.id,
    network: { id: row.networkId, kind: 'Network', name: row.networkName },
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    status: roundStatus(row, day),
    askNamed: row.askNamed,
    answersDeletedOn: row.answersDeletedOn,
  };
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new round's id: `survey-` and 10 random characters [a-z0-9] (not guessable, so not a way to find rounds). */
export function newRoundId(): string {
  let id = 'survey-';
  for (let i = 0; i < 10; i++) id += ID_CHARS[randomInt(ID_CHARS.length)];
  return id;
}

/** A new petal's id, in the same way: `petal-` and 10 random characters. */
export function newPetalId(): string {
  return `petal-${newRoundId().slice('survey-'.length)}`;
}
