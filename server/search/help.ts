import type { NodeRef } from '../../api/common.js';
import type { Queries, ReadQueries } from '../common/queries.js';

/**
 * What to offer when search or who-to-contact has no good answer (issue 21): words the user may have
 * meant, and the nearest department. STUB: the help helper fills this in.
 */
export interface SearchHelp {
  suggestions: string[];
  nearestDepartment: NodeRef | null;
}

/** No help: the answer was good. */
export const NO_HELP: SearchHelp = { suggestions: [], nearestDepartment: null };

/**
 * Help for `input` when the answer found `found` results: suggestions ("Mente du …?") and the nearest
 * department, only when the answer is poor; NO_HELP otherwise.
 */
export async function searchHelp(_t: ReadQueries, _input: string, _found: number): Promise<SearchHelp> {
  return NO_HELP;
}

/**
 * Counts a topic that found no one in this ISO week (its words only), in a write transaction of its own;
 * never stores a CPR-like value. Failing to count never fails the answer.
 */
export async function recordMiss(_queries: Queries, _input: string): Promise<void> {}

/** The misses of the last `weeks` weeks, most asked first (coordinators and admins). */
export async function listMisses(
  _queries: Queries,
  _weeks: number,
): Promise<{ words: string; week: string; count: number }[]> {
  return [];
}
