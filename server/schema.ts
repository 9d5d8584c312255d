import type { Db } from './db/index.js';
import type { Queries } from './queries.js';

/** Applies cypher/schema.cypher, statement by statement, in file order. Idempotent. */
export async function applySchema(db: Db, queries: Queries): Promise<void> {
  for (const q of queries.fromFile('schema.cypher')) {
    await db.write(q.text);
  }
}
