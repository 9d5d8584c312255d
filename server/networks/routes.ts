import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { signedIn } from '../edit/service.js';
import { route } from '../common/http.js';
import type { NetworksService } from './service.js';

export function networksRoutes(router: Router, networks: NetworksService): void {
  // Before /networks/{id}/…, though no route of one segment after /networks takes an id today.
  route(router, endpoints.networksWithLeavers, () => networks.networksWithLeavers());
  route(router, endpoints.networks, ({ query }) => networks.list(query));
  route(router, endpoints.flower, ({ params, query }) => networks.flower(params.id, query.at));
  route(router, endpoints.networkLeavers, ({ params }) => networks.networkLeavers(params.id));
  route(router, endpoints.handover, ({ params, body, user }) => networks.handover(signedIn(user), params.id, body));
}
