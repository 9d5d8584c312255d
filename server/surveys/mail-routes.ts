import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { UnauthenticatedError } from '../auth/middleware.js';
import { HttpError } from '../common/errors.js';
import { route } from '../common/http.js';
import type { SurveyDeps } from './deps.js';
import { surveyLink, surveyMail, surveyShare } from './mail.js';
import { surveysService } from './service.js';

/** Invitations and reminders by e-mail, and the link and QR code to share (issue 20): roundInvitations, roundShare; for a round's managers only. */
export function surveyMailRoutes(router: Router, deps: SurveyDeps): void {
  const { canManage } = surveysService(deps.queries, deps.personFor, deps.setup.retentionDays);
  const mail = surveyMail(deps.queries, deps.setup);
  const notManager = (what: string) =>
    new HttpError(403, 'forbidden', `Only coordinators and the network's own leaders ${what}, and you are neither.`);

  route(router, endpoints.roundInvitations, async ({ params, body, user, origin }) => {
    if (!user) throw new UnauthenticatedError();
    const round = await mail.round(params.roundId);
    if (!(await canManage(user, round.id))) throw notManager("send a survey round's invitations and reminders");
    return mail.send(round, body.kind, origin);
  });

  route(router, endpoints.roundShare, async ({ params, user, origin }) => {
    const round = await mail.round(params.roundId);
    if (!(await canManage(user, round.id))) throw notManager("share a survey round's link");
    return surveyShare(surveyLink(deps.setup.publicUrl, origin, round.id));
  });
}
