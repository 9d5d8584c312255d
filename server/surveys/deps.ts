import type { Config } from '../common/config.js';
import type { Queries } from '../common/queries.js';
import type { PersonFor } from '../me/service.js';

/** How surveys reach people: SMTP when configured, else a link to share; how long raw answers are kept. */
export interface SurveySetup {
  /** SMTP_URL and SMTP_FROM; without them invitations are shared as a link and QR code. */
  smtp?: { url: string; from: string } | undefined;
  /** PUBLIC_URL, the base of the answer page's link; the request's origin when not set. */
  publicUrl?: string | undefined;
  /** SURVEY_RETENTION_DAYS: how long a closed round's raw answers are kept (told to participants). */
  retentionDays: number;
}

export interface SurveyDeps {
  queries: Queries;
  personFor: PersonFor;
  setup: SurveySetup;
}

export const DEFAULT_SURVEY_SETUP: SurveySetup = { retentionDays: 365 };

/** The survey setup from the checked configuration (loadConfig refuses one of SMTP_URL and SMTP_FROM without the other). */
export function surveySetupFrom(config: Config): SurveySetup {
  return {
    smtp: config.SMTP_URL && config.SMTP_FROM ? { url: config.SMTP_URL, from: config.SMTP_FROM } : undefined,
    publicUrl: config.PUBLIC_URL,
    retentionDays: config.SURVEY_RETENTION_DAYS,
  };
}
