import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { get } from '../http.js';
import type { NetworksService } from './service.js';

export function networksRoutes(router: Router, networks: NetworksService): void {
  get(router, endpoints.networks, ({ query }) => networks.list(query));
  get(router, endpoints.flower, ({ params }) => networks.flower(params.id));
}
