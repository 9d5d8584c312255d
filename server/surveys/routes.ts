import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { SurveyDeps } from './deps.js';
import { surveysService } from './service.js';

/** The rounds and answers of surveys (issue 20): networkRounds, openRound, roundForMe, answerRound, roundAnswers, acceptPetal. */
export function surveysRoutes(router: Router, deps: SurveyDeps): void {
  const surveys = surveysService(deps.queries, deps.personFor, deps.setup.retentionDays);
  route(router, endpoints.networkRounds, ({ params, user }) => surveys.networkRounds(user, params.id));
  route(router, endpoints.openRound, ({ params, body, user }) => surveys.openRound(user, params.id, body));
  route(router, endpoints.roundForMe, ({ params, user }) => surveys.roundForMe(user, params.roundId));
  route(router, endpoints.answerRound, ({ params, body, user }) => surveys.answerRound(user, params.roundId, body));
  route(router, endpoints.roundAnswers, ({ params, user }) => surveys.roundAnswers(user, params.roundId));
  route(router, endpoints.acceptPetal, ({ params, body, user }) =>
    surveys.acceptPetal(user, params.roundId, params.textId, body),
  );
}
