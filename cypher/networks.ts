import { z } from 'zod';
import { NETWORK_KINDS } from '../api/common.js';
import { day, int, maybeString, read, write } from '../server/common/declare.js';
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

/** A network with the roles in it still held by people who have left by day $today, not handed to anyone. */
export const networkLeavers = read(
  z.object({ id: z.string(), networkKinds: z.array(networkKind).readonly(), today: day, limit: int }),
  z.object({
    id: z.string(),
    name: maybeString,
    roles: z.array(
      z.object({
        id: z.string(),
        name: maybeString,
        role: z.enum(['LEADS', 'PARTICIPATES_IN']),
        since: maybeString,
        until: maybeString,
        leftOn: z.string(),
        version: int,
      }),
    ),
  }),
);

/** Networks where someone who has left by day $today still holds a role no one has taken over, with how many. */
export const networksWithLeavers = read(
  z.object({ networkKinds: z.array(networkKind).readonly(), today: day, limit: int }),
  z.object({ id: z.string(), name: maybeString, roles: int }),
);

/** The network, the leaver and the successor of a handover, as far as they exist. */
export const networkHandoverParties = read(
  z.object({
    id: z.string(),
    networkKinds: z.array(networkKind).readonly(),
    leaver: z.string(),
    successor: z.string(),
  }),
  z.object({
    networkExists: z.boolean(),
    networkName: maybeString,
    leaverExists: z.boolean(),
    leaverName: maybeString,
    leaverLeftOn: maybeString,
    successorKind: z.enum(['Person', 'other']).nullable(),
    successorName: maybeString,
    successorLeftOn: maybeString,
  }),
);

/** Erasure: the roles handed to the erased person name the pseudonym instead, as the history does. */
export const networkHandoversPseudonymise = write(
  z.object({ id: z.string(), pseudonym: z.string() }),
  z.object({ roles: int }),
);
