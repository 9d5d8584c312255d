import { Router } from 'express';
import type { Db } from '../db/index.js';
import type { Queries } from '../queries.js';

export function healthRoutes(db: Db, queries: Queries): Router {
  const router = Router();
  const readyCheck = queries.get('readyCheck');

  // Liveness: the process answers. Never touches the database.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness: Neo4j answers and the schema is in place; a load balancer stops routing here otherwise.
  router.get('/ready', async (_req, res) => {
    try {
      const [row] = await db.read(readyCheck);
      if (row?.schemaReady === true) {
        res.json({ status: 'ready' });
      } else {
        res.status(503).json({ status: 'unavailable', error: { code: 'schema_missing', message: 'The database schema has not been applied yet.' } });
      }
    } catch {
      res.status(503).json({ status: 'unavailable', error: { code: 'unavailable', message: 'The database is not reachable right now.' } });
    }
  });
  return router;
}
