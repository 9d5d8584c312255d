import { Router } from 'express';
import type { Db } from '../db/index.js';
import { RETRY_AFTER_SECONDS } from '../errors.js';
import type { Queries } from '../queries.js';

export function healthRoutes(db: Db, queries: Queries): Router {
  const router = Router();
  const readyCheck = queries.get('readyCheck');

  // Liveness: the process answers. Never touches the database.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness: Neo4j answers and the schema is in place; a load balancer stops routing here otherwise.
  // While the database is unreachable this answers 503 within the driver's fail-fast budget
  // (about a second, see DB_DEFAULTS) and ready again on the first check after it returns.
  router.get('/ready', async (_req, res) => {
    try {
      const [row] = await db.read(readyCheck);
      if (row?.schemaReady === true) {
        res.json({ status: 'ready' });
      } else {
        res.set('Retry-After', String(RETRY_AFTER_SECONDS));
        res.status(503).json({ status: 'unavailable', error: { code: 'schema_missing', message: 'The database schema has not been applied yet.' } });
      }
    } catch {
      res.set('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(503).json({ status: 'unavailable', error: { code: 'unavailable', message: 'The database is not reachable right now.' } });
    }
  });
  return router;
}
