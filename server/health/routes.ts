import { Router } from 'express';
import { DbBusyError } from '../common/db/index.js';
import { BUSY_RETRY_AFTER_SECONDS, RETRY_AFTER_SECONDS } from '../common/errors.js';
import type { Queries } from '../common/queries.js';

export function healthRoutes(queries: Queries): Router {
  const router = Router();

  // Liveness: the process answers. Never touches the database.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness: Neo4j answers and the schema is in place; a load balancer stops routing here otherwise.
  // While the database is unreachable or stalled this answers 503 within about a second (see
  // DB_DEFAULTS and Db's stall watch) and ready again on the first check after it returns; while
  // this process sheds load, 503 "busy", so a load balancer sends the next requests elsewhere.
  router.get('/ready', async (_req, res) => {
    try {
      const [row] = await queries.readyCheck();
      if (row?.schemaReady === true) {
        res.json({ status: 'ready' });
      } else {
        res.set('Retry-After', String(RETRY_AFTER_SECONDS));
        res.status(503).json({
          status: 'unavailable',
          error: { code: 'schema_missing', message: 'The database schema has not been applied yet.' },
        });
      }
    } catch (err) {
      if (err instanceof DbBusyError) {
        res.set('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
        res.status(503).json({ status: 'busy', error: { code: 'busy', message: 'Ringe is busy right now.' } });
        return;
      }
      res.set('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(503).json({
        status: 'unavailable',
        error: { code: 'unavailable', message: 'The database is not reachable right now.' },
      });
    }
  });
  return router;
}
