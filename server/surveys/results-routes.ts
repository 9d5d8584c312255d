import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { SurveyDeps } from './deps.js';
import { surveyResultsService } from './results.js';

/** A round's results, closing it, and deleting its raw answers (results kept). */
export function surveyResultsRoutes(router: Router, { queries, personFor }: SurveyDeps): void {
  const results = surveyResultsService(queries, personFor);
  route(router, endpoints.roundResults, ({ params, user }) => results.results(params.roundId, user));
  route(router, endpoints.closeRound, ({ params, user }) => results.close(params.roundId, user));
  route(router, endpoints.deleteRoundAnswers, ({ params, user }) => results.deleteAnswers(params.roundId, user));
}
