import { z } from 'zod';
import { day, maybeString, read } from '../server/common/declare.js';

// Survey invitations and reminders (issue 20): server/surveys/mail.ts.

/** A round with its network's name and days, and those it asks with their work e-mail and whether they have answered; no row when there is none. */
export const surveyMailRound = read(
  z.object({ id: z.string() }),
  z.object({
    id: z.string(),
    networkId: z.string(),
    networkName: z.string(),
    opensOn: day,
    closesOn: day,
    closedOn: day.nullable(),
    asked: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        email: maybeString,
        leftOn: maybeString,
        answered: z.boolean(),
      }),
    ),
  }),
);
