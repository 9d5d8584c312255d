import { z } from 'zod';
import { none, read } from '../server/common/declare.js';

/** Whether the schema has been applied: the search index exists and is online. */
export const readyCheck = read(none, z.object({ schemaReady: z.boolean() }));
