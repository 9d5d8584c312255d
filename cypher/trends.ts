import { z } from 'zod';
import { int, maybeString, none, read, relTypes } from '../server/common/declare.js';

/** People's LEADS, PARTICIPATES_IN and KNOWS relations per month of their since (null without a month), with how many cross departments and how many came from a survey answer. */
export const trendsRelations = read(
  none,
  z.object({ month: maybeString, relations: int, crossDepartment: int, survey: int }),
);

/** Networks counted by the year they started and the year they ended (null when not dated). */
export const trendsNetworks = read(none, z.object({ started: maybeString, ended: maybeString, networks: int }));

/** The earliest date on people's LEADS, PARTICIPATES_IN and KNOWS relations and on networks, as text (null when none). */
export const trendsFirstDate = read(none, z.object({ first: maybeString }));

/** How many relations (of $types) and networks there are, how many carry a date that moves the time slider, and those dates, distinct, as text. */
export const timelineDates = read(
  z.object({ types: relTypes }),
  z.object({
    relations: int,
    datedRelations: int,
    sinces: z.array(z.string()),
    untils: z.array(z.string()),
    networks: int,
    datedNetworks: int,
    starts: z.array(z.string()),
  }),
);
