import { z } from 'zod';
import { int, kind, maybeString, read } from '../server/common/declare.js';

/** The ids of one kind of synthetic node, in id order: the benchmark draws its inputs from them. */
export const benchIds = read(z.object({ kind }), z.object({ id: z.string() }));

/** Words people would search for: the first $limit synthetic people's names, and every synthetic network's name and theme. */
export const benchWords = read(z.object({ limit: int }), z.object({ name: maybeString, theme: maybeString }));

/** The synthetic survey rounds that have answers, in id order: the benchmark asks for their results. */
export const benchRounds = read(z.object({}), z.object({ id: z.string() }));
