import type { Queries } from '../queries.js';
import { migrate } from './migrations.js';

/** Applies cypher/schema.cypher, statement by statement, in file order, then the migrations not run yet. Idempotent. */
export async function applySchema(queries: Queries): Promise<void> {
  for (const statement of queries.ofFile('schema')) await statement.run();
  await migrate(queries);
}
