import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import { signedIn } from '../edit/service.js';
import type { SyncService } from './service.js';

/** The "Datakilder" admin page's API: admins only (each endpoint says so in api/sync.ts). A run while another holds the lease is the engine's SyncBusyError: 409. */
export function syncRoutes(router: Router, sync: SyncService): void {
  route(router, endpoints.syncSources, () => sync.sources());
  route(router, endpoints.syncPreview, ({ params, user }) => sync.preview(params.name, signedIn(user).name));
  route(router, endpoints.syncRun, ({ params, body, user }) =>
    sync.run(params.name, signedIn(user).name, body.force ?? false),
  );
  route(router, endpoints.syncRuns, async ({ params, query }) => ({ runs: await sync.runs(params.name, query.limit) }));
  route(router, endpoints.syncHrMapping, ({ query }) => sync.hrMapping(query.sheet));
  route(router, endpoints.setSyncHrMapping, ({ body }) => sync.setHrMapping(body));
  route(router, endpoints.syncUnits, () => sync.units());
  route(router, endpoints.setSyncUnitDepartment, ({ params, body, user }) =>
    sync.setUnitDepartment(params.id, body.departmentId, signedIn(user)),
  );
}
