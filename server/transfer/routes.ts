import express, { type Request, type RequestHandler, type Router } from 'express';
import type { z } from 'zod';
import type { Endpoint } from '../../api/endpoints.js';
import { endpoints } from '../../api/endpoints.js';
import { today } from '../../api/common.js';
import { canonicalJson, IMPORT_BODY_LIMIT } from '../../api/transfer.js';
import { readCookie, SESSION_COOKIE } from '../auth/cookies.js';
import { requireRole } from '../auth/middleware.js';
import { parse, route } from '../common/http.js';
import { jsonBody } from '../common/security.js';
import { decodeCsvBytes } from './csv.js';
import type { TransferService } from './service.js';

interface Download {
  body: string;
  contentType: string;
  filename: string;
}

/**
 * route() for answers that are files, not JSON: the same role guard and zod parsing of path and
 * query, then the body with its Content-Type and a Content-Disposition to save it under.
 */
function download<E extends Endpoint>(
  router: Router,
  endpoint: E,
  handler: (input: { params: E['params'] extends z.ZodType ? z.infer<E['params']> : object }) => Promise<Download>,
): void {
  if (endpoint.method !== 'get' || !endpoint.role || endpoint.role === 'public') {
    throw new Error(`${endpoint.path}: a download is a GET that names its role.`);
  }
  const expressPath = endpoint.path.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1');
  router.get(expressPath, requireRole(endpoint.role), async (req: Request, res) => {
    const params = parse(endpoint.params, req.params, 'path') as E['params'] extends z.ZodType
      ? z.infer<E['params']>
      : object;
    parse(endpoint.query, req.query, 'query');
    const file = await handler({ params: params as never });
    res.attachment(file.filename);
    res.set({ 'Content-Type': file.contentType, 'Cache-Control': 'no-store' });
    res.send(file.body);
  });
}

/**
 * The graph import may be up to IMPORT_BODY_LIMIT, while the app-wide JSON parser takes 100 kB:
 * registered in app.ts before that parser, this reads the body of POST /api/import/json only
 * (and only with a session cookie, so an anonymous caller never makes the server read 20 MB;
 * the role itself is checked by the route as always).
 */
const graphJson = jsonBody(IMPORT_BODY_LIMIT);
export const largeImportBodies: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && req.path === '/api/import/json' && readCookie(req, SESSION_COOKIE))
    return graphJson(req, res, next);
  next();
};

/** A CSV body as text, whatever its encoding (UTF-8 with or without BOM, or Windows-1252). */
const csvBody: RequestHandler[] = [
  express.raw({ type: () => true, limit: IMPORT_BODY_LIMIT }),
  (req, _res, next) => {
    if (Buffer.isBuffer(req.body)) req.body = decodeCsvBytes(req.body);
    next();
  },
];

export function transferRoutes(router: Router, transfer: TransferService): void {
  download(router, endpoints.exportJson, async () => ({
    // Keys sorted at every level: the file's own SHA-256 is the graph's canonical hash.
    body: canonicalJson(await transfer.exportGraph()),
    contentType: 'application/json; charset=utf-8',
    filename: `ringe-graph-${today()}.json`,
  }));
  download(router, endpoints.exportCsv, async ({ params }) => ({
    body: await transfer.exportCsv(params.kind),
    contentType: 'text/csv; charset=utf-8',
    filename: `ringe-${params.kind}-${today()}.csv`,
  }));
  download(router, endpoints.exportGraphml, async () => ({
    body: await transfer.exportGraphml(),
    contentType: 'application/graphml+xml; charset=utf-8',
    filename: `ringe-graph-${today()}.graphml`,
  }));

  route(router, endpoints.importJson, ({ body, query, user }) => transfer.importJson(body, query, user!));
  // The role is checked before the body is read; route() checks it again and parses the query.
  router.post('/import/csv', requireRole(endpoints.importCsv.role), ...csvBody);
  route(router, endpoints.importCsv, ({ body, query, user }) => transfer.importCsv(body, query, user!));
}
