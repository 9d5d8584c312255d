import { z } from 'zod';
import { changeSchema } from '../api/edit.js';
import { NETWORK_KINDS } from '../api/common.js';
import { day, int, kind, kinds, maybeString, read, relType, relTypes, temporal } from '../server/common/declare.js';
import { ref } from './shapes.js';

const networkKinds = z.array(z.enum(NETWORK_KINDS)).readonly();
const person = {
  id: z.string(),
  name: maybeString,
  title: maybeString,
  /** The first department by name. */
  department: ref.nullable(),
};

/** Every network of a known kind with its place in the booklet, its leaders today and its petals, booklet order first. */
export const reportNetworks = read(
  z.object({ networkKinds, limit: int, today: day, maxRefs: int }),
  z.object({
    id: z.string(),
    name: maybeString,
    kind: z.enum(NETWORK_KINDS),
    bookletOrder: int.nullable(),
    theme: maybeString,
    status: maybeString,
    phase: maybeString,
    remarks: maybeString,
    inferred: z.boolean().nullable(),
    leaders: z.array(z.object(person)),
    petals: z.array(
      z.object({ id: z.string(), name: maybeString, perspective: maybeString, inferred: z.boolean().nullable() }),
    ),
  }),
);

/** Everyone leading a network of a known kind today, with title, first department by name, email and phone. */
export const reportContacts = read(
  z.object({ networkKinds, today: day, limit: int }),
  z.object({ ...person, email: maybeString, phone: maybeString }),
);

/** Recorded changes from the start of day $since in Albertslund, newest first, with the names of what they changed. */
export const reportChangesSince = read(
  z.object({ since: day, limit: int }),
  z.object({
    id: z.string(),
    at: temporal,
    who: maybeString,
    action: changeSchema.shape.action,
    targetKind: z.string(),
    targetId: z.string(),
    before: maybeString,
    after: maybeString,
    /** The target id split at "|": a relation's source, type and target. */
    parts: z.array(z.string()),
    firstName: maybeString,
    secondName: maybeString,
  }),
);

/** Relations of the model whose since falls on or after day $since, newest first, at most $limit. */
export const reportRelationsSince = read(
  z.object({ since: day, types: relTypes, kinds, limit: int }),
  z.object({
    type: relType,
    sourceId: z.string(),
    sourceKind: kind,
    sourceName: z.string(),
    targetId: z.string(),
    targetKind: kind,
    targetName: z.string(),
    since: z.string(),
    until: maybeString,
  }),
);
