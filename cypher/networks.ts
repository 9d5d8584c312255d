import { z } from 'zod';
import { NETWORK_KINDS } from '../api/common.js';
import { day, int, maybeString, read } from '../server/common/declare.js';
import { ref } from './shapes.js';

const networkKind = z.enum(NETWORK_KINDS);
/** The fields a network's list entry and its flower share. */
const header = {
  id: z.string(),
  name: maybeString,
  kind: networkKind,
  theme: maybeString,
  status: maybeString,
  phase: maybeString,
  inferred: z.boolean().nullable(),
};

/** Networks of the asked kind, status, phase and department as they stood on day $at, each with leaders, departments and outcome count. */
export const networksList = read(
  z.object({
    networkKinds: z.array(networkKind).readonly(),
    kind: networkKind.nullable(),
    status: z.string().nullable(),
    phase: z.string().nullable(),
    department: z.string().nullable(),
    limit: int,
    maxRefs: int,
    at: day,
  }),
  z.object({ ...header, leaders: z.array(ref), departments: z.array(ref), outcomes: int }),
);

/** One network by id (of a known kind) with its leaders, partners and petals (outcomes) by the relations that held on day $at. */
export const networkFlower = read(
  z.object({ id: z.string(), networkKinds: z.array(networkKind).readonly(), maxRefs: int, at: day }),
  z.object({
    ...header,
    remarks: maybeString,
    leaders: z.array(ref),
    partners: z.array(ref),
    petals: z.array(
      z.object({ id: z.string(), name: maybeString, perspective: maybeString, inferred: z.boolean().nullable() }),
    ),
  }),
);
