import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { refuseCpr, route } from '../common/http.js';
import type { MeService } from './service.js';

/** The admin's links from users to their Person (who am I); GET /api/auth/me answers the Person itself (server/auth/routes.ts). */
export function meRoutes(router: Router, me: MeService): void {
  route(router, endpoints.userLinks, async () => ({ links: await me.links() }));
  route(router, endpoints.setUserLink, async ({ params, body, user }) => {
    // The subject is typed by the admin and stored, but comes in the path, which the route's
    // guard does not read; removing a link stores nothing, so an old one can always go.
    if (body.personId !== null) refuseCpr({ sub: params.sub });
    return { link: await me.setLink(params.sub, body.personId, user!.sub) };
  });
}
