import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { MeService } from './service.js';

/** The admin's links from users to their Person (who am I); GET /api/auth/me answers the Person itself (server/auth/routes.ts). */
export function meRoutes(router: Router, me: MeService): void {
  route(router, endpoints.userLinks, async () => ({ links: await me.links() }));
  route(router, endpoints.setUserLink, async ({ params, body, user }) => ({
    link: await me.setLink(params.sub, body.personId, user!.sub),
  }));
}
