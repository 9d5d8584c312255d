import { z } from 'zod';
import { int, write } from '../server/common/declare.js';

/** Creates or updates KleSubject nodes (number, title) from KL's KLE catalogue: main groups, groups and subjects. */
export const kleSubjectsUpsert = write(
  z.object({ rows: z.array(z.object({ number: z.string(), title: z.string() })).readonly() }),
  z.object({ subjects: int }),
);
