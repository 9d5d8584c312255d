import { z } from 'zod';
import { changeSchema } from '../api/edit.js';
import { int, maybeString, noRows, read, write } from '../server/common/declare.js';
import { change } from './shapes.js';

/** Records one change: who, when (the real-time clock), what, and the values before and after (as JSON text). */
export const changeRecord = write(
  z.object({
    id: z.string(),
    actorSub: z.string(),
    actorName: z.string(),
    action: changeSchema.shape.action,
    targetKind: z.string(),
    targetId: z.string(),
    before: maybeString,
    after: maybeString,
    undoOf: maybeString,
  }),
  noRows,
);

/** All recorded changes, newest first, optionally only those before $before (an ISO time, for paging back). */
export const historyAll = read(z.object({ before: maybeString, limit: int }), change);

/** A node's changes and those of relations touching it, newest first. */
export const historyOfNode = read(z.object({ id: z.string(), before: maybeString, limit: int }), change);

/** Whether an id is a node now or ever had a recorded change of its own. */
export const historyNodeKnown = read(z.object({ id: z.string() }), z.object({ known: z.boolean() }));

/** One recorded change by its id. */
export const historyChange = read(z.object({ id: z.string() }), change);

/** The node's most recent own change that is neither an undo nor already undone. */
export const historyUndoCandidate = read(z.object({ id: z.string() }), change);

/** The names of these nodes: the current name, or for a node that is gone the after/before of its latest own changes (newest first). */
export const historyNames = read(
  z.object({ ids: z.array(z.string()).readonly() }),
  z.object({ id: z.string(), name: maybeString, recorded: z.array(z.array(maybeString)) }),
);
