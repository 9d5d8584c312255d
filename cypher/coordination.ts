import { z } from 'zod';
import { day, ids, int, maybeString, read } from '../server/common/declare.js';
import { ref } from './shapes.js';

/** Which of the given ids belong to departments (a filter naming anything else answers 404). */
export const departmentsKnown = read(z.object({ ids }), z.object({ known: z.array(z.string()) }));

/** Departments by name with their people and the networks those people lead or take part in on day $at, each list capped. */
export const departmentsList = read(
  z.object({ at: day, limit: int, maxPeople: int, maxNetworks: int }),
  z.object({
    id: z.string(),
    name: maybeString,
    people: z.array(z.object({ id: z.string(), name: maybeString, title: maybeString })),
    networks: z.array(ref),
  }),
);
