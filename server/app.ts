import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Db } from './common/db/index.js';
import { errorHandler, notFoundRoute } from './common/errors.js';
import { methodNotAllowed } from './common/http.js';
import { healthRoutes } from './health/routes.js';
import { CLIENT_DIST } from './common/folders.js';
import { bindQueries } from './common/queries.js';
import { exploreRoutes } from './routes.js';
import { largeImportBodies } from './transfer/routes.js';
import { type SyncSetup, syncService } from './sync/service.js';
import type { SurveySetup } from './surveys/deps.js';
import { attachUser, sameOrigin } from './auth/middleware.js';
import { authRoutes } from './auth/routes.js';
import { meRoutes } from './me/routes.js';
import { meService } from './me/service.js';
import { sessionStore } from './auth/sessions.js';
import { DEV_AUTH, type AuthSettings } from './auth/settings.js';
import {
  cors,
  DEFAULT_HTTP,
  jsonBody,
  requestId,
  requestLog,
  securityHeaders,
  signInLimit,
  writeLimit,
  type HttpSettings,
} from './common/security.js';

export interface AppDeps {
  db: Db;
  log: Logger;
  /** Folder of the built client; served when it exists. */
  clientDir?: string;
  /** Development: Vite's middleware serves the client instead of the built files. */
  clientMiddleware?: RequestHandler;
  /** Sign-in and session settings; the development sign-in by default. */
  auth?: AuthSettings;
  /** Express's "trust proxy", so req.secure and the client's address hold behind a load balancer. */
  trustProxy?: boolean | number | string | undefined;
  /** Rate limits and CORS origins; the defaults of server/config.ts unless given. */
  http?: HttpSettings;
  /** The sources of the organisation (the SYNC_ variables); none configured unless given. */
  sync?: SyncSetup;
  /** Survey mail (SMTP_URL, SMTP_FROM), the answer page's base (PUBLIC_URL) and retention; no mail unless given. */
  surveys?: SurveySetup;
}

/** Builds the Express app without listening, so tests can run it on any port. */
export function createApp({
  db,
  log,
  clientDir = CLIENT_DIST,
  clientMiddleware,
  auth = DEV_AUTH,
  trustProxy,
  http = DEFAULT_HTTP,
  sync = { config: {} },
  surveys,
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  app.set('readRequiresSignIn', auth.readRequiresSignIn);
  app.use(requestId);
  app.use(requestLog(log));
  // The strict policy for the built client; Vite's development middleware needs inline styles and its websocket.
  app.use(securityHeaders({ dev: Boolean(clientMiddleware), https: auth.publicUrl?.startsWith('https:') ?? false }));
  app.use(largeImportBodies);
  app.use(jsonBody('100kb'));

  const bound = bindQueries(db);
  const sessions = sessionStore(bound, auth);
  const api = express.Router();
  api.use(cors(http.corsOrigins));
  api.use(healthRoutes(bound));
  api.use(sameOrigin(auth.publicUrl));
  api.use(signInLimit(http));
  api.use(attachUser(sessions));
  api.use(writeLimit(http));
  const me = meService(bound);
  authRoutes(api, sessions, auth, me.personFor);
  meRoutes(api, me);
  api.use(exploreRoutes(bound, syncService(db, bound, sync), surveys));
  api.use(methodNotAllowed(api));
  api.use(notFoundRoute);
  app.use('/api', api);

  if (clientMiddleware) {
    app.use(clientMiddleware);
  } else if (existsSync(join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // The client routes itself; any other GET gets its page.
    app.get('/{*path}', (_req, res) => res.sendFile(join(clientDir, 'index.html')));
  }
  app.use(notFoundRoute);
  app.use(errorHandler(log));
  return app;
}
