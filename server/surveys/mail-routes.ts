import type { Router } from 'express';
import type { SurveyDeps } from './deps.js';

// Stub by the lead (issue 20 contract); its owner registers the endpoints here.
export function surveyMailRoutes(_router: Router, _deps: SurveyDeps): void {}
