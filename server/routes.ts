import { Router } from 'express';
import { brokersRoutes } from './brokers/routes.js';
import { brokersService } from './brokers/service.js';
import { contactsRoutes } from './contacts/routes.js';
import { contactsService } from './contacts/service.js';
import { coordinationRoutes } from './coordination/routes.js';
import { coordinationService } from './coordination/service.js';
import { editRoutes } from './edit/routes.js';
import { editService } from './edit/service.js';
import { graphRoutes } from './graph/routes.js';
import { graphService } from './graph/service.js';
import { historyRoutes } from './history/routes.js';
import { historyService } from './history/service.js';
import { networksRoutes } from './networks/routes.js';
import { networksService } from './networks/service.js';
import { nodesRoutes } from './nodes/routes.js';
import { nodesService } from './nodes/service.js';
import { openApiDocument } from './common/openapi/document.js';
import { pathsRoutes } from './paths/routes.js';
import { pathsService } from './paths/service.js';
import { privacyRoutes } from './privacy/routes.js';
import { privacyService } from './privacy/service.js';
import type { Queries } from './common/queries.js';
import { reportRoutes } from './report/routes.js';
import { reportService } from './report/service.js';
import { rippleRoutes } from './ripple/routes.js';
import { rippleService } from './ripple/service.js';
import { ringsRoutes } from './rings/routes.js';
import { ringsService } from './rings/service.js';
import { searchRoutes } from './search/routes.js';
import { searchService } from './search/service.js';
import { meService } from './me/service.js';
import { DEFAULT_SURVEY_SETUP, type SurveySetup } from './surveys/deps.js';
import { surveyMailRoutes } from './surveys/mail-routes.js';
import { surveyResultsRoutes } from './surveys/results-routes.js';
import { surveysRoutes } from './surveys/routes.js';
import { syncRoutes } from './sync/routes.js';
import type { SyncService } from './sync/service.js';
import { transferRoutes } from './transfer/routes.js';
import { transferService } from './transfer/service.js';
import { trendsRoutes } from './trends/routes.js';
import { trendsService } from './trends/service.js';

/** The explore API: every feature's routes on one router, services built once at start (the sync service by the app, from its configuration). */
export function exploreRoutes(
  queries: Queries,
  sync: SyncService,
  surveySetup: SurveySetup = DEFAULT_SURVEY_SETUP,
): Router {
  const router = Router();
  const nodes = nodesService(queries);
  searchRoutes(router, searchService(queries), queries);
  nodesRoutes(router, nodes);
  pathsRoutes(router, pathsService(queries, nodes));
  contactsRoutes(router, contactsService(queries, nodes));
  networksRoutes(router, networksService(queries));
  coordinationRoutes(router, coordinationService(queries));
  graphRoutes(router, graphService(queries));
  ringsRoutes(router, ringsService(queries));
  editRoutes(router, editService(queries));
  historyRoutes(router, historyService(queries));
  transferRoutes(router, transferService(queries));
  privacyRoutes(router, privacyService(queries));
  rippleRoutes(router, rippleService(queries));
  brokersRoutes(router, brokersService(queries));
  trendsRoutes(router, trendsService(queries));
  reportRoutes(router, reportService(queries));
  syncRoutes(router, sync);
  const surveys = { queries, personFor: meService(queries).personFor, setup: surveySetup };
  surveysRoutes(router, surveys);
  surveyResultsRoutes(router, surveys);
  surveyMailRoutes(router, surveys);

  const openapi = openApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  return router;
}
