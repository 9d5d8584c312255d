import { z } from 'zod';
import { changeSchema } from '../api/edit.js';
import { kind, maybeString, temporal } from '../server/common/declare.js';

// Row shapes used by more than one feature's declarations (this file declares no query).

/** A node as a graph drawing needs it: element id (for rings), id, name, kind, network status and departments on the day (the first is drawn). */
export const elementNode = z.object({
  ref: z.string(),
  id: z.string(),
  name: z.string(),
  kind: kind.nullable(),
  status: maybeString,
  department: maybeString,
  departments: z.array(z.string()),
});

/** A node named in a list (`n {.id, .name}`). */
export const ref = z.object({ id: z.string(), name: maybeString });

/** A Change node as every history query returns it: before and after as the JSON text they were recorded as. */
export const change = z.object({
  id: z.string(),
  at: temporal,
  actorSub: z.string(),
  actorName: z.string(),
  action: changeSchema.shape.action,
  targetKind: z.string(),
  targetId: z.string(),
  before: maybeString,
  after: maybeString,
  undoOf: maybeString,
});
