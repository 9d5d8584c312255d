import type { Db } from './index.js';
import { migrate } from './migrations.js';
import type { QueryTexts as Queries } from '../queries.js';

/** Applies cypher/schema.cypher, statement by statement, in file order, then the migrations not run yet. Idempotent. */
export async function applySchema(db: Db, queries: Queries): Promise<void> {
  for (const q of queries.fromFile('schema.cypher')) {
    await db.write(q.text);
  }
  await migrate(db, queries);
}
