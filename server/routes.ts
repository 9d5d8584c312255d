import { Router } from 'express';
import type { Db } from './db/index.js';
import { nodesRoutes } from './nodes/routes.js';
import { nodesService } from './nodes/service.js';
import { openApiDocument } from './openapi/document.js';
import type { Queries } from './queries.js';
import { ringsRoutes } from './rings/routes.js';
import { ringsService } from './rings/service.js';
import { searchRoutes } from './search/routes.js';
import { searchService } from './search/service.js';

/** The explore API: every feature's routes on one router, services built once at start. */
export function exploreRoutes(db: Db, queries: Queries): Router {
  const router = Router();
  const nodes = nodesService(db, queries);
  searchRoutes(router, searchService(db, queries));
  nodesRoutes(router, nodes);
  ringsRoutes(router, ringsService(db, queries, nodes));

  const openapi = openApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  return router;
}
