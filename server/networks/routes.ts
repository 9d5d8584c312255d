import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { NetworksService } from './service.js';

export function networksRoutes(router: Router, networks: NetworksService): void {
  route(router, endpoints.networks, ({ query }) => networks.list(query));
  route(router, endpoints.flower, ({ params, query }) => networks.flower(params.id, query.at));
}
